import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inspections.services import save_with_history
from recommendations import services, tallies
from recommendations.choices import (
    ActionStatus,
    Outcome,
    RecommendationStatus,
    Timescale,
)
from recommendations.models import DueDateRevision, Note, Recommendation
from tests.factories import (
    ActionFactory,
    EvidenceFactory,
    InspectionFactory,
    RecommendationFactory,
    UserFactory,
)

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def rec(inspection, team):
    return RecommendationFactory(inspection=inspection, team=team)


def last_history(obj):
    return obj.history.order_by("-history_id").first()


def test_create_recommendation_counts_due_dates_from_publication(authority, superuser):
    inspection = InspectionFactory(
        authority=authority,
        started_on=datetime.date(2010, 4, 12),
        ended_on=datetime.date(2010, 4, 23),
        published_on=datetime.date(2010, 5, 24),
    )
    rec = services.create_recommendation(
        inspection=inspection,
        text="Improve supervision.",
        user=superuser,
        timescale=Timescale.THREE_MONTHS,
    )
    assert rec.original_due_date == rec.due_date == datetime.date(2010, 8, 24)
    assert last_history(rec).history_user == superuser


def test_unspecified_timescale_gives_no_due_date(inspection, superuser):
    rec = services.create_recommendation(
        inspection=inspection,
        text="Areas for development.",
        user=superuser,
    )
    assert rec.due_date is None and rec.original_due_date is None


def test_changing_inspection_dates_recounts_every_recommendations_due_dates(
    inspection, superuser, manager
):
    """Finished ones too: whether one was implemented on time is judged against
    its original due date, which the report's dates give."""
    live = RecommendationFactory(inspection=inspection, timescale=Timescale.SIX_MONTHS)
    done = RecommendationFactory(inspection=inspection, timescale=Timescale.SIX_MONTHS)
    EvidenceFactory(recommendation=done, added_by=manager)
    services.mark_implemented(
        recommendation=done, user=manager, implemented_on=datetime.date(2012, 2, 20)
    )
    inspection.published_on = datetime.date(2011, 8, 31)
    services.save_inspection(inspection=inspection, user=superuser)
    live.refresh_from_db()
    done.refresh_from_db()
    assert live.due_date == live.original_due_date == datetime.date(2012, 2, 29)
    assert done.due_date == done.original_due_date == datetime.date(2012, 2, 29)
    assert done.status == RecommendationStatus.IMPLEMENTED
    assert last_history(done).history_change_reason == (
        "Due date recounted from inspection dates"
    )
    assert tallies.differences() == []  # now on time, and counted so


def test_recount_keeps_a_managers_revision(inspection, manager):
    rec = RecommendationFactory(inspection=inspection, timescale=Timescale.SIX_MONTHS)
    revised_to = rec.due_date + datetime.timedelta(days=90)
    services.revise_due_date(
        recommendation=rec, due_date=revised_to, reason="Agreed", user=manager
    )
    inspection.published_on = datetime.date(2011, 8, 31)
    services.save_inspection(inspection=inspection, user=manager)
    rec.refresh_from_db()
    assert rec.original_due_date == datetime.date(2012, 2, 29)
    assert rec.due_date == revised_to


def test_revise_due_date_keeps_the_original_and_the_reason(rec, manager):
    original = rec.due_date
    services.revise_due_date(
        recommendation=rec,
        due_date=original.replace(year=2099),
        reason="New system delayed",
        user=manager,
    )
    rec.refresh_from_db()
    assert rec.original_due_date == original
    assert rec.due_date.year == 2099
    revision = DueDateRevision.objects.get(recommendation=rec)
    assert (revision.previous_due_date, revision.reason) == (
        original,
        "New system delayed",
    )
    assert (
        last_history(rec).history_change_reason
        == "Due date revised: New system delayed"
    )


def test_revise_due_date_needs_a_reason(rec, manager):
    with pytest.raises(ValidationError) as error:
        services.revise_due_date(
            recommendation=rec,
            due_date=datetime.date(2099, 1, 1),
            reason="  ",
            user=manager,
        )
    assert "reason" in error.value.message_dict


def test_officers_cannot_revise_due_dates(rec, officer):
    with pytest.raises(PermissionDenied):
        services.revise_due_date(
            recommendation=rec,
            due_date=datetime.date(2099, 1, 1),
            reason="Because",
            user=officer,
        )


def test_starting_an_action_puts_the_recommendation_in_progress(rec, officer):
    action = ActionFactory(recommendation=rec, owner=officer)
    services.set_action_status(
        action=action, status=ActionStatus.IN_PROGRESS, user=officer
    )
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.IN_PROGRESS


def test_done_records_the_completion_date(rec, officer):
    action = ActionFactory(recommendation=rec, owner=officer)
    day = datetime.date(2026, 3, 2)
    services.set_action_status(
        action=action, status=ActionStatus.DONE, user=officer, today=day
    )
    action.refresh_from_db()
    assert action.completed_on == day


def test_blocked_needs_a_reason_which_becomes_a_note(rec, officer):
    action = ActionFactory(recommendation=rec, owner=officer)
    with pytest.raises(ValidationError):
        services.set_action_status(
            action=action, status=ActionStatus.BLOCKED, user=officer
        )
    services.set_action_status(
        action=action,
        status=ActionStatus.BLOCKED,
        user=officer,
        reason="Waiting for IT",
    )
    assert "Waiting for IT" in Note.objects.get(recommendation=rec).body


def test_a_stale_version_is_refused_and_nothing_changes(rec, officer):
    action = ActionFactory(recommendation=rec, owner=officer)
    services.set_action_status(
        action=action, status=ActionStatus.IN_PROGRESS, user=officer, expected_version=1
    )
    with pytest.raises(services.EditConflict):
        services.set_action_status(
            action=action, status=ActionStatus.DONE, user=officer, expected_version=1
        )
    action.refresh_from_db()
    assert (action.status, action.version) == (ActionStatus.IN_PROGRESS, 2)


def test_a_status_change_queries_no_row_it_already_holds(rec, officer):
    """The lock reads the action with its recommendation and inspection, and
    validation does not query again for rows the service holds (issue 9)."""
    action = ActionFactory(recommendation=rec, owner=officer, team=rec.team)
    with CaptureQueriesContext(connection) as queries:
        services.set_action_status(
            action=action, status=ActionStatus.BLOCKED, user=officer, reason="IT"
        )
    sql = [q["sql"] for q in queries.captured_queries]
    exists = [s for s in sql if s.startswith('SELECT 1 AS "a"')]
    assert exists == [], exists
    # The recommendation's lock first (the order every service locks in), the
    # action's (joined to its recommendation, inspection, owner and team), and the
    # officer's authorities and teams: nothing read lazily.
    reads = [s for s in sql if s.startswith("SELECT") and "_check" not in s]
    assert [s.split(" FROM ")[1].split()[0].strip('"') for s in reads] == [
        "recommendations_recommendation",
        "recommendations_action",
        "inspections_membership",
        "recommendations_team",
    ]


def test_validation_still_refuses_a_foreign_key_to_a_missing_row(rec, officer):
    note = Note(recommendation_id=rec.pk + 1000, author=officer, body="Lost")
    with pytest.raises(ValidationError) as refused:
        save_with_history(note, user=officer)
    assert "recommendation" in refused.value.message_dict
    assert not Note.objects.exists()


def test_officers_of_another_team_cannot_change_actions(rec, authority):
    from inspections.models import Membership

    stranger = UserFactory()
    Membership.objects.create(user=stranger, authority=authority, role="officer")
    action = ActionFactory(recommendation=rec)
    with pytest.raises(PermissionDenied):
        services.set_action_status(
            action=action, status=ActionStatus.DONE, user=stranger
        )


def test_implemented_needs_evidence(rec, officer):
    with pytest.raises(ValidationError, match="evidence"):
        services.mark_implemented(recommendation=rec, user=officer)


def test_implemented_needs_every_action_finished(rec, officer):
    EvidenceFactory(recommendation=rec)
    ActionFactory(recommendation=rec)
    with pytest.raises(ValidationError, match="Finish or cancel \u201c"):
        services.mark_implemented(recommendation=rec, user=officer)


def test_implemented_records_the_date(rec, officer):
    EvidenceFactory(recommendation=rec)
    ActionFactory(recommendation=rec, done=True)
    ActionFactory(recommendation=rec, status=ActionStatus.CANCELLED)
    services.mark_implemented(
        recommendation=rec, user=officer, implemented_on=datetime.date(2026, 1, 5)
    )
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.IMPLEMENTED
    assert rec.implemented_on == datetime.date(2026, 1, 5)


def test_withdrawn_evidence_does_not_count_and_is_kept(rec, officer):
    evidence = EvidenceFactory(recommendation=rec)
    services.withdraw_evidence(evidence=evidence, user=officer, reason="Wrong file")
    evidence.refresh_from_db()
    assert evidence.is_withdrawn and evidence.withdrawal_reason == "Wrong file"
    with pytest.raises(ValidationError, match="evidence"):
        services.mark_implemented(recommendation=rec, user=officer)


def test_withdrawing_an_actions_evidence_reads_nothing_lazily(rec, officer):
    action = ActionFactory(recommendation=rec, owner=officer, team=rec.team)
    evidence = EvidenceFactory(recommendation=rec, action=action)
    with CaptureQueriesContext(connection) as queries:
        services.withdraw_evidence(evidence=evidence, user=officer, reason="Wrong")
    reads = [
        q["sql"].split(" FROM ")[1].split()[0].strip('"')
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and "_check" not in q["sql"]
    ]
    # The locks (the recommendation's, then the evidence's with its action,
    # recommendation and inspection) and the officer's authorities and teams for
    # the permission check.
    assert reads == [
        "recommendations_recommendation",
        "recommendations_evidence",
        "inspections_membership",
        "recommendations_team",
    ]


@pytest.fixture
def implemented(rec, manager):
    """Implemented, with one finished action and one piece of evidence."""
    ActionFactory(recommendation=rec, done=True, team=rec.team)
    EvidenceFactory(recommendation=rec)
    return services.mark_implemented(recommendation=rec, user=manager)


def test_withdrawing_the_last_evidence_makes_an_implemented_recommendation_live(
    implemented, manager
):
    """ "Implemented" needs evidence: without any it is in progress again."""
    (evidence,) = implemented.evidence.all()
    services.withdraw_evidence(evidence=evidence, user=manager, reason="Wrong file")
    implemented.refresh_from_db()
    assert implemented.status == RecommendationStatus.IN_PROGRESS
    assert implemented.implemented_on is None
    assert last_history(implemented).history_change_reason == (
        "Its last evidence was withdrawn: no longer implemented"
    )


def test_withdrawing_one_of_two_pieces_of_evidence_keeps_it_implemented(
    implemented, manager
):
    EvidenceFactory(recommendation=implemented)
    evidence = implemented.evidence.first()
    services.withdraw_evidence(evidence=evidence, user=manager, reason="Duplicate")
    implemented.refresh_from_db()
    assert implemented.status == RecommendationStatus.IMPLEMENTED


def test_a_new_action_on_an_implemented_recommendation_makes_it_live(
    implemented, manager
):
    """ "Implemented" needs every action done or cancelled."""
    services.add_action(recommendation=implemented, description="More", user=manager)
    implemented.refresh_from_db()
    assert implemented.status == RecommendationStatus.IN_PROGRESS
    assert implemented.implemented_on is None


@pytest.mark.parametrize(
    ("status", "now"),
    [
        (ActionStatus.IN_PROGRESS, RecommendationStatus.IN_PROGRESS),
        (ActionStatus.BLOCKED, RecommendationStatus.IN_PROGRESS),
        # Its only action not started: nothing has started, so open.
        (ActionStatus.NOT_STARTED, RecommendationStatus.OPEN),
    ],
)
def test_an_action_taken_up_again_makes_an_implemented_recommendation_live(
    implemented, manager, status, now
):
    action = implemented.actions.get()
    services.set_action_status(
        action=action, status=status, user=manager, reason="Not finished after all"
    )
    implemented.refresh_from_db()
    assert implemented.status == now
    assert implemented.implemented_on is None


def test_evidence_file_is_checked_by_content(rec, officer):
    fake = ContentFile(b"MZ\x90\x00 this is a windows program", name="report.pdf")
    with pytest.raises(ValidationError) as error:
        services.add_evidence(
            recommendation=rec, user=officer, description="x", file=fake
        )
    assert "file" in error.value.message_dict


def test_evidence_file_is_stored_under_a_generated_name(rec, officer):
    upload = ContentFile(PDF, name="../../etc/board minutes.pdf")
    evidence = services.add_evidence(
        recommendation=rec, user=officer, description="Minutes", file=upload
    )
    assert evidence.file.name.startswith("evidence/")
    assert ".." not in evidence.file.name and "minutes" not in evidence.file.name
    assert evidence.original_filename == "../../etc/board minutes.pdf"
    assert evidence.content_type == "pdf"


def test_closeout_met_closes_and_not_met_carries_forward(rec, manager, inspection):
    later = InspectionFactory(authority=inspection.authority)
    carried = RecommendationFactory(inspection=inspection)
    services.record_closeout(
        recommendation=rec,
        outcome=Outcome.MET,
        user=manager,
        inspection=later,
        quote="Good progress",
    )
    services.record_closeout(
        recommendation=carried, outcome=Outcome.NOT_MET, user=manager, inspection=later
    )
    rec.refresh_from_db()
    carried.refresh_from_db()
    assert rec.status == RecommendationStatus.CLOSED
    assert carried.is_live
    assert list(Recommendation.objects.carried_forward()) == [carried]


def test_closed_recommendations_are_read_only(rec, officer, manager):
    services.record_closeout(recommendation=rec, outcome=Outcome.MET, user=manager)
    with pytest.raises(PermissionDenied):
        services.add_note(recommendation=rec, body="Too late", user=officer)
    with pytest.raises(PermissionDenied):
        services.add_note(recommendation=rec, body="Too late", user=manager)


def test_a_failure_part_way_leaves_nothing_behind(rec, manager, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    original = rec.due_date
    monkeypatch.setattr(Recommendation, "save", explode)
    with pytest.raises(RuntimeError):
        services.revise_due_date(
            recommendation=rec,
            due_date=datetime.date(2099, 1, 1),
            reason="Agreed",
            user=manager,
        )
    monkeypatch.undo()
    rec.refresh_from_db()
    assert rec.due_date == original
    assert not DueDateRevision.objects.exists()
