"""Nothing half-done: a service that fails part-way leaves the database as it was.

Each service is first run and rolled back to count its writes (every INSERT, UPDATE
and DELETE, history included); then it is run again with a failure injected right
after its last write, and every table of both apps must be exactly as before.
"""

import datetime
import inspect

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

from inspections import services as inspection_services
from inspections.choices import InspectionKind, Tier
from inspections.importer import parse_text
from inspections.models import Inspection
from recommendations import importing, services
from recommendations.choices import (
    ActionStatus,
    Outcome,
    RecommendationStatus,
    Timescale,
)
from recommendations.models import Action, Evidence, Recommendation, Team
from tests.factories import InspectionFactory
from tests.routes import REPORT_TEXT
from tests.scenarios import build_scenario


class InjectedFailure(Exception):
    pass


class DryRun(Exception):
    pass


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def open_recommendation(s):
    return Recommendation.objects.filter(
        inspection__authority__name__startswith="ZEMBLA", status="in_progress"
    ).first()


def moved_inspection(s):
    inspection = fresh(open_recommendation(s).inspection)
    inspection.published_on += datetime.timedelta(days=10)
    return inspection


def closed_recommendation(s):
    return Recommendation.objects.get(
        inspection__authority__name__startswith="ZEMBLA",
        status=RecommendationStatus.CLOSED,
    )


def later_inspection(s):
    earlier = open_recommendation(s).inspection
    return Inspection.objects.filter(authority=earlier.authority).latest("pk")


def implemented_with_a_new_action(s):
    """Implemented, then given an action as the admin gives one (no service)."""
    recommendation = open_recommendation(s)
    action = Action.objects.get(recommendation=recommendation)
    services.set_action_status(action=action, status=ActionStatus.DONE, user=s.manager)
    services.mark_implemented(recommendation=recommendation, user=s.manager)
    Action.objects.create(recommendation=recommendation, description="One more")


# Writes that put the data in the state a case needs, before the snapshot.
SETUP = {
    "recheck_implemented": implemented_with_a_new_action,
    "mark_implemented": lambda s: services.set_action_status(
        action=Action.objects.get(recommendation=open_recommendation(s)),
        status=ActionStatus.DONE,
        user=s.manager,
    ),
    "recompute_due_dates": lambda s: Inspection.objects.filter(
        pk=open_recommendation(s).inspection_id
    ).update(published_on=moved_inspection(s).published_on),
    "review_earlier_recommendations": lambda s: InspectionFactory(
        authority=open_recommendation(s).inspection.authority,
        published_on=open_recommendation(s).inspection.published_on
        + datetime.timedelta(days=365),
    ),
    "revoke_calendar_feed": lambda s: services.create_calendar_feed(user=s.manager),
}
CASES = {
    "create_recommendation": lambda s: services.create_recommendation(
        inspection=fresh(open_recommendation(s).inspection),
        text="A new recommendation",
        timescale=Timescale.SIX_MONTHS,
        user=s.manager,
    ),
    "recompute_due_dates": lambda s: services.recompute_due_dates(
        inspection=fresh(open_recommendation(s).inspection), user=s.manager
    ),
    "save_inspection": lambda s: services.save_inspection(
        inspection=moved_inspection(s), user=s.manager
    ),
    "revise_due_date": lambda s: services.revise_due_date(
        recommendation=open_recommendation(s),
        due_date=open_recommendation(s).due_date + datetime.timedelta(days=30),
        reason="Waiting for the new system",
        user=s.manager,
    ),
    "mark_implemented": lambda s: services.mark_implemented(
        recommendation=open_recommendation(s), user=s.manager
    ),
    "recheck_implemented": lambda s: services.recheck_implemented(
        recommendation=Recommendation.objects.get(
            inspection__authority__name__startswith="ZEMBLA",
            status=RecommendationStatus.IMPLEMENTED,
        ),
        user=s.manager,
    ),
    "add_action": lambda s: services.add_action(
        recommendation=open_recommendation(s), description="New step", user=s.manager
    ),
    "set_action_status": lambda s: services.set_action_status(
        action=Action.objects.get(recommendation=open_recommendation(s)),
        status=ActionStatus.BLOCKED,
        reason="Waiting for the partner agency",
        user=s.manager,
    ),
    "update_action": lambda s: services.update_action(
        action=Action.objects.get(recommendation=open_recommendation(s)),
        description="Reworded step",
        user=s.manager,
    ),
    "add_note": lambda s: services.add_note(
        recommendation=open_recommendation(s), body="Progress", user=s.manager
    ),
    "add_evidence": lambda s: services.add_evidence(
        recommendation=open_recommendation(s),
        description="Board minutes",
        file=SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n"),
        user=s.manager,
    ),
    "withdraw_evidence": lambda s: services.withdraw_evidence(
        evidence=Evidence.objects.get(recommendation=open_recommendation(s)),
        reason="Wrong file",
        user=s.manager,
    ),
    "record_closeout": lambda s: services.record_closeout(
        recommendation=open_recommendation(s), outcome=Outcome.MET, user=s.manager
    ),
    "create_inspection": lambda s: inspection_services.create_inspection(
        authority=fresh(open_recommendation(s).inspection.authority),
        kind=InspectionKind.FOCUSED_VISIT,
        published_on=datetime.date(2026, 3, 6),
        user=s.manager,
    ),
    "add_judgement": lambda s: inspection_services.add_judgement(
        inspection=fresh(open_recommendation(s).inspection),
        area="Leadership",
        grade="Good",
        tier=Tier.GOOD,
        user=s.manager,
    ),
    "assign_recommendations": lambda s: services.assign_recommendations(
        recommendations=[open_recommendation(s)],
        team=Team.objects.get(authority=open_recommendation(s).inspection.authority),
        owner=s.officer,
        user=s.manager,
    ),
    "review_earlier_recommendations": lambda s: services.review_earlier_recommendations(
        inspection=later_inspection(s),
        verdicts=[
            services.Verdict(recommendation=open_recommendation(s), outcome=Outcome.MET)
        ],
        user=s.manager,
    ),
    "reopen_recommendation": lambda s: services.reopen_recommendation(
        recommendation=closed_recommendation(s),
        reason="Closed by mistake",
        user=s.manager,
    ),
    "set_reminder_preference": lambda s: services.set_reminder_preference(
        user=s.manager, digests_enabled=False
    ),
    "set_authority_reminders": lambda s: services.set_authority_reminders(
        authority=open_recommendation(s).inspection.authority,
        enabled=False,
        user=s.manager,
    ),
    "create_calendar_feed": lambda s: services.create_calendar_feed(user=s.manager),
    "revoke_calendar_feed": lambda s: services.revoke_calendar_feed(user=s.manager),
    "save_draft": lambda s: importing.save_draft(
        draft=parse_text(REPORT_TEXT.read_text()),
        authority=open_recommendation(s).inspection.authority,
        report_file=SimpleUploadedFile("report.txt", b"The report"),
        user=s.manager,
    ),
}


def transactional_services():
    """Public functions of the service modules that run in a transaction."""
    found = {}
    for module in (services, inspection_services, importing):
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if (
                function.__module__ == module.__name__
                and not name.startswith("_")
                and hasattr(function, "__wrapped__")
            ):
                found[name] = function
    return found


def snapshot():
    models = [
        *apps.get_app_config("inspections").get_models(),
        *apps.get_app_config("recommendations").get_models(),
        get_user_model(),
    ]
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in models
    }


WRITES = ("INSERT", "UPDATE", "DELETE")


def is_write(sql: str) -> bool:
    return sql.lstrip().upper().startswith(WRITES)


def count_writes(case, scenario) -> int:
    writes = []

    def counting(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if is_write(sql):
            writes.append(sql)
        return result

    with pytest.raises(DryRun), transaction.atomic():
        with connection.execute_wrapper(counting):
            case(scenario)
        raise DryRun
    return len(writes)


def test_every_transactional_service_has_an_injected_failure_case():
    assert set(transactional_services()) == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_failure_after_the_last_write_leaves_the_database_unchanged(db, name):
    scenario = build_scenario()
    if name in SETUP:
        SETUP[name](scenario)
    case = CASES[name]
    total = count_writes(case, scenario)
    assert total >= 1
    before = snapshot()
    writes = []

    def failing(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if is_write(sql):
            writes.append(sql)
            if len(writes) == total:
                raise InjectedFailure(f"after write {total} of {name}")
        return result

    with pytest.raises(InjectedFailure), connection.execute_wrapper(failing):
        case(scenario)
    assert len(writes) == total
    assert snapshot() == before
