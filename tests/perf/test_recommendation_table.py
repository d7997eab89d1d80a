"""RecommendationTable writes its cells and export values itself, for speed
(recommendations/tables.py). They must be exactly what django-tables2's own generic
rendering gives for the same columns, for every kind of row."""

import datetime

import django_tables2 as tables
import pytest
from django.test import RequestFactory
from django.utils import timezone
from django.utils.html import conditional_escape

from recommendations.choices import ActionStatus, Outcome, RecommendationStatus
from recommendations.exports import neutralise_cell
from recommendations.models import Recommendation
from recommendations.tables import RecommendationTable
from tests.factories import (
    ActionFactory,
    CloseOutFactory,
    EvidenceFactory,
    NoteFactory,
    RecommendationFactory,
    TeamFactory,
    UserFactory,
)

TODAY = timezone.localdate()


@pytest.fixture
def varied_rows(inspection, authority):
    """Rows that take every branch of every column."""
    team = TeamFactory(authority=authority, name="Care & <Leaving> team")
    lead = UserFactory(first_name="Asha", last_name="O'Neil")
    nameless = UserFactory(username="j.bloggs", first_name="", last_name="")
    overdue = RecommendationFactory(
        inspection=inspection,
        overdue=True,
        text='=HYPERLINK("http://x") ' + "long text " * 20,
        team=team,
        owner=lead,
        priority=True,
        lead_agency="Health & police",
    )
    ActionFactory(recommendation=overdue, status=ActionStatus.DONE, completed_on=TODAY)
    ActionFactory(recommendation=overdue, status=ActionStatus.BLOCKED)
    NoteFactory(recommendation=overdue, body="+1 from <the> board")
    EvidenceFactory(recommendation=overdue)
    revised = RecommendationFactory(
        inspection=inspection, reference="", owner=nameless, status="in_progress"
    )
    revised.due_date = revised.original_due_date + datetime.timedelta(days=30)
    revised.save()
    RecommendationFactory(inspection=inspection, no_deadline=True)
    RecommendationFactory(inspection=inspection, implemented=True)
    closed = RecommendationFactory(
        inspection=inspection, status=RecommendationStatus.CLOSED
    )
    CloseOutFactory(recommendation=closed, outcome=Outcome.MET)
    return Recommendation.objects.filter(inspection=inspection)


def table_for(queryset, export=False):
    table = RecommendationTable(
        RecommendationTable.rows_for(queryset, export=export).order_by("pk"),
        today=TODAY,
    )
    table.request = RequestFactory().get("/")
    return table


def test_the_cells_are_django_tables2s_own(varied_rows, db):
    fast = table_for(varied_rows)
    generic = table_for(varied_rows)
    # django-tables2's rendering of each cell, escaped as the template would.
    expected = [
        [str(conditional_escape(cell)) for cell in row]
        for row in generic.paginated_rows
    ]
    visible = [column.name for column in fast.columns]
    got = [
        [str(conditional_escape(fast.cells[name](row.record))) for name in visible]
        for row in fast.paginated_rows
    ]
    for row_got, row_expected in zip(got, expected, strict=True):
        for name, cell, want in zip(visible, row_got, row_expected, strict=True):
            assert (name, cell) == (name, want)
    assert len(got) == 5


def test_the_body_has_a_row_per_record_and_a_cell_per_visible_column(varied_rows):
    html = table_for(varied_rows).body_html()
    assert html.count('<tr class="govuk-table__row">') == 5
    assert html.count("<td ") == 5 * 13
    assert "Care &amp; &lt;Leaving&gt; team" in html
    assert "<Leaving>" not in html


def test_an_empty_table_says_so(db):
    html = table_for(Recommendation.objects.none()).body_html()
    assert "No recommendations match these filters." in html
    assert 'colspan="13"' in html


def test_the_export_values_are_django_tables2s_own(varied_rows):
    fast = list(table_for(varied_rows, export=True).as_values())
    generic = [
        [neutralise_cell(value) for value in row]
        for row in tables.Table.as_values(table_for(varied_rows, export=True))
    ]
    assert fast == generic
    assert len(fast) == 6
    # Formula injection is still neutralised in the fast path.
    text = fast[0].index("Recommendation")
    assert any(str(row[text]).startswith("'=HYPERLINK") for row in fast[1:])
