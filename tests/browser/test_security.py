"""Security as a person in the browser meets it: another authority's pages do not
exist for them, and text people typed is shown, never run."""

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from inspections.models import Inspection
from recommendations import services
from recommendations.choices import Timescale
from recommendations.demo import DEMO_AUTHORITY, TRAFFORD
from recommendations.models import Recommendation, Team
from tests.browser.helpers import check_a11y, signin

SCRIPT = "<script>window.__xss=1</script>"


def test_stockport_officer_gets_page_not_found_on_trafford_pages(page, screenshot):
    recommendation = Recommendation.objects.filter(
        inspection__authority__name=TRAFFORD
    ).first()
    signin(page, "stockport-officer")

    for step, url in [
        ("recommendation", recommendation.get_absolute_url()),
        ("inspection", recommendation.inspection.get_absolute_url()),
    ]:
        response = page.goto(url)
        assert response.status == 404, url
        expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
        expect(page.get_by_text(recommendation.text[:40])).to_have_count(0)
        expect(page.get_by_text("Trafford")).to_have_count(0)
        check_a11y(page)
        screenshot(step)


def test_script_in_a_recommendation_shows_as_text_and_runs_nothing(page, screenshot):
    inspection = Inspection.objects.get(authority__name=DEMO_AUTHORITY)
    recommendation = services.create_recommendation(
        inspection=inspection,
        user=get_user_model().objects.get(username="admin"),
        text=f"Strategy meetings {SCRIPT} are timely.",
        timescale=Timescale.IMMEDIATE,
        team=Team.objects.get(authority=inspection.authority, name="Front Door"),
    )
    signin(page, "officer")

    page.goto(recommendation.get_absolute_url())
    expect(page.get_by_text(SCRIPT)).to_be_visible()
    assert page.evaluate("window.__xss") is None
    screenshot("recommendation")

    page.goto("/")  # the officer's team owns it, so it is listed at home
    expect(page.get_by_text(SCRIPT)).to_be_visible()
    assert page.evaluate("window.__xss") is None
    screenshot("home")
