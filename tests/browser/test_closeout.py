"""A manager reviews Trafford's 2009 recommendations at its 2010 inspection and
records the verdicts."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from inspections.models import Inspection
from recommendations.choices import Outcome
from recommendations.demo import TRAFFORD
from recommendations.models import Recommendation
from tests.browser.helpers import check_a11y, signin, success_banner

MET_QUOTE = "The local authority has made good progress against this recommendation."
NOT_MET_QUOTE = "Some initial assessments remain unallocated."


def verdict(page, recommendation, outcome: str, quote: str):
    """Fill one recommendation's part of the review: its verdict and the words."""
    group = page.get_by_role(
        "group",
        name=f"Recommendation {recommendation.reference or recommendation.pk}",
        exact=True,
    )
    expect(group).to_contain_text(recommendation.text)
    group.get_by_label("Verdict").select_option(label=outcome)
    group.get_by_label("The inspectors' words").fill(quote)
    return group


def test_manager_records_verdicts_on_earlier_recommendations(page, screenshot):
    earlier, newer = Inspection.objects.filter(authority__name=TRAFFORD).order_by(
        "published_on"
    )
    # The demo already holds the 2010 report's verdicts on three of them.
    met, not_met = (
        Recommendation.objects.filter(inspection=earlier)
        .awaiting_verdict_from(newer)
        .order_by("position")[:2]
    )
    signin(page, "manager")

    page.goto(newer.get_absolute_url())
    check_a11y(page)
    page.get_by_role("link", name="Review earlier recommendations").click()
    expect(page).to_have_url(reverse("inspections:closeout", args=[newer.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Review earlier recommendations"
    )
    check_a11y(page)
    screenshot("review")

    verdict(page, met, "Met", MET_QUOTE)
    verdict(page, not_met, "Not met", NOT_MET_QUOTE)
    screenshot("verdicts")
    page.get_by_role("button", name="Save verdicts").click()

    expect(success_banner(page)).to_be_visible()
    check_a11y(page)
    screenshot("saved")
    met.refresh_from_db()
    not_met.refresh_from_db()
    assert met.closeouts.get().outcome == Outcome.MET
    assert not_met.is_live  # carried forward

    page.goto(met.get_absolute_url())
    expect(page.get_by_text(re.compile("Closed by", re.I)).first).to_be_visible()
    expect(page.get_by_text(MET_QUOTE).first).to_be_visible()
    check_a11y(page)
    screenshot("closed")

    page.goto(not_met.get_absolute_url())
    expect(page.get_by_text(re.compile("carried forward", re.I)).first).to_be_visible()
    screenshot("carried-forward")
