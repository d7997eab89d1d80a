"""Writes to inspections and judgements. Due dates are the recommendations app's
concern: recommendations.services.save_inspection wraps these when dates change."""

from __future__ import annotations

import datetime

from django.db import transaction

from inspections.models import Authority, Inspection, Judgement
from inspections.validation import validate


def save_with_history(obj, *, user, reason: str = "") -> None:
    """Validate then save `obj`, recording who did it and why in its history."""
    validate(obj)
    obj._history_user = user
    if reason:
        obj._change_reason = reason
    obj.save()


@transaction.atomic
def create_inspection(
    *,
    authority: Authority,
    kind: str,
    user,
    inspectorate: str = "Ofsted",
    title: str = "",
    started_on: datetime.date | None = None,
    ended_on: datetime.date | None = None,
    published_on: datetime.date | None = None,
    source_url: str = "",
    report_file=None,
    report_filename: str = "",
) -> Inspection:
    inspection = Inspection(
        authority=authority,
        kind=kind,
        inspectorate=inspectorate,
        title=title,
        started_on=started_on,
        ended_on=ended_on,
        published_on=published_on,
        source_url=source_url,
        report_filename=report_filename,
    )
    if report_file is not None:
        inspection.report_file = report_file
    save_with_history(inspection, user=user, reason="Inspection entered")
    return inspection


@transaction.atomic
def add_judgement(
    *,
    inspection: Inspection,
    area: str,
    grade: str,
    tier: str,
    user,
    section: str = "",
    position: int | None = None,
) -> Judgement:
    if position is None:
        position = inspection.judgements.count()
    judgement = Judgement(
        inspection=inspection,
        area=area,
        grade=grade,
        tier=tier,
        section=section,
        position=position,
    )
    save_with_history(judgement, user=user)
    return judgement


def find_duplicate(
    *, authority: Authority, kind: str, started_on, ended_on, published_on
) -> Inspection | None:
    """An inspection already recorded with the same authority, kind and dates."""
    return Inspection.objects.filter(
        authority=authority,
        kind=kind,
        started_on=started_on,
        ended_on=ended_on,
        published_on=published_on,
    ).first()
