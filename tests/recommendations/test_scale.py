import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from recommendations.choices import RecommendationStatus, Timescale
from recommendations.models import Action, Recommendation
from recommendations.scale import Progress, generate

TODAY = datetime.date(2026, 11, 23)


def quiet(total, label):
    return Progress(total, label, stream=io.StringIO())


def snapshot():
    return list(
        Recommendation.objects.order_by("pk").values_list(
            "text", "timescale", "status", "due_date", "team__name"
        )
    )


@pytest.mark.django_db
def test_generate_creates_what_it_was_asked_for_with_history():
    report = generate(
        authorities=3,
        recommendations=120,
        actions_per_recommendation=2,
        seed=7,
        today=TODAY,
        progress=quiet,
    )
    assert Recommendation.objects.count() == report.counts["recommendations"] == 120
    assert Action.objects.count() == 240
    assert Recommendation.history.count() == 120
    assert {r.timescale for r in Recommendation.objects.all()} == set(Timescale.values)
    statuses = set(Recommendation.objects.values_list("status", flat=True))
    assert (
        RecommendationStatus.OPEN in statuses
        and RecommendationStatus.CLOSED in statuses
    )
    assert Recommendation.objects.overdue(today=TODAY).exists()


@pytest.mark.django_db
def test_generate_is_deterministic_for_a_seed():
    with transaction.atomic():
        generate(authorities=2, recommendations=60, seed=3, today=TODAY, progress=quiet)
        first = snapshot()
        transaction.set_rollback(True)
    generate(authorities=2, recommendations=60, seed=3, today=TODAY, progress=quiet)
    assert snapshot() == first


@pytest.mark.django_db
def test_command_refuses_to_generate_the_same_seed_twice():
    out = io.StringIO()
    call_command(
        "generate_scale_data",
        "--authorities",
        "1",
        "--recommendations",
        "5",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "Created 5 recommendations" in out.getvalue()
    with pytest.raises(CommandError, match="already"):
        call_command(
            "generate_scale_data",
            "--authorities",
            "1",
            "--recommendations",
            "5",
            stderr=io.StringIO(),
        )
