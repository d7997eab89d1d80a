"""The dashboard's tallies (recommendations/tallies.py) are kept by database triggers:
whatever changes a recommendation, by whatever route, they must equal a fresh count.
Each test checks named figures and tallies.differences() (an ORM recount)."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from inspections.models import Authority
from recommendations import services, tallies
from recommendations.choices import RecommendationStatus, Timescale
from recommendations.models import MonthTally, Recommendation, StatusTally
from tests.factories import (
    AuthorityFactory,
    EvidenceFactory,
    InspectionFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db

MAY, JUNE, JULY = (datetime.date(2026, m, 1) for m in (5, 6, 7))


def status(authority, value=RecommendationStatus.OPEN):
    row = StatusTally.objects.filter(authority=authority, status=value).first()
    return (row.recommendations, row.on_time, row.late) if row else (0, 0, 0)


def month(authority, first_day):
    row = MonthTally.objects.filter(authority=authority, month=first_day).first()
    return (row.due, row.implemented) if row else (0, 0)


def due_on(inspection, date, **kwargs):
    return RecommendationFactory(
        inspection=inspection, original_due_date=date, due_date=date, **kwargs
    )


def test_new_recommendations_are_counted_by_status_and_month(inspection):
    authority = inspection.authority
    due_on(inspection, datetime.date(2026, 5, 10))
    due_on(inspection, datetime.date(2026, 5, 20))
    due_on(
        inspection,
        datetime.date(2026, 6, 30),
        status=RecommendationStatus.IMPLEMENTED,
        implemented_on=datetime.date(2026, 6, 2),
    )
    RecommendationFactory(inspection=inspection, no_deadline=True)

    assert status(authority) == (3, 0, 0)
    assert status(authority, RecommendationStatus.IMPLEMENTED) == (1, 1, 0)
    assert month(authority, MAY) == (2, 0)
    assert month(authority, JUNE) == (1, 1)
    assert tallies.differences() == []


def test_implementing_late_and_revising_a_due_date_move_the_counts(inspection, manager):
    authority = inspection.authority
    user = manager
    late = due_on(inspection, datetime.date(2026, 5, 10))
    moved = due_on(inspection, datetime.date(2026, 5, 12))
    EvidenceFactory(recommendation=late)

    services.mark_implemented(
        recommendation=late, user=user, implemented_on=datetime.date(2026, 7, 3)
    )
    services.revise_due_date(
        recommendation=moved,
        due_date=datetime.date(2026, 6, 12),
        reason="Board",
        user=user,
    )

    assert status(authority) == (1, 0, 0)
    assert status(authority, RecommendationStatus.IMPLEMENTED) == (1, 0, 1)
    assert month(authority, MAY) == (1, 0)
    assert month(authority, JUNE) == (1, 0)
    assert month(authority, JULY) == (0, 1)
    assert tallies.differences() == []


def test_a_change_the_counts_do_not_see_leaves_them_alone(inspection):
    recommendation = due_on(inspection, datetime.date(2026, 5, 10))
    recommendation.text = "Reworded"
    recommendation.save()
    assert status(inspection.authority) == (1, 0, 0)
    assert month(inspection.authority, MAY) == (1, 0)


def test_deleting_recommendations_takes_them_off(inspection):
    authority = inspection.authority
    keep = due_on(InspectionFactory(authority=authority), datetime.date(2026, 5, 1))
    due_on(inspection, datetime.date(2026, 5, 2)).delete()
    due_on(inspection, datetime.date(2026, 5, 3)).delete()

    assert status(authority) == (1, 0, 0)
    assert month(authority, MAY) == (1, 0)
    assert Recommendation.objects.get() == keep
    assert tallies.differences() == []


def test_moving_an_inspection_to_another_authority_moves_its_counts(inspection):
    before, after = inspection.authority, AuthorityFactory()
    due_on(inspection, datetime.date(2026, 5, 10))
    due_on(InspectionFactory(authority=before), datetime.date(2026, 6, 10))

    inspection.authority = after
    inspection.save()

    assert (status(before), status(after)) == ((1, 0, 0), (1, 0, 0))
    assert (month(before, MAY), month(after, MAY)) == ((0, 0), (1, 0))
    assert month(before, JUNE) == (1, 0)
    assert tallies.differences() == []


def test_bulk_and_queryset_writes_are_counted_too(inspection):
    authority = inspection.authority
    Recommendation.objects.bulk_create(
        Recommendation(
            inspection=inspection,
            text=f"Bulk {n}",
            timescale=Timescale.THREE_MONTHS,
            original_due_date=datetime.date(2026, 5, n + 1),
            due_date=datetime.date(2026, 5, n + 1),
        )
        for n in range(3)
    )
    Recommendation.objects.filter(inspection=inspection).update(
        due_date=datetime.date(2026, 6, 1)
    )
    Recommendation.objects.filter(inspection=inspection)[:1].get().delete()

    assert status(authority) == (2, 0, 0)
    assert (month(authority, MAY), month(authority, JUNE)) == ((0, 0), (2, 0))
    assert tallies.differences() == []


@pytest.mark.django_db(transaction=True)
def test_an_authority_whose_reports_were_deleted_can_be_deleted():
    """Its tallies, at zero, go with it (PostgreSQL checks the key at commit)."""
    inspection = InspectionFactory()
    due_on(inspection, datetime.date(2026, 5, 10)).delete()
    inspection.delete()
    other = due_on(InspectionFactory(), datetime.date(2026, 5, 11))

    inspection.authority.delete()

    assert not Authority.objects.filter(pk=inspection.authority_id).exists()
    assert StatusTally.objects.get().authority_id == other.inspection.authority_id
    assert tallies.differences() == []


def test_check_tallies_reports_a_difference_and_fix_recounts(inspection, capsys):
    due_on(inspection, datetime.date(2026, 5, 10))
    StatusTally.objects.update(recommendations=7)  # tampering the triggers cannot see

    with pytest.raises(CommandError, match="1 row"):
        call_command("check_tallies")
    assert "7" in capsys.readouterr().err

    call_command("check_tallies", "--fix")
    assert status(inspection.authority) == (1, 0, 0)
    assert "match" in capsys.readouterr().out


def installed_triggers(prefix: str) -> list[str]:
    """The names of the database's triggers that start with `prefix`."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgname LIKE %s", [f"{prefix}%"]
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE %s",
                [f"{prefix}%"],
            )
        return sorted(row[0] for row in cursor.fetchall())


def test_the_triggers_are_installed():
    names = installed_triggers("recommendations_tally")
    assert names == [
        "recommendations_tally_delete",
        "recommendations_tally_insert",
        "recommendations_tally_move",
        "recommendations_tally_update",
    ]
