import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections.choices import Role
from recommendations import pagination, permissions, services
from recommendations.models import Note, Recommendation
from recommendations.views import audit
from tests.factories import (
    InspectionFactory,
    MembershipFactory,
    RecommendationFactory,
    UserFactory,
)

URL = reverse("audit_log")


def revise(recommendation, manager, reason, days=30):
    return services.revise_due_date(
        recommendation=recommendation,
        due_date=recommendation.due_date + datetime.timedelta(days=days),
        reason=reason,
        user=manager,
    )


@pytest.fixture
def recommendation(inspection, manager):
    return services.create_recommendation(
        inspection=inspection,
        text="Improve the quality of return home interviews.",
        timescale="3_months",
        user=manager,
    )


def test_anonymous_users_are_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_officers_are_refused(client, officer):
    client.force_login(officer)
    assert client.get(URL).status_code == 403


def test_a_manager_sees_who_revised_a_due_date_and_why(client, manager, recommendation):
    revise(recommendation, manager, "Waiting for the new case management system")
    client.force_login(manager)
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Waiting for the new case management system" in content
    assert manager.get_full_name() in content
    assert "Due date revision" in content
    assert recommendation.get_absolute_url() in content
    # Dates as the rest of the service writes them, not ISO.
    old, new = recommendation.due_date, recommendation.due_date + datetime.timedelta(30)
    assert f"Due date {old:%-d %B %Y} to {new:%-d %B %Y}" in content


@pytest.mark.parametrize("body", ["See minutes ref 2024-05-01", "Ticket 2024-13-45"])
def test_what_people_wrote_is_shown_as_written(client, manager, recommendation, body):
    """Only a due-date revision's own dates are rewritten; a note is quoted, even
    one holding something like an impossible date."""
    services.add_note(recommendation=recommendation, body=body, user=manager)
    client.force_login(manager)
    response = client.get(URL)
    assert response.status_code == 200 and body in response.content.decode()


def test_a_verdict_is_named_not_coded(client, manager, recommendation):
    services.record_closeout(recommendation=recommendation, outcome="met", user=manager)
    client.force_login(manager)
    content = client.get(URL).content.decode()
    assert "Outcome: Met" in content and "Outcome: met" not in content


def test_staff_who_are_not_managers_can_see_it(client, officer):
    officer.is_staff = True
    officer.save()
    client.force_login(officer)
    assert client.get(URL).status_code == 200


def test_changes_in_other_authorities_are_not_shown(
    client, manager, recommendation, other_authority, outsider
):
    foreign = services.create_recommendation(
        inspection=InspectionFactory(authority=other_authority),
        text="Stockport's confidential recommendation.",
        timescale="3_months",
        user=outsider,
    )
    revise(foreign, outsider, "A reason only Stockport may read")
    client.force_login(manager)
    content = client.get(URL).content.decode()
    assert "Improve the quality of return home interviews." in content
    assert "Stockport" not in content
    assert "A reason only Stockport may read" not in content


def test_an_officer_role_elsewhere_does_not_open_that_authoritys_log(
    client, manager, other_authority, outsider
):
    MembershipFactory(user=manager, authority=other_authority, role=Role.OFFICER)
    services.create_recommendation(
        inspection=InspectionFactory(authority=other_authority),
        text="Seen by officers there, but not in this manager's audit log.",
        user=outsider,
    )
    client.force_login(manager)
    assert b"Seen by officers there" not in client.get(URL).content


def test_filters_by_person_record_type_and_date(client, manager, recommendation):
    other_manager = UserFactory(username="another-manager", first_name="Avery")
    MembershipFactory(
        user=other_manager,
        authority=recommendation.inspection.authority,
        role=Role.MANAGER,
    )
    recommendation = revise(recommendation, other_manager, "Avery's reason")
    revise(recommendation, manager, "Manager's own reason")
    client.force_login(manager)

    by_person = client.get(URL, {"person": other_manager.pk}).context["entries"]
    assert by_person and {e["who"] for e in by_person} == {
        other_manager.get_full_name()
    }

    revisions = client.get(URL, {"record": "duedaterevision"}).context["entries"]
    assert {e["entry_record"] for e in revisions} == {"duedaterevision"}
    assert len(revisions) == 2

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    later = client.get(URL, {"date_from": tomorrow.strftime("%d/%m/%Y")})
    assert later.context["entries"] == []
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert client.get(URL, {"date_to": today}).context["entries"]


def test_a_start_date_after_the_end_date_is_explained(client, manager):
    client.force_login(manager)
    response = client.get(URL, {"date_from": "2/1/2026", "date_to": "1/1/2026"})
    assert response.status_code == 200
    assert b"The end date must be on or after the start date" in response.content
    assert b"govuk-error-summary" in response.content


@pytest.mark.parametrize(
    "written",
    ["{day}/{month}/%Y", "%d/%m/%Y", "%Y-%m-%d", "{day} %B %Y", "{day} %b %Y"],
)
def test_a_date_filter_reads_a_date_written_as_the_lists_read_it(
    client, manager, recommendation, written
):
    client.force_login(manager)
    today = timezone.localdate()
    for day, listed in ((today, True), (today + datetime.timedelta(days=1), False)):
        typed = day.strftime(written.format(day=day.day, month=day.month))
        response = client.get(URL, {"date_from": typed})
        assert not response.context["form"].errors, typed
        assert bool(response.context["entries"]) is listed, typed


def test_the_date_filters_are_govuk_text_inputs_like_the_lists(client, manager):
    client.force_login(manager)
    html = client.get(URL).content.decode()
    for name in ("date_from", "date_to"):
        assert (
            f'<input type="text" name="{name}" autocomplete="off" spellcheck="false" '
            'class="govuk-input govuk-input--width-10" '
            f'aria-describedby="id_{name}_hint" id="id_{name}">'
        ) in html
        assert (
            f'<div id="id_{name}_hint" class="govuk-hint">For example, 27/3/2026</div>'
        ) in html
    assert 'class="dateinput"' not in html
    assert '<select name="person" class="govuk-select" id="id_person">' in html
    assert '<select name="record" class="govuk-select" id="id_record">' in html


def test_a_date_that_cannot_be_read_has_the_govuk_error_styling(client, manager):
    client.force_login(manager)
    html = client.get(URL, {"date_to": "31/2/2026"}).content.decode()
    assert '<div class="govuk-form-group govuk-form-group--error">' in html
    assert (
        '<p id="id_date_to_error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span> '
        "&#x27;Changed on or before&#x27; must be a real date</p>"
    ) in html
    assert (
        'value="31/2/2026" autocomplete="off" spellcheck="false" '
        'class="govuk-input govuk-input--width-10 govuk-input--error" '
        'aria-describedby="id_date_to_hint id_date_to_error"'
    ) in html
    assert '<a href="#id_date_to">' in html  # the error summary links to it


def test_history_text_is_escaped(client, manager, inspection):
    services.create_recommendation(
        inspection=inspection, text="<script>alert('audit')</script>", user=manager
    )
    client.force_login(manager)
    content = client.get(URL).content.decode()
    assert "<script>alert('audit')" not in content
    assert "&lt;script&gt;alert(&#x27;audit&#x27;)" in content


def test_query_count_does_not_grow_with_the_history(
    client, manager, inspection, django_assert_max_num_queries
):
    def add(count):
        for index in range(count):
            RecommendationFactory(inspection=inspection, text=f"Row {index}")
            services.add_note(
                recommendation=Recommendation.objects.latest("pk"),
                body=f"Note {index}",
                user=manager,
            )

    client.force_login(manager)
    add(15)
    with django_assert_max_num_queries(12) as small:
        assert len(client.get(URL).context["entries"]) >= 20
    add(40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(URL, {"page": 2})
    assert len(page.context["entries"]) == 50


def test_a_long_history_lists_its_newest_changes_page_by_page(
    client, manager, inspection, monkeypatch
):
    """Past LISTED changes the log says "more than" and each table is read newest
    first (recommendations/views/audit.py): the pages must hold exactly what the
    whole history, sorted, begins with, ties in time included."""
    monkeypatch.setattr(audit, "LISTED", 100)
    monkeypatch.setattr(pagination, "IDS_FIRST_FROM", 0)  # not for a UNION's rows
    for index in range(60):
        recommendation = RecommendationFactory(
            inspection=inspection, text=f"Row {index}"
        )
        services.add_note(
            recommendation=recommendation, body=f"Note {index}", user=manager
        )
    moment = timezone.now()
    Note.history.filter(body__in=[f"Note {n}" for n in range(10, 30)]).update(
        history_date=moment
    )
    Recommendation.history.update(history_date=moment)  # more than a page at once
    everything = [
        (entry["entry_record"], entry["entry_id"])
        for entry in audit.history_entries(
            authority_ids=permissions.audit_log_authority_ids(manager)
        )
    ]
    assert len(everything) > 100

    client.force_login(manager)
    pages = [client.get(URL, {"page": number}) for number in (1, 2)]
    listed = [
        (entry["entry_record"], entry["entry_id"])
        for page in pages
        for entry in page.context["entries"]
    ]
    assert listed == everything[:100]
    content = pages[0].content.decode()
    assert "More than 100 changes" in content
    assert "to see older ones, filter by date" in content
    for missing in (3, 0, "²", "-1"):  # ² is a digit that int() refuses
        assert client.get(URL, {"page": missing}).status_code == 404
    assert client.get(URL, {"page": "last"}).context["page_obj"].number == 2


def test_the_person_filter_offers_the_people_in_scope(client, manager, outsider):
    client.force_login(manager)
    content = client.get(URL).content.decode()
    assert f'<option value="{manager.pk}">{manager.get_full_name()}</option>' in content
    assert '<select name="person" class="govuk-select"' in content
    assert f'value="{outsider.pk}"' not in content
