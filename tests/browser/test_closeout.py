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
    """Fill one recommendation's part of the review: its outcome and the words."""
    group = page.get_by_role(
        "group", name=re.compile(re.escape(recommendation.text[:40]))
    )
    group.get_by_label(outcome, exact=True).check()
    group.get_by_label(re.compile(r"inspectors|words|quote", re.I)).fill(quote)
    return group


def test_manager_records_verdicts_on_earlier_recommendations(page, screenshot):
    earlier, newer = Inspection.objects.filter(authority__name=TRAFFORD).order_by(
        "published_on"
    )
    met, not_met = (
        Recommendation.objects.filter(inspection=earlier)
        .open()
        .order_by("position")[:2]
    )
    signin(page, "manager")

    page.goto(reverse("inspections:closeout", args=[newer.pk]))
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        re.compile("review", re.I)
    )
    check_a11y(page)
    screenshot("review")

    verdict(page, met, "Met", MET_QUOTE)
    verdict(page, not_met, "Not met", NOT_MET_QUOTE)
    screenshot("verdicts")
    page.get_by_role("button", name=re.compile(r"save|record", re.I)).click()

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
