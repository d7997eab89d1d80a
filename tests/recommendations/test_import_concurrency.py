"""One report saved several times at once on PostgreSQL: one inspection, no twins.

A double click on "Save the inspection", or the same review open in two tabs, saves
the same draft at the same moment. Threads each hold their own database connection
and call the real save_draft together (a barrier releases them), as the requests
would. SQLite serialises whole-database writes and has no row locks, so this only
means something on PostgreSQL; CI runs it there (.ci/run).
"""

import datetime

import pytest
from django.db import connection

from inspections.importer import Draft, DraftRecommendation
from inspections.models import Authority, Inspection
from recommendations.importing import DuplicateInspection, save_draft
from recommendations.models import Recommendation
from tests.factories import AuthorityFactory, UserFactory
from tests.threads import THREADS, in_threads

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL row locks (SELECT ... FOR UPDATE); SQLite has none",
    ),
    pytest.mark.django_db(transaction=True),
]


def make_draft(authority: str) -> Draft:
    # Many rows, so each save takes long enough for the others to overlap it.
    return Draft(
        authority=authority,
        inspection_type="ilacs",
        inspectorate="Ofsted",
        published=datetime.date(2024, 1, 5),
        recommendations=[
            DraftRecommendation(text=f"Improve practice {n}.", timescale="3_months")
            for n in range(30)
        ],
    )


def importer():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="concurrent-importer")


def test_one_report_saved_at_once_makes_one_inspection_and_the_rest_are_told():
    UserFactory(username="concurrent-importer", is_superuser=True, is_staff=True)
    authority = AuthorityFactory(name="Trafford Metropolitan Borough Council")
    draft = make_draft(authority.name)

    outcomes = in_threads(lambda index: save_draft(draft=draft, user=importer()))

    saved = [o for o in outcomes if isinstance(o, Inspection)]
    refused = [o for o in outcomes if isinstance(o, DuplicateInspection)]
    assert (len(saved), len(refused)) == (1, THREADS - 1), outcomes
    assert {error.existing for error in refused} == set(saved)
    assert Inspection.objects.get().authority == authority
    assert Recommendation.objects.count() == 30


def test_imports_naming_the_same_new_authority_at_once_create_it_once():
    UserFactory(username="concurrent-importer", is_superuser=True, is_staff=True)
    draft = make_draft("Wigan Council")

    outcomes = in_threads(lambda index: save_draft(draft=draft, user=importer()))

    saved = [o for o in outcomes if isinstance(o, Inspection)]
    refused = [o for o in outcomes if isinstance(o, DuplicateInspection)]
    assert (len(saved), len(refused)) == (1, THREADS - 1), outcomes
    assert list(Authority.objects.values_list("name", "slug")) == [
        ("Wigan Council", "wigan-council")
    ]
    assert Inspection.objects.get().authority.name == "Wigan Council"
