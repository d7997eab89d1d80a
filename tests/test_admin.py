"""Every admin changelist, add form and change form renders for an administrator,
and a whole report can be entered on the inspection page."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from inspections.models import Inspection
from recommendations.choices import Timescale
from recommendations.demo import load_demo
from recommendations.models import Recommendation


@pytest.fixture
def demo(db):
    load_demo()


@pytest.fixture
def admin_client(client, demo):
    from django.contrib.auth import get_user_model

    # A failed sign-in gives django-axes' admin pages a row to show.
    client.post(reverse("login"), {"username": "admin", "password": "wrong"})
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


REGISTERED = [model for model in admin.site._registry]


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_changelist_renders(admin_client, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert admin_client.get(url).status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_change_form_and_history_render(admin_client, model):
    from django.contrib.auth.models import Group

    if model is Group:
        Group.objects.create(name="Performance leads")
    if model._meta.label == "authtoken.TokenProxy":  # API keys (issue 7)
        from django.contrib.auth import get_user_model
        from rest_framework.authtoken.models import Token

        Token.objects.create(user=get_user_model().objects.get(username="admin"))
    obj = model.objects.first()
    opts = model._meta
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    assert admin_client.get(change).status_code == 200
    history = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]
    )
    assert admin_client.get(history).status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_add_form_renders_where_adding_is_allowed(admin_client, model):
    opts = model._meta
    response = admin_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    )
    assert response.status_code in (200, 403)


def test_overdue_filter_uses_the_queryset_rule(admin_client):
    url = (
        reverse("admin:recommendations_recommendation_changelist") + "?deadline=overdue"
    )
    response = admin_client.get(url)
    shown = response.context["cl"].result_count
    assert shown == Recommendation.objects.overdue().count() > 0


def test_whole_report_is_entered_on_the_inspection_page(admin_client):
    from inspections.models import Authority

    authority = Authority.objects.get(name="Demo Borough Council")
    data = {
        "authority": authority.pk,
        "kind": "focused_visit",
        "inspectorate": "Ofsted",
        "title": "Focused visit",
        "started_on": "2026-02-03",
        "ended_on": "2026-02-04",
        "published_on": "2026-03-06",
        "source_url": "",
        "judgements-TOTAL_FORMS": "1",
        "judgements-INITIAL_FORMS": "0",
        "judgements-0-position": "0",
        "judgements-0-section": "",
        "judgements-0-area": "Overall",
        "judgements-0-grade": "Good",
        "judgements-0-tier": "good",
        "recommendations-TOTAL_FORMS": "2",
        "recommendations-INITIAL_FORMS": "0",
    }
    for index, timescale in enumerate([Timescale.THREE_MONTHS, Timescale.UNSPECIFIED]):
        prefix = f"recommendations-{index}-"
        data.update(
            {
                prefix + "reference": str(index + 1),
                prefix + "position": str(index),
                prefix + "section": "Areas for priority action",
                prefix + "text": f"Recommendation {index + 1}",
                prefix + "timescale": timescale,
                prefix + "lead_agency": "",
                prefix + "team": "",
            }
        )
    response = admin_client.post(reverse("admin:inspections_inspection_add"), data)
    assert response.status_code == 302, response.context["errors"]
    inspection = Inspection.objects.get(title="Focused visit")
    first, second = inspection.recommendations.order_by("position")
    assert first.due_date == first.original_due_date == datetime.date(2026, 6, 6)
    assert second.due_date is None
    assert inspection.judgements.get().tier == "good"


def test_admin_refuses_to_delete_an_inspection_with_recommendations(admin_client):
    inspection = Inspection.objects.filter(recommendations__isnull=False).first()
    url = reverse("admin:inspections_inspection_delete", args=[inspection.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert Inspection.objects.filter(pk=inspection.pk).exists()
    assert b"cannot delete inspection" in response.content.lower()


def test_staff_without_superuser_see_only_their_authorities(client, demo):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    manager = get_user_model().objects.get(username="manager")
    manager.is_staff = True
    manager.save()
    manager.user_permissions.add(Permission.objects.get(codename="view_recommendation"))
    client.force_login(manager)
    response = client.get(reverse("admin:recommendations_recommendation_changelist"))
    assert response.status_code == 200
    authorities = {
        r.inspection.authority.name for r in response.context["cl"].result_list
    }
    assert "Stockport Metropolitan Borough Council" not in authorities
