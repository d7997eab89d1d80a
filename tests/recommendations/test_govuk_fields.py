"""{% govuk_field %}: the lists' filter fields in GOV.UK markup, written in Python."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from inspections.choices import Role
from recommendations.filters import MANY_AUTHORITIES, RecommendationFilterSet
from recommendations.models import Recommendation, Team
from tests.factories import (
    AuthorityFactory,
    InspectionFactory,
    MembershipFactory,
    RecommendationFactory,
    TeamFactory,
    UserFactory,
)


def rendered(query: str) -> dict[str, str]:
    request = RequestFactory().get(f"/?{query}")
    request.user = AnonymousUser()
    form = RecommendationFilterSet(
        request.GET, queryset=Recommendation.objects.none(), request=request
    ).form
    form.is_valid()
    template = Template("{% load govuk_fields %}{% govuk_field field %}")
    return {field.name: template.render(Context({"field": field})) for field in form}


@pytest.mark.django_db
def test_every_control_has_its_govuk_class_label_and_hint():
    html = rendered("q=care+%26+%3Cleaving%3E&kind=focused_visit&due_after=2020-01-01")
    assert '<label class="govuk-label" for="id_q">Search</label>' in html["q"]
    assert '<div id="id_q_hint" class="govuk-hint">' in html["q"]
    assert 'value="care &amp; &lt;leaving&gt;"' in html["q"]
    assert 'class="govuk-input" aria-describedby="id_q_hint"' in html["q"]
    # A text input, not the browser's date picker; the ISO date from a link kept.
    assert (
        '<input type="text" name="due_after" value="2020-01-01" autocomplete="off" '
        'spellcheck="false" class="govuk-input govuk-input--width-10" '
        'aria-describedby="id_due_after_hint" id="id_due_after">' in (html["due_after"])
    )
    assert (
        '<div id="id_due_after_hint" class="govuk-hint">For example, 27/3/2026</div>'
        in html["due_after"]
    )
    assert 'type="number"' in html["days_overdue"]
    assert 'class="govuk-input govuk-input--width-4"' in html["days_overdue"]
    for name in ("authority", "inspection", "team", "owner", "kind", "revised"):
        assert 'class="govuk-select"' in html[name], name
    assert (
        '<option value="focused_visit" selected>Focused visit</option>'
        in (html["kind"])
    )
    assert "govuk-form-group--error" not in "".join(html.values())


@pytest.mark.django_db
def test_checkboxes_keep_their_choices_and_the_first_takes_the_fields_id():
    html = rendered("status=open&status=closed")["status"]
    assert '<legend class="govuk-fieldset__legend">Status</legend>' in html
    assert 'id="id_status" name="status" type="checkbox" value="open" checked>' in html
    assert 'id="id_status_2" name="status" type="checkbox" value="in_progress">' in html
    assert 'value="closed" checked>' in html
    assert html.count('type="checkbox"') == 4


@pytest.mark.django_db
def test_an_invalid_value_is_shown_as_a_govuk_error_linked_from_the_control():
    html = rendered("days_overdue=-3")["days_overdue"]
    assert 'class="govuk-form-group govuk-form-group--error"' in html
    assert (
        '<p id="id_days_overdue_error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span> '
    ) in html
    assert 'class="govuk-input govuk-input--width-4 govuk-input--error"' in html
    assert 'aria-describedby="id_days_overdue_error"' in html


@pytest.mark.django_db
def test_a_date_that_cannot_be_read_is_a_govuk_error_on_a_text_input():
    html = rendered("due_before=31%2F02%2F2026")["due_before"]
    assert 'class="govuk-form-group govuk-form-group--error"' in html
    assert "&#x27;Due on or before&#x27; must be a real date</p>" in html
    assert (
        'value="31/02/2026" autocomplete="off" spellcheck="false" '
        'class="govuk-input govuk-input--width-10 govuk-input--error" '
        'aria-describedby="id_due_before_hint id_due_before_error"'
    ) in html


@pytest.mark.django_db
def test_the_error_summary_links_to_each_invalid_filter(client, manager):
    client.force_login(manager)
    html = client.get(
        reverse("recommendations:overdue"), {"days_overdue": "-1", "status": "x"}
    ).content.decode()
    assert '<a href="#id_days_overdue">' in html
    assert '<a href="#id_status">' in html
    assert 'id="id_status" name="status"' in html


# Long selects: a regional view offers the chosen authority's entries -------------


@pytest.fixture
def regional_manager(db):
    manager = UserFactory(username="regional")
    authorities = [AuthorityFactory() for _ in range(MANY_AUTHORITIES + 1)]
    for authority in authorities:
        MembershipFactory(user=manager, authority=authority, role=Role.MANAGER)
        TeamFactory(authority=authority, name=f"Team of {authority.name}")
        InspectionFactory(authority=authority)
    return manager, authorities


def options(html: str, name: str) -> list[str]:
    select = html.split(f'<select name="{name}"', 1)[1].split("</select>", 1)[0]
    return [part.split(">", 1)[1] for part in select.split("<option")[1:]]


def test_with_many_authorities_and_none_chosen_teams_wait_for_an_authority(
    client, regional_manager
):
    manager, authorities = regional_manager
    client.force_login(manager)
    html = client.get(reverse("recommendations:overdue")).content.decode()
    assert len(options(html, "authority")) == len(authorities) + 1
    for name in ("team", "inspection", "owner"):
        assert len(options(html, name)) == 1, name  # only "Any ..."
    assert "Choose an authority and apply the filters to list its owning teams" in html


def test_choosing_an_authority_lists_its_teams(client, regional_manager):
    manager, authorities = regional_manager
    client.force_login(manager)
    chosen = authorities[2]
    html = client.get(
        reverse("recommendations:overdue"), {"authority": chosen.pk}
    ).content.decode()
    assert options(html, "team") == [
        "Any team</option>",
        (f"Team of {chosen.name}</option>"),
    ]
    assert len(options(html, "inspection")) == 2


def test_a_team_from_a_link_is_still_offered_selected_and_applied(
    client, regional_manager
):
    manager, authorities = regional_manager
    team = Team.objects.get(authority=authorities[4])
    mine = RecommendationFactory(
        inspection=authorities[4].inspections.get(), team=team, overdue=True
    )
    RecommendationFactory(inspection=authorities[1].inspections.get(), overdue=True)
    client.force_login(manager)
    response = client.get(reverse("recommendations:overdue"), {"team": team.pk})
    html = response.content.decode()
    assert f'<option value="{team.pk}" selected>Team of' in html
    assert [row.record for row in response.context["table"].paginated_rows] == [mine]


def brute_force_page_items(current, last):
    """The rule as the pagination template used to apply it, page by page."""
    items = []
    for number in range(1, last + 1):
        if (
            number in (1, last)
            or current - 1 <= number <= current + 1
            or number == current - 2 == 2
            or number == current + 2 == last - 1
        ):
            items.append(number)
        elif number in (current - 2, current + 2):
            items.append(None)
    return items


@pytest.mark.parametrize("last", range(1, 13))
def test_page_items_follow_the_govuk_pagination_rule(last):
    from django.core.paginator import Paginator

    from recommendations.templatetags.govuk_tables import govuk_page_items

    paginator = Paginator(range(last), 1)
    for current in range(1, last + 1):
        items = govuk_page_items(paginator.page(current))
        assert items == brute_force_page_items(current, last), (current, last)


def test_page_items_do_not_grow_with_the_number_of_pages():
    from django.core.paginator import Paginator

    from recommendations.templatetags.govuk_tables import govuk_page_items

    page = Paginator(range(1_000_000), 10).page(500)
    assert govuk_page_items(page) == [1, None, 499, 500, 501, None, 100_000]
