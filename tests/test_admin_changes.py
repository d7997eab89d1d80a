"""Changes made in the admin keep the rules the services keep: due dates count
from the inspection's dates and the timescale, a manager's revised date stays, and
an edit moves the row's version on so a page opened before it cannot save over it."""

import datetime

import pytest
from django import forms
from django.urls import reverse

from recommendations import services
from recommendations.choices import RecommendationStatus, Timescale
from recommendations.models import Recommendation
from tests.factories import (
    ActionFactory,
    EvidenceFactory,
    InspectionFactory,
    RecommendationFactory,
)

D = datetime.date


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def as_posted(client, obj, **changes) -> dict:
    """The admin's change page for `obj` as a browser would post it back unchanged
    (its inlines' existing rows included, no blank extra rows), with `changes`."""
    response = client.get(change_url(obj))
    assert response.status_code == 200
    data = {}

    def add(form):
        for name, field in form.fields.items():
            # A browser sends no file unless one is chosen, nor a disabled field.
            if isinstance(field, forms.FileField) or field.disabled:
                continue
            value = form[name].value()
            if value is not None and value is not False:
                data[form.add_prefix(name)] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        existing = formset.initial_form_count()
        data[f"{formset.prefix}-TOTAL_FORMS"] = existing
        data[f"{formset.prefix}-INITIAL_FORMS"] = existing
        for form in formset.forms[:existing]:
            add(form)
    data.update(changes)
    return data


@pytest.fixture
def reports(authority):
    return (
        InspectionFactory(authority=authority, published_on=D(2020, 2, 28)),
        InspectionFactory(authority=authority, published_on=D(2023, 2, 28)),
    )


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_moving_a_recommendation_to_another_report_counts_its_dates_from_that_one(
    admin_client, reports
):
    earlier, later = reports
    rec = RecommendationFactory(inspection=earlier, timescale=Timescale.THREE_MONTHS)
    assert rec.due_date == D(2020, 5, 28)

    data = as_posted(admin_client, rec, inspection=later.pk)
    assert admin_client.post(change_url(rec), data).status_code == 302

    rec.refresh_from_db()
    assert rec.inspection == later
    assert rec.original_due_date == rec.due_date == D(2023, 5, 28)


def test_a_new_timescale_keeps_a_managers_revised_due_date(
    admin_client, reports, manager
):
    rec = RecommendationFactory(inspection=reports[0], timescale=Timescale.THREE_MONTHS)
    services.revise_due_date(
        recommendation=rec, due_date=D(2021, 1, 15), reason="Agreed", user=manager
    )
    rec.refresh_from_db()

    data = as_posted(admin_client, rec, timescale=Timescale.SIX_MONTHS)
    assert admin_client.post(change_url(rec), data).status_code == 302

    rec.refresh_from_db()
    assert rec.original_due_date == D(2020, 8, 28)  # counted from the report
    assert rec.due_date == D(2021, 1, 15)  # as the manager revised it


def test_no_timescale_in_the_admin_means_no_due_date_even_if_revised(
    admin_client, reports, manager
):
    rec = RecommendationFactory(inspection=reports[0], timescale=Timescale.THREE_MONTHS)
    services.revise_due_date(
        recommendation=rec, due_date=D(2021, 1, 15), reason="Agreed", user=manager
    )
    rec.refresh_from_db()

    data = as_posted(admin_client, rec, timescale=Timescale.UNSPECIFIED)
    assert admin_client.post(change_url(rec), data).status_code == 302

    rec.refresh_from_db()
    assert rec.original_due_date is None and rec.due_date is None


def test_a_timescale_changed_on_the_inspection_page_keeps_a_revised_date(
    admin_client, reports, manager
):
    inspection = reports[0]
    rec = RecommendationFactory(inspection=inspection, timescale=Timescale.THREE_MONTHS)
    services.revise_due_date(
        recommendation=rec, due_date=D(2021, 1, 15), reason="Agreed", user=manager
    )
    version = Recommendation.objects.get(pk=rec.pk).version
    data = as_posted(admin_client, inspection)
    data["recommendations-0-timescale"] = Timescale.SIX_MONTHS

    assert admin_client.post(change_url(inspection), data).status_code == 302

    rec.refresh_from_db()
    assert (rec.original_due_date, rec.due_date) == (D(2020, 8, 28), D(2021, 1, 15))
    assert rec.version == version + 1


def test_new_report_dates_and_a_recommendations_edit_saved_together_both_hold(
    admin_client, reports
):
    """The page's recommendation rows were read before the inspection's new dates
    were saved: saving them must not put the old due dates back."""
    inspection = reports[0]
    rec = RecommendationFactory(inspection=inspection, timescale=Timescale.THREE_MONTHS)
    data = as_posted(admin_client, inspection, published_on="2021-02-28")
    data["recommendations-0-text"] = "Improve supervision, reworded."

    assert admin_client.post(change_url(inspection), data).status_code == 302

    rec.refresh_from_db()
    assert rec.text == "Improve supervision, reworded."
    assert rec.original_due_date == rec.due_date == D(2021, 5, 28)


def test_an_action_edited_in_the_admin_is_not_saved_over_by_an_older_page(
    admin_client, client, officer, team, inspection, manager
):
    """An officer opens the action's edit page; an administrator then gives the
    action to someone else; the officer's save is refused, not saved over it."""
    from django.test import Client

    rec = RecommendationFactory(inspection=inspection, team=team)
    action = ActionFactory(recommendation=rec, owner=officer, team=team)
    officer_client = Client()
    officer_client.force_login(officer)
    edit = reverse("recommendations:action_edit", args=[action.pk])
    seen = officer_client.get(edit).context["form"]["version"].value()

    data = as_posted(admin_client, action, owner=manager.pk)
    assert admin_client.post(change_url(action), data).status_code == 302

    target = action.target_date or D.today() + datetime.timedelta(days=30)
    response = officer_client.post(
        edit,
        {
            "description": "Typo fixed",
            "owner": officer.pk,
            "target_date_0": target.day,
            "target_date_1": target.month,
            "target_date_2": target.year,
            "version": seen,
        },
    )

    assert response.status_code == 200
    assert "Someone else changed this action" in response.content.decode()
    action.refresh_from_db()
    assert (action.owner, action.description) != (officer, "Typo fixed")
    assert action.owner == manager


def test_an_action_edit_without_the_version_seen_is_refused(
    client, officer, team, inspection
):
    rec = RecommendationFactory(inspection=inspection, team=team)
    action = ActionFactory(recommendation=rec, owner=officer, team=team)
    client.force_login(officer)

    response = client.post(
        reverse("recommendations:action_edit", args=[action.pk]),
        {"description": "Overwritten", "owner": officer.pk},
    )

    assert response.status_code == 200
    assert "Reload the page and make your change again" in response.content.decode()
    action.refresh_from_db()
    assert action.description != "Overwritten"


@pytest.fixture
def implemented(inspection, manager):
    rec = RecommendationFactory(inspection=inspection)
    EvidenceFactory(recommendation=rec)
    return services.mark_implemented(recommendation=rec, user=manager)


def test_an_action_added_on_the_recommendations_page_makes_it_live_again(
    admin_client, implemented
):
    data = as_posted(admin_client, implemented)
    data.update(
        {
            "actions-TOTAL_FORMS": 1,
            "actions-0-description": "Audit again in six months",
            "actions-0-recommendation": implemented.pk,
        }
    )
    assert admin_client.post(change_url(implemented), data).status_code == 302

    implemented.refresh_from_db()
    assert implemented.status == RecommendationStatus.OPEN
    assert implemented.implemented_on is None
    assert implemented.history.first().history_change_reason == (
        "It has an unfinished action: no longer implemented"
    )


def test_an_action_added_in_the_actions_admin_makes_it_live_again(
    admin_client, implemented
):
    response = admin_client.post(
        reverse("admin:recommendations_action_add"),
        {"recommendation": implemented.pk, "description": "One more thing"},
    )
    assert response.status_code == 302
    implemented.refresh_from_db()
    assert implemented.status == RecommendationStatus.OPEN
