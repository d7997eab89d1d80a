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
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert [row["Ref"] for row in rows] == ["5"]


def test_a_rows_controls_name_its_report_as_well_as_its_number(
    manager_client, inspection, authority
):
    """'Recommendation 1' is in every report: a screen reader hears which."""
    from django.utils.html import escape

    from tests.factories import InspectionFactory

    RecommendationFactory(inspection=inspection, reference="1", overdue=True)
    other = InspectionFactory(authority=authority, title="Focused visit")
    RecommendationFactory(inspection=other, reference="1", overdue=True)
    html = manager_client.get(reverse("recommendations:overdue")).content.decode()
    ours = escape(f"recommendation 1 of {inspection}")
    assert f"Select {ours}</span>" in html
    assert f"Select {escape(f'recommendation 1 of {other}')}</span>" in html
    assert f"due date of {ours}</span>" in html
