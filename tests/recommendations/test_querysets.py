import datetime

import pytest

from recommendations.choices import ActionStatus, Rag, RecommendationStatus, Timescale
from recommendations.models import Action, Recommendation
from tests.factories import (
    ActionFactory,
    InspectionFactory,
    RecommendationFactory,
    UserFactory,
)

TODAY = datetime.date(2026, 6, 15)


def make(inspection, due, status=RecommendationStatus.OPEN, **extra):
    timescale = Timescale.UNSPECIFIED if due is None else Timescale.THREE_MONTHS
    fields = (
        {"implemented_on": TODAY} if status == RecommendationStatus.IMPLEMENTED else {}
    )
    return RecommendationFactory(
        inspection=inspection,
        timescale=timescale,
        original_due_date=due,
        due_date=due,
        status=status,
        **fields,
        **extra,
    )


@pytest.fixture
def states(inspection):
    day = datetime.timedelta(days=1)
    return {
        "overdue": make(inspection, TODAY - day),
        "overdue_in_progress": make(
            inspection, TODAY - 30 * day, RecommendationStatus.IN_PROGRESS
        ),
        "due_today": make(inspection, TODAY),
        "due_in_28": make(inspection, TODAY + 28 * day),
        "due_in_29": make(inspection, TODAY + 29 * day),
        "implemented_late": make(
            inspection, TODAY - 5 * day, RecommendationStatus.IMPLEMENTED
        ),
        "closed_late": make(inspection, TODAY - 5 * day, RecommendationStatus.CLOSED),
        "no_deadline": make(inspection, None),
    }


def names(queryset, states):
    pks = set(queryset.values_list("pk", flat=True))
    return {name for name, rec in states.items() if rec.pk in pks}


def test_overdue_is_live_with_a_due_date_before_today(states):
    result = Recommendation.objects.overdue(today=TODAY)
    assert names(result, states) == {"overdue", "overdue_in_progress"}


def test_due_within_includes_today_and_the_last_day(states):
    result = Recommendation.objects.due_within(28, today=TODAY)
    assert names(result, states) == {"due_today", "due_in_28"}


def test_due_within_takes_another_window(states):
    result = Recommendation.objects.due_within(29, today=TODAY)
    assert names(result, states) == {"due_today", "due_in_28", "due_in_29"}


def test_open_means_open_or_in_progress(states):
    result = Recommendation.objects.open()
    assert names(result, states) == set(states) - {"implemented_late", "closed_late"}


def test_no_deadline_is_never_overdue(states):
    assert names(Recommendation.objects.no_deadline(), states) == {"no_deadline"}
    assert not states["no_deadline"].overdue_on(TODAY)


def test_deadline_group_is_the_rule_of_that_name(states, settings):
    settings.DUE_SOON_DAYS = 28
    live = Recommendation.objects.open()
    grouped = {
        rec.pk: rec.deadline_group for rec in live.with_deadline_group(today=TODAY)
    }
    assert {name for name, rec in states.items() if rec.pk in grouped} == names(
        live, states
    )
    for group, rule in (
        ("overdue", live.overdue(today=TODAY)),
        ("due_soon", live.due_within(today=TODAY)),
        ("no_deadline", live.no_deadline()),
    ):
        assert names(rule, states) == {
            name for name, rec in states.items() if grouped.get(rec.pk) == group
        }, group
    assert {n for n, r in states.items() if grouped.get(r.pk) == "later"} == {
        "due_in_29"
    }


def test_action_deadline_group_is_the_rule_of_that_name(inspection):
    rec = make(inspection, TODAY)
    day = datetime.timedelta(days=1)
    actions = {
        "overdue": ActionFactory(recommendation=rec, target_date=TODAY - day),
        "due_soon": ActionFactory(recommendation=rec, target_date=TODAY),
        "later": ActionFactory(recommendation=rec, target_date=TODAY + 60 * day),
        "no_deadline": ActionFactory(recommendation=rec, target_date=None),
    }
    live = Action.objects.open()
    grouped = {a.pk: a.deadline_group for a in live.with_deadline_group(today=TODAY)}
    assert {name: grouped[a.pk] for name, a in actions.items()} == {
        name: name for name in actions
    }
    assert set(live.overdue(today=TODAY).values_list("pk", flat=True)) == {
        actions["overdue"].pk
    }
    assert set(live.due_within(today=TODAY).values_list("pk", flat=True)) == {
        actions["due_soon"].pk
    }


def test_instance_overdue_agrees_with_the_queryset(states):
    overdue_pks = set(
        Recommendation.objects.overdue(today=TODAY).values_list("pk", flat=True)
    )
    for rec in states.values():
        assert rec.overdue_on(TODAY) == (rec.pk in overdue_pks), rec


def test_instance_rag_agrees_with_the_annotation(states):
    ActionFactory(recommendation=states["due_in_29"], status=ActionStatus.BLOCKED)
    annotated = {
        r.pk: r.rag_value for r in Recommendation.objects.with_rag(today=TODAY)
    }
    for rec in Recommendation.objects.all():
        assert rec.rag_on(TODAY) == annotated[rec.pk], rec


def test_rag_is_red_when_overdue_amber_when_due_soon_or_blocked(states):
    assert states["overdue"].rag_on(TODAY) == Rag.RED
    assert states["due_in_28"].rag_on(TODAY) == Rag.AMBER
    assert states["due_in_29"].rag_on(TODAY) == Rag.GREEN
    ActionFactory(recommendation=states["due_in_29"], status=ActionStatus.BLOCKED)
    assert states["due_in_29"].rag_on(TODAY) == Rag.AMBER
    assert states["closed_late"].rag_on(TODAY) == Rag.GREEN


def test_with_progress_counts_done_and_ignores_cancelled(inspection):
    rec = make(inspection, TODAY)
    ActionFactory(recommendation=rec, done=True)
    ActionFactory(recommendation=rec)
    ActionFactory(recommendation=rec, status=ActionStatus.CANCELLED)
    annotated = Recommendation.objects.with_progress().get(pk=rec.pk)
    assert (annotated.actions_done, annotated.actions_total) == (1, 2)


def test_visible_to_shows_only_the_users_authorities(
    inspection, officer, outsider, superuser
):
    mine = make(inspection, TODAY)
    theirs = make(
        InspectionFactory(authority=outsider.memberships.get().authority), TODAY
    )
    assert list(Recommendation.objects.visible_to(officer)) == [mine]
    assert list(Recommendation.objects.visible_to(outsider)) == [theirs]
    assert set(Recommendation.objects.visible_to(superuser)) == {mine, theirs}


def test_visible_to_shows_nothing_to_a_user_without_membership(inspection):
    make(inspection, TODAY)
    assert not Recommendation.objects.visible_to(UserFactory()).exists()


def test_visible_to_shows_nothing_to_an_inactive_user(inspection, officer):
    make(inspection, TODAY)
    officer.is_active = False
    assert not Recommendation.objects.visible_to(officer).exists()


def test_revised_lists_recommendations_whose_due_date_moved(inspection):
    moved = make(inspection, TODAY)
    moved.due_date = TODAY + datetime.timedelta(days=30)
    moved.save()
    make(inspection, TODAY)
    assert list(Recommendation.objects.revised()) == [moved]
