"""The managers' list writes its links in GOV.UK style, named for screen readers."""

import csv
import io

import pytest
from django.urls import reverse

from tests.factories import RecommendationFactory


@pytest.fixture
def page(manager_client, inspection):
    rec = RecommendationFactory(inspection=inspection, reference="5")
    html = manager_client.get(reverse("recommendations:recommendation_list")).content
    return rec, html.decode()


def test_the_ref_link_is_a_govuk_link_named_recommendation_n(page):
    rec, html = page
    assert (
        f'<a class="govuk-link" href="{rec.get_absolute_url()}">'
        '<span class="govuk-visually-hidden">Recommendation </span>5</a>'
    ) in html


def test_the_inspection_link_is_a_govuk_link(page):
    rec, html = page
    inspection = rec.inspection
    assert (
        f'<a class="govuk-link" href="{inspection.get_absolute_url()}">{inspection}</a>'
    ).replace("'", "&#x27;") in html


def test_exports_hold_the_bare_reference(manager_client, inspection):
    RecommendationFactory(inspection=inspection, reference="5")
    response = manager_client.get(
        reverse("recommendations:recommendation_list"), {"_export": "csv"}
    )
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert [row["Ref"] for row in rows] == ["5"]
