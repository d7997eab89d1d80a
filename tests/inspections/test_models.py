import datetime

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from inspections.models import Authority, Inspection, Judgement
from tests.factories import (
    AuthorityFactory,
    InspectionFactory,
    JudgementFactory,
    RecommendationFactory,
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "update",
    [
        {"kind": "inquisition"},
        {
            "started_on": datetime.date(2020, 5, 2),
            "ended_on": datetime.date(2020, 5, 1),
        },
        {"started_on": None, "ended_on": None, "published_on": None},
    ],
)
def test_inspection_rules_are_enforced_by_the_database(update):
    inspection = InspectionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Inspection.objects.filter(pk=inspection.pk).update(**update)


@pytest.mark.django_db
def test_judgement_tier_must_be_a_known_tier():
    judgement = JudgementFactory()
    with pytest.raises(IntegrityError):
        Judgement.objects.filter(pk=judgement.pk).update(tier="superb")


@pytest.mark.django_db
def test_ons_codes_are_unique_but_may_be_blank():
    AuthorityFactory(name="A", ons_code="")
    AuthorityFactory(name="B", ons_code="")
    AuthorityFactory(name="C", ons_code="E08000009")
    with pytest.raises(IntegrityError):
        Authority.objects.create(name="D", slug="d", ons_code="E08000009")


@pytest.mark.django_db
def test_inspection_with_recommendations_cannot_be_deleted():
    rec = RecommendationFactory()
    with pytest.raises(ProtectedError):
        rec.inspection.delete()


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        (
            {
                "started_on": datetime.date(2010, 4, 12),
                "ended_on": datetime.date(2010, 4, 23),
                "published_on": datetime.date(2010, 5, 24),
            },
            datetime.date(2010, 5, 24),
        ),
        (
            {
                "started_on": datetime.date(2010, 4, 12),
                "ended_on": datetime.date(2010, 4, 23),
            },
            datetime.date(2010, 4, 23),
        ),
        ({"started_on": datetime.date(2010, 4, 12)}, datetime.date(2010, 4, 12)),
    ],
)
def test_base_date_is_publication_else_last_else_first_day(dates, expected):
    assert Inspection(**dates).base_date == expected


@pytest.mark.django_db
def test_inspections_are_visible_only_within_the_users_authorities(officer, outsider):
    mine = InspectionFactory(authority=officer.memberships.get().authority)
    InspectionFactory(authority=outsider.memberships.get().authority)
    assert list(Inspection.objects.visible_to(officer)) == [mine]
    assert list(Authority.objects.visible_to(officer)) == [mine.authority]
