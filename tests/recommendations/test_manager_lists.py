"""Managers' lists: presets, filters, sorting, exports, print, query budgets."""

import csv
import datetime
import io

import openpyxl
import pytest
import tablib
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from inspections.choices import InspectionKind, Role
from recommendations import services
from recommendations.choices import RecommendationStatus, Timescale
from recommendations.models import Recommendation
from recommendations.views import lists
from tests.factories import (
    ActionFactory,
    EvidenceFactory,
    InspectionFactory,
    MembershipFactory,
    NoteFactory,
    RecommendationFactory,
    TeamFactory,
    UserFactory,
)

LIST_URLS = [
    "recommendations:recommendation_list",
    "recommendations:overdue",
    "recommendations:due_soon",
    "recommendations:no_deadline",
]
TODAY = timezone.localdate()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def overdue_by(n: int, **kwargs) -> Recommendation:
    """A live recommendation whose due date was `n` days ago."""
    return RecommendationFactory(
        timescale=Timescale.IMMEDIATE, original_due_date=days(-n), **kwargs
    )


def listed(client, name: str, **params) -> set[int]:
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return {record.pk for record in response.context["table"].data}


# Permissions ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", [*LIST_URLS, "recommendations:bulk_assign"])
def test_anonymous_users_are_sent_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", [*LIST_URLS, "recommendations:bulk_assign"])
def test_officers_are_refused_managers_pages(client, officer, name):
    client.force_login(officer)
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", LIST_URLS)
def test_managers_see_the_lists(manager_client, name):
    assert manager_client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", LIST_URLS)
def test_lists_never_show_another_authoritys_rows(
    manager_client, inspection, other_authority, name
):
    mine = [
        overdue_by(5, inspection=inspection),
        RecommendationFactory(inspection=inspection, due_soon=True),
        RecommendationFactory(inspection=inspection, no_deadline=True),
    ]
    foreign_inspection = InspectionFactory(authority=other_authority)
    theirs = [
        overdue_by(5, inspection=foreign_inspection),
        RecommendationFactory(inspection=foreign_inspection, due_soon=True),
        RecommendationFactory(inspection=foreign_inspection, no_deadline=True),
    ]
    shown = listed(manager_client, name)
    assert shown & {r.pk for r in mine}
    assert not shown & {r.pk for r in theirs}


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_exports_never_contain_another_authoritys_rows(
    manager_client, inspection, other_authority, export_format
):
    RecommendationFactory(inspection=inspection, text="Ours to do.")
    RecommendationFactory(
        inspection=InspectionFactory(authority=other_authority), text="Not ours."
    )
    response = manager_client.get(
        reverse("recommendations:recommendation_list"), {"_export": export_format}
    )
    dataset = tablib.Dataset().load(
        response.getvalue()
        if export_format == "xlsx"
        else response.getvalue().decode(),
        format=export_format,
    )
    assert dataset["Recommendation"] == ["Ours to do."]


# The demo manager's overdue list ---------------------------------------------------


@pytest.fixture
def demo(db):
    with override_settings(DEBUG=True):
        call_command("load_demo")


def test_demo_manager_sees_exactly_the_overdue_rule(client, demo):
    from django.contrib.auth import get_user_model

    manager = get_user_model().objects.get(username="manager")
    client.force_login(manager)
    expected = set(
        Recommendation.objects.visible_to(manager)
        .overdue()
        .values_list("pk", flat=True)
    )
    assert expected
    assert listed(client, "recommendations:overdue") == expected


def test_overdue_list_puts_the_most_overdue_first(manager_client, inspection):
    a, b, c = (overdue_by(n, inspection=inspection) for n in (3, 30, 10))
    response = manager_client.get(reverse("recommendations:overdue"))
    assert [row.record.pk for row in response.context["table"].rows] == [
        b.pk,
        c.pk,
        a.pk,
    ]


def test_sorting_by_days_overdue_goes_both_ways(manager_client, inspection):
    a, b, c = (overdue_by(n, inspection=inspection) for n in (3, 30, 10))
    url = reverse("recommendations:overdue")
    ascending = manager_client.get(url, {"sort": "days_overdue"})
    descending = manager_client.get(url, {"sort": "-days_overdue"})
    assert [r.record.pk for r in ascending.context["table"].rows] == [a.pk, c.pk, b.pk]
    assert [r.record.pk for r in descending.context["table"].rows] == [
        b.pk,
        c.pk,
        a.pk,
    ]
    assert b"30</td>" in descending.content


@pytest.mark.parametrize("descending", [False, True])
def test_every_sort_breaks_ties_by_id(manager_client, inspection, descending):
    """Rows that tie on the sorted column (a due date many share) keep one order,
    so paging never shows a row twice or skips one, and exports repeat."""
    url = reverse("recommendations:recommendation_list")
    table = manager_client.get(url).context["table"]
    sortable = [column.name for column in table.columns.iterall() if column.orderable]
    assert "due_date" in sortable
    for name in sortable:
        sort = f"-{name}" if descending else name
        table = manager_client.get(url, {"sort": sort}).context["table"]
        order_by = table.data.data.query.order_by
        assert order_by[-1] in ("pk", "-pk"), (sort, order_by)


def sorted_by(client, sort: str) -> list[int]:
    url = reverse("recommendations:recommendation_list")
    table = client.get(url, {"sort": sort}).context["table"]
    return [row.record.pk for row in table.page.object_list]


def test_no_deadline_comes_last_going_up_and_first_going_down(
    manager_client, inspection
):
    """The same on SQLite as on PostgreSQL (SQLite on its own puts them first)."""
    none = RecommendationFactory(inspection=inspection, no_deadline=True).pk
    soon = RecommendationFactory(inspection=inspection, due_soon=True).pk
    late = overdue_by(5, inspection=inspection).pk
    assert sorted_by(manager_client, "") == [late, soon, none]  # the default
    assert sorted_by(manager_client, "due_date") == [late, soon, none]
    assert sorted_by(manager_client, "-due_date") == [none, soon, late]
    assert sorted_by(manager_client, "-days_overdue") == [late, soon, none]


def test_timescale_and_status_sort_by_meaning_not_by_code(manager_client, inspection):
    """Timescales from the most urgent, statuses through the lifecycle: their codes
    would sort "3_months" before "immediate" and "closed" before "open"."""
    made = {}
    for timescale in reversed(Timescale.values):  # created in the wrong order
        if timescale == Timescale.UNSPECIFIED:
            made[timescale] = RecommendationFactory(
                inspection=inspection, no_deadline=True
            )
        else:
            made[timescale] = RecommendationFactory(
                inspection=inspection, timescale=timescale
            )
    by_urgency = [made[t].pk for t in Timescale.values]
    assert sorted_by(manager_client, "timescale") == by_urgency
    assert sorted_by(manager_client, "-timescale") == by_urgency[::-1]

    Recommendation.objects.all().delete()
    statuses = {
        RecommendationStatus.CLOSED: {},
        RecommendationStatus.IMPLEMENTED: {"implemented_on": TODAY},
        RecommendationStatus.IN_PROGRESS: {},
        RecommendationStatus.OPEN: {},
    }
    made = {
        status: RecommendationFactory(inspection=inspection, status=status, **extra)
        for status, extra in statuses.items()
    }
    lifecycle = [made[s].pk for s in RecommendationStatus.values]
    assert sorted_by(manager_client, "status") == lifecycle
    assert sorted_by(manager_client, "-status") == lifecycle[::-1]


def test_reference_sorts_in_each_reports_own_order(manager_client, authority):
    """References are numbers written as text; sorted as text "10" would come before
    "2". The column sorts newest report first, each in its own order."""
    older = InspectionFactory(authority=authority, published_on=days(-400))
    newer = InspectionFactory(authority=authority, published_on=days(-30))
    rows = [
        RecommendationFactory(inspection=report, position=n, reference=str(n))
        for report in (older, newer)
        for n in (10, 2, 1)
    ]
    by_report = [
        r.pk for r in sorted(rows, key=lambda r: (r.inspection != newer, r.position))
    ]
    assert sorted_by(manager_client, "reference") == by_report
    assert sorted_by(manager_client, "-reference") == by_report[::-1]


def test_tied_rows_come_in_id_order_across_pages(manager_client, inspection):
    tied = [overdue_by(5, inspection=inspection).pk for _ in range(60)]
    url = reverse("recommendations:overdue")
    pages = [
        [
            row.record.pk
            for row in manager_client.get(url, {"page": n})
            .context["table"]
            .page.object_list
        ]
        for n in (1, 2)
    ]
    assert pages[0] + pages[1] == sorted(tied)


def test_due_soon_defaults_to_28_days_and_can_be_changed(manager_client, inspection):
    soon = RecommendationFactory(
        inspection=inspection, timescale=Timescale.IMMEDIATE, original_due_date=days(5)
    )
    later = RecommendationFactory(
        inspection=inspection, timescale=Timescale.IMMEDIATE, original_due_date=days(40)
    )
    overdue_by(1, inspection=inspection)
    assert listed(manager_client, "recommendations:due_soon") == {soon.pk}
    assert listed(manager_client, "recommendations:due_soon", due_within=60) == {
        soon.pk,
        later.pk,
    }


def test_no_deadline_lists_only_recommendations_without_a_due_date(
    manager_client, inspection
):
    none = RecommendationFactory(inspection=inspection, no_deadline=True)
    RecommendationFactory(inspection=inspection)
    assert listed(manager_client, "recommendations:no_deadline") == {none.pk}


# One test per filter ---------------------------------------------------------------


def test_filter_by_free_text(manager_client, inspection):
    match = RecommendationFactory(inspection=inspection, text="Return home interviews.")
    RecommendationFactory(inspection=inspection, text="Supervision files.")
    found = listed(manager_client, LIST_URLS[0], q="home interview")
    assert found == {match.pk}


def test_filter_by_authority(client, manager, inspection, other_authority):
    MembershipFactory(user=manager, authority=other_authority, role=Role.MANAGER)
    client.force_login(manager)
    mine = RecommendationFactory(inspection=inspection)
    RecommendationFactory(inspection=InspectionFactory(authority=other_authority))
    found = listed(client, LIST_URLS[0], authority=inspection.authority_id)
    assert found == {mine.pk}


def test_filter_by_inspection(manager_client, inspection, authority):
    mine = RecommendationFactory(inspection=inspection)
    RecommendationFactory(inspection=InspectionFactory(authority=authority))
    assert listed(manager_client, LIST_URLS[0], inspection=inspection.pk) == {mine.pk}


def test_filter_by_inspection_kind(manager_client, inspection, authority):
    RecommendationFactory(inspection=inspection)
    focused = RecommendationFactory(
        inspection=InspectionFactory(
            authority=authority, kind=InspectionKind.FOCUSED_VISIT
        )
    )
    found = listed(manager_client, LIST_URLS[0], kind=InspectionKind.FOCUSED_VISIT)
    assert found == {focused.pk}


def test_filter_by_timescale(manager_client, inspection):
    six = RecommendationFactory(inspection=inspection, timescale=Timescale.SIX_MONTHS)
    RecommendationFactory(inspection=inspection, timescale=Timescale.THREE_MONTHS)
    found = listed(manager_client, LIST_URLS[0], timescale=Timescale.SIX_MONTHS)
    assert found == {six.pk}


def test_filter_by_team(manager_client, inspection, team, authority):
    ours = RecommendationFactory(inspection=inspection, team=team)
    RecommendationFactory(
        inspection=inspection, team=TeamFactory(authority=authority, name="MARAS")
    )
    assert listed(manager_client, LIST_URLS[0], team=team.pk) == {ours.pk}


def test_filter_by_lead_officer(manager_client, inspection, officer):
    led = RecommendationFactory(inspection=inspection, owner=officer)
    RecommendationFactory(inspection=inspection)
    assert listed(manager_client, LIST_URLS[0], owner=officer.pk) == {led.pk}


def test_filter_by_status_takes_several(manager_client, inspection):
    open_ = RecommendationFactory(inspection=inspection)
    implemented = RecommendationFactory(inspection=inspection, implemented=True)
    RecommendationFactory(inspection=inspection, closed=True)
    found = listed(
        manager_client,
        LIST_URLS[0],
        status=[RecommendationStatus.OPEN, RecommendationStatus.IMPLEMENTED],
    )
    assert found == {open_.pk, implemented.pk}


def test_filter_by_priority(manager_client, inspection):
    priority = RecommendationFactory(inspection=inspection, priority=True)
    other = RecommendationFactory(inspection=inspection)
    assert listed(manager_client, LIST_URLS[0], priority="true") == {priority.pk}
    assert listed(manager_client, LIST_URLS[0], priority="false") == {other.pk}


def test_filter_by_due_between(manager_client, inspection):
    early = overdue_by(100, inspection=inspection)
    middle = overdue_by(50, inspection=inspection)
    overdue_by(10, inspection=inspection)
    found = listed(
        manager_client, LIST_URLS[0], due_after=days(-60), due_before=days(-40)
    )
    assert found == {middle.pk}
    assert listed(manager_client, LIST_URLS[0], due_before=days(-60)) == {early.pk}
    # Typed as the hint shows, the British way round (day first), where a browser
    # has no date picker.
    uk = {"due_after": f"{days(-60):%d/%m/%Y}", "due_before": f"{days(-40):%d/%m/%Y}"}
    assert listed(manager_client, LIST_URLS[0], **uk) == {middle.pk}


@pytest.mark.parametrize(
    "written",
    [
        "%d/%m/%Y",  # 27/03/2026
        "{day}/{month}/%Y",  # 27/3/2026, as the hint shows
        "%Y-%m-%d",  # ISO: the app's own links and the bench
        "{day} %B %Y",  # 27 March 2026
        "{day} %b %Y",  # 27 Mar 2026
        " {day} %B %Y ",  # spaces either side
    ],
)
def test_a_date_filter_reads_a_date_written_any_usual_way(
    manager_client, inspection, written
):
    early = overdue_by(100, inspection=inspection)
    overdue_by(10, inspection=inspection)
    cutoff = days(-60)
    typed = cutoff.strftime(written.format(day=cutoff.day, month=cutoff.month))
    assert listed(manager_client, LIST_URLS[0], due_before=typed) == {early.pk}
    assert early.pk not in listed(manager_client, LIST_URLS[0], due_after=typed)


def test_the_date_filters_are_govuk_text_inputs_with_the_lists_hint(manager_client):
    """Not the browser's date picker: its calendar button shows no focus, and an
    American browser writes mm/dd/yyyy under a hint of 27/3/2026."""
    html = manager_client.get(reverse(LIST_URLS[0])).content.decode()
    for name in ("due_after", "due_before"):
        start = html.index(f'name="{name}"')
        tag = html[html.rindex("<input", 0, start) : html.index(">", start)]
        assert 'type="text"' in tag
        assert 'class="govuk-input govuk-input--width-10"' in tag
        assert 'autocomplete="off"' in tag
        assert (
            f'<div id="id_{name}_hint" class="govuk-hint">For example, 27/3/2026'
            in html
        )
    assert 'type="date"' not in html


def test_filter_by_days_overdue_at_least(manager_client, inspection):
    overdue_by(3, inspection=inspection)
    long_overdue = overdue_by(30, inspection=inspection)
    RecommendationFactory(inspection=inspection, due_soon=True)
    found = listed(manager_client, "recommendations:overdue", days_overdue=10)
    assert found == {long_overdue.pk}
    assert found == set(
        Recommendation.objects.overdue(today=days(-10)).values_list("pk", flat=True)
    )


def test_filter_by_revised_or_not(manager_client, inspection, manager):
    revised = RecommendationFactory(inspection=inspection)
    services.revise_due_date(
        recommendation=revised, due_date=days(200), reason="New system", user=manager
    )
    unrevised = RecommendationFactory(inspection=inspection)
    assert listed(manager_client, LIST_URLS[0], revised="true") == {revised.pk}
    assert listed(manager_client, LIST_URLS[0], revised="false") == {unrevised.pk}


def test_filter_by_carried_forward_or_not(manager_client, inspection, manager):
    later = InspectionFactory(authority=inspection.authority)
    carried = RecommendationFactory(inspection=inspection)
    services.record_closeout(
        recommendation=carried, outcome="not_met", user=manager, inspection=later
    )
    other = RecommendationFactory(inspection=inspection)
    assert listed(manager_client, LIST_URLS[0], carried_forward="true") == {carried.pk}
    assert other.pk in listed(manager_client, LIST_URLS[0], carried_forward="false")
    assert carried.pk not in listed(
        manager_client, LIST_URLS[0], carried_forward="false"
    )


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_export_gives_each_recommendations_latest_verdict(
    manager_client, inspection, manager, export_format
):
    later = InspectionFactory(authority=inspection.authority)
    carried = overdue_by(3, inspection=inspection)
    services.record_closeout(
        recommendation=carried, outcome="partly_met", user=manager, inspection=later
    )
    overdue_by(4, inspection=inspection)
    response = manager_client.get(
        reverse("recommendations:overdue"), {"_export": export_format}
    )
    verdicts = {
        row["Ref"]: row["Latest verdict"]
        for row in read_export(response, export_format)
    }
    assert verdicts[carried.reference] == "Partly met"
    assert list(verdicts.values()).count("Partly met") == 1


def test_filters_combine_and_stay_in_the_links(manager_client, inspection, team):
    match = overdue_by(20, inspection=inspection, team=team)
    overdue_by(20, inspection=inspection)
    response = manager_client.get(
        reverse("recommendations:overdue"), {"team": team.pk, "sort": "due_date"}
    )
    assert {r.pk for r in response.context["table"].data} == {match.pk}
    assert f"team={team.pk}".encode() in response.content  # export/print links


@pytest.mark.parametrize(
    "name, params",
    [
        ("recommendations:recommendation_list", {"due_within": 3_000_000}),
        ("recommendations:recommendation_list", {"days_overdue": 3_000_000}),
        ("recommendations:due_soon", {"due_within": 99_999_999}),
    ],
)
def test_a_number_of_days_past_the_calendar_is_an_error_not_a_crash(
    manager_client, inspection, name, params
):
    RecommendationFactory(inspection=inspection, overdue=True)
    response = manager_client.get(reverse(name), params)
    assert response.status_code == 200  # was an OverflowError: a server error
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "(days)&#x27; must be 3,650 or less" in html


def test_a_date_range_that_ends_before_it_starts_is_an_error(manager_client):
    response = manager_client.get(
        reverse("recommendations:recommendation_list"),
        {"due_after": "2026-06-30", "due_before": "2026-04-01"},
    )
    html = response.content.decode()
    assert "govuk-error-summary" in html  # not a silently empty list
    assert "must be the same as or after" in html
    assert "<title>Error: " in html


def test_a_bad_filter_value_shows_an_error_summary(manager_client):
    response = manager_client.get(
        reverse("recommendations:overdue"), {"days_overdue": "soon"}
    )
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content


# Exports and print -----------------------------------------------------------------


@pytest.fixture
def export_rows(inspection, team, manager):
    long_text = "Improve the timeliness of assessments. " * 10
    first = overdue_by(20, inspection=inspection, team=team, text=long_text.strip())
    NoteFactory(recommendation=first, body="Older note", author=manager)
    NoteFactory(
        recommendation=first,
        body="Newest note",
        author=manager,
        created_at=timezone.now() + datetime.timedelta(minutes=1),
    )
    EvidenceFactory.create_batch(2, recommendation=first, added_by=manager)
    second = overdue_by(5, inspection=inspection, text='=HYPERLINK("http://x")')
    RecommendationFactory(inspection=inspection, due_soon=True)  # not overdue
    return first, second


def read_export(response, export_format):
    if export_format == "csv":
        # A CSV export streams (StreamingHttpResponse); getvalue() reads it all.
        # utf-8-sig: the file starts with the byte-order mark, for Excel.
        return list(
            csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig")))
        )
    dataset = tablib.Dataset().load(response.getvalue(), format="xlsx")
    return [dict(zip(dataset.headers, row, strict=True)) for row in dataset]


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_export_contains_exactly_the_filtered_rows(
    manager_client, export_rows, export_format
):
    first, second = export_rows
    response = manager_client.get(
        reverse("recommendations:overdue"), {"_export": export_format}
    )
    rows = read_export(response, export_format)
    assert [row["Ref"] for row in rows] == [first.reference, second.reference]
    assert rows[0]["Recommendation"] == first.text  # full, not shortened
    assert rows[0]["Latest note"] == "Newest note"
    assert str(rows[0]["Evidence"]) == "2"
    assert str(rows[0]["Days overdue"]) == "20"
    assert rows[0]["Owning team"] == first.team.name
    assert rows[0]["Priority action"] == "No"  # not Python's "False"


@pytest.mark.parametrize("export_format", ["json", "yaml", "ods", "tsv"])
def test_only_the_offered_export_formats_are_written(manager_client, export_format):
    """django-tables2 would build any tablib format, every row in memory."""
    url = reverse("recommendations:recommendation_list")
    assert manager_client.get(url, {"_export": export_format}).status_code == 404


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_export_neutralises_spreadsheet_formulas(
    manager_client, export_rows, export_format
):
    response = manager_client.get(
        reverse("recommendations:overdue"), {"_export": export_format}
    )
    cells = [row["Recommendation"] for row in read_export(response, export_format)]
    assert '\'=HYPERLINK("http://x")' in cells


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
@pytest.mark.parametrize("text", [" =1+2", "\t+1", "\n-2+3", "  \n @SUM(A1)"])
def test_export_neutralises_formulas_behind_leading_spaces_and_line_breaks(
    manager_client, inspection, export_format, text
):
    overdue_by(5, inspection=inspection, text=text)
    response = manager_client.get(
        reverse("recommendations:overdue"), {"_export": export_format}
    )
    [row] = read_export(response, export_format)
    assert row["Recommendation"] == f"'{text}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (" =1+2", "' =1+2"),
        ("\r\n=1", "'\r\n=1"),
        ("\t \n+1", "'\t \n+1"),
        ("\t", "'\t"),  # a tab first was always neutralised
        ("  Improve practice", "  Improve practice"),
        (" ", " "),
        ("Care - and - support", "Care - and - support"),
    ],
)
def test_a_formula_is_neutralised_after_leading_whitespace(value, expected):
    from recommendations.exports import neutralise_cell

    assert neutralise_cell(value) == expected


def test_csv_export_starts_with_a_byte_order_mark_so_excel_reads_utf8(
    manager_client, inspection
):
    overdue_by(
        5, inspection=inspection, text="Act on \u201cthe voice of the child\u201d"
    )
    response = manager_client.get(
        reverse("recommendations:overdue"), {"_export": "csv"}
    )
    body = response.getvalue()
    assert body.startswith(b"\xef\xbb\xbf")
    assert body.count(b"\xef\xbb\xbf") == 1
    [row] = csv.DictReader(io.StringIO(body.decode("utf-8-sig")))
    assert row["Recommendation"] == "Act on \u201cthe voice of the child\u201d"


def test_export_of_a_filtered_list_keeps_the_filter(manager_client, export_rows, team):
    first, _ = export_rows
    response = manager_client.get(
        reverse("recommendations:overdue"), {"team": team.pk, "_export": "csv"}
    )
    assert [row["Ref"] for row in read_export(response, "csv")] == [first.reference]


def test_csv_export_streams_what_tablib_would_write(
    manager_client, export_rows, inspection
):
    overdue_by(7, inspection=inspection, text='Say "no", then\nwait, twice.')
    response = manager_client.get(
        reverse("recommendations:overdue"), {"_export": "csv"}
    )
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.getvalue().decode("utf-8-sig")  # less the byte-order mark
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 4  # the header and three overdue rows
    assert 'Say "no", then\nwait, twice.' in rows[2]
    # The same values written by tablib (which writes the XLSX) give the same bytes.
    assert tablib.Dataset(*rows[1:], headers=rows[0]).export("csv") == body


def test_csv_chunks_splits_rows_without_losing_any():
    from recommendations.exports import csv_chunks

    rows = [["a", 1], ["b,c", None], ["d", "e\nf"]]
    chunks = list(csv_chunks(rows, rows_per_chunk=2))
    assert len(chunks) == 3  # the byte-order mark, then two of rows
    assert "".join(chunks) == '\ufeffa,1\r\n"b,c",\r\nd,"e\nf"\r\n'


def test_xlsx_export_is_laid_out_as_tablib_laid_it_out(
    manager_client, export_rows, inspection
):
    overdue_by(7, inspection=inspection, text="Line one\nline two\x0bpasted")
    url = reverse("recommendations:overdue")
    response = manager_client.get(url, {"_export": "xlsx"})
    assert response.streaming  # a FileResponse from the temporary file
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet.title == "Overdue recommendations"
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["B"].width == 60  # Recommendation
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]
    pasted = next(
        r["Recommendation"] for r in rows if "pasted" in r["Recommendation"].value
    )
    # A control character no workbook can hold becomes a space; line breaks wrap.
    assert pasted.value == "Line one\nline two pasted"
    assert pasted.alignment.wrap_text
    # The same rows and values as the CSV, dates as dates.
    listed = read_export(manager_client.get(url, {"_export": "csv"}), "csv")
    assert [r["Ref"].value for r in rows] == [r["Ref"] or None for r in listed]
    assert all(isinstance(r["Due date"].value, datetime.datetime) for r in rows)
    assert [r["Due date"].value.date().isoformat() for r in rows] == [
        r["Due date"] for r in listed
    ]


def test_export_file_name_says_what_and_when(manager_client):
    response = manager_client.get(
        reverse("recommendations:overdue"), {"_export": "xlsx"}
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="overdue-recommendations-{TODAY:%Y-%m-%d}.xlsx"'
    )


def test_printable_version_shows_every_row_without_checkboxes(
    manager_client, inspection
):
    for n in range(60):
        overdue_by(n + 1, inspection=inspection)
    response = manager_client.get(reverse("recommendations:overdue"), {"print": "1"})
    assert response.content.count(b'<tr class="govuk-table__row') == 61
    assert b'name="pk"' not in response.content
    assert b"Printed on" in response.content


def test_printable_version_shows_long_texts_whole(manager_client, inspection):
    """On paper a folded text cannot be opened; on screen it stays folded."""
    long_text = "Ensure that " + "the statutory guidance is followed " * 6 + "now."
    overdue_by(3, inspection=inspection, text=long_text)
    url = reverse("recommendations:overdue")
    printed = manager_client.get(url, {"print": "1"}).content.decode()
    assert long_text in printed and "govuk-details" not in printed
    on_screen = manager_client.get(url).content.decode()
    assert "govuk-details__summary" in on_screen


def test_a_long_printable_version_comes_in_pages_and_says_so(
    manager_client, inspection, monkeypatch
):
    monkeypatch.setattr(lists, "PRINT_ROWS", 25)
    for n in range(60):
        overdue_by(n + 1, inspection=inspection)
    url = reverse("recommendations:overdue")
    first = manager_client.get(url, {"print": "1"})
    assert first.content.count(b'<tr class="govuk-table__row') == 26
    content = first.content.decode()
    assert "60 recommendations: page 1 of 3." in content  # the printed heading
    assert "25 recommendations a page: this is page 1 of 3" in content
    last = manager_client.get(url, {"print": "1", "page": 3})
    assert last.content.count(b'<tr class="govuk-table__row') == 11


def test_no_list_page_shows_more_than_the_print_limit(
    manager_client, inspection, monkeypatch
):
    monkeypatch.setattr(lists, "PRINT_ROWS", 25)
    for n in range(30):
        overdue_by(n + 1, inspection=inspection)
    response = manager_client.get(
        reverse("recommendations:recommendation_list"), {"per_page": 100000}
    )
    assert len(list(response.context["table"].paginated_rows)) == 25


def test_revised_due_dates_are_marked_in_the_list(manager_client, inspection, manager):
    recommendation = overdue_by(5, inspection=inspection)
    services.revise_due_date(
        recommendation=recommendation,
        due_date=days(-1),
        reason="Agreed at board",
        user=manager,
    )
    response = manager_client.get(reverse("recommendations:overdue"))
    assert b"Revised</strong>" in response.content


# Query budgets ---------------------------------------------------------------------


def rich_rows(inspection, team, manager, count):
    for n in range(count):
        recommendation = overdue_by(n + 1, inspection=inspection, team=team)
        recommendation.owner = manager
        recommendation.save()
        ActionFactory(recommendation=recommendation, owner=manager)
        NoteFactory(recommendation=recommendation, author=manager)
        EvidenceFactory(recommendation=recommendation, added_by=manager)


@pytest.mark.parametrize("count", [20, 50])
def test_overdue_list_queries_do_not_grow_with_rows(
    manager_client, inspection, team, manager, count, django_assert_max_num_queries
):
    rich_rows(inspection, team, manager, count)
    with django_assert_max_num_queries(13):
        response = manager_client.get(reverse("recommendations:overdue"))
    assert len(list(response.context["table"].paginated_rows)) == count


@pytest.mark.parametrize("count", [20, 50])
def test_export_queries_do_not_grow_with_rows(
    manager_client, inspection, team, manager, count, django_assert_max_num_queries
):
    rich_rows(inspection, team, manager, count)
    with django_assert_max_num_queries(9):
        response = manager_client.get(
            reverse("recommendations:overdue"), {"_export": "csv"}
        )
        rows = read_export(response, "csv")  # the rows are read as it streams
    assert len(rows) == count


def test_unrelated_user_cannot_filter_by_another_authoritys_team(
    manager_client, other_authority
):
    foreign_team = TeamFactory(authority=other_authority)
    response = manager_client.get(
        reverse("recommendations:recommendation_list"), {"team": foreign_team.pk}
    )
    assert b"govuk-error-summary" in response.content
    assert not list(response.context["table"].data)


def test_a_person_outside_the_authorities_is_not_offered_as_lead(
    manager_client, outsider
):
    response = manager_client.get(reverse("recommendations:recommendation_list"))
    choices = response.context["filter"].form.fields["owner"].queryset
    assert outsider not in choices
    assert UserFactory(username="nobody") not in choices


def test_actions_done_says_when_there_are_none_yet(manager_client, inspection):
    none_yet = overdue_by(2, inspection=inspection)
    started = overdue_by(3, inspection=inspection)
    ActionFactory(recommendation=started, done=True)
    ActionFactory(recommendation=started)
    table = manager_client.get(reverse("recommendations:overdue")).context["table"]
    shown = {row.record.pk: row.get_cell("actions") for row in table.page.object_list}
    assert shown == {none_yet.pk: "No actions to do", started.pk: "1 of 2"}


def test_no_team_or_lead_is_said_in_words(manager_client, inspection):
    overdue_by(2, inspection=inspection, team=None, owner=None)
    response = manager_client.get(reverse("recommendations:overdue"))
    (row,) = response.context["table"].page.object_list
    assert (row.get_cell("team"), row.get_cell("owner")) == ("No team", "No lead")
    assert ">No team</td>" in response.content.decode()
    assert ">No lead</td>" in response.content.decode()
