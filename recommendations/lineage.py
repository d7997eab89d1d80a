"""A recommendation's story across inspections: raised, carried forward, met.

A chain runs through close-outs: each later inspection's verdict on a recommendation,
and the new report's recommendation that repeats it (`CloseOut.successor`). These
functions read a chain, or an inspection's part in chains, in a fixed number of
queries however long the chain is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from inspections.models import Inspection
from recommendations import permissions
from recommendations.choices import Outcome, RecommendationStatus
from recommendations.models import CloseOut, Recommendation
from recommendations.querysets import inspection_date


@dataclass
class Link:
    """One recommendation in a chain and the verdicts later inspections gave on it."""

    recommendation: Recommendation
    closeouts: list[CloseOut] = field(default_factory=list)
    is_current: bool = False


@dataclass
class Lineage:
    """The chain a recommendation belongs to, oldest first."""

    links: list[Link]
    closed_by: CloseOut | None = None

    def __bool__(self) -> bool:
        """False when there is no story yet: one recommendation, never judged."""
        return len(self.links) > 1 or any(link.closeouts for link in self.links)

    @property
    def current(self) -> Link:
        return next(link for link in self.links if link.is_current)


def _chain_ids(start: int, edges: list[tuple[int, int]]) -> set[int]:
    """The ids connected to `start` by successor links, in either direction."""
    neighbours: dict[int, set[int]] = {}
    for earlier, later in edges:
        neighbours.setdefault(earlier, set()).add(later)
        neighbours.setdefault(later, set()).add(earlier)
    seen, todo = {start}, [start]
    while todo:
        for other in neighbours.get(todo.pop(), ()):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def lineage_for(recommendation: Recommendation) -> Lineage:
    """The whole chain of `recommendation`, in three queries (two if it is alone).

    Successor links never cross authorities (record_closeout refuses that), so the
    authority's links are few enough to walk in Python.
    """
    edges = list(
        CloseOut.objects.current()
        .filter(
            successor__isnull=False,
            recommendation__inspection__authority_id=(
                recommendation.inspection.authority_id
            ),
        )
        .values_list("recommendation_id", "successor_id")
    )
    ids = _chain_ids(recommendation.pk, edges)
    # Most recommendations are in no chain: the one we have is the whole of it.
    recs = (
        [recommendation]
        if ids == {recommendation.pk}
        else Recommendation.objects.filter(pk__in=ids).select_related("inspection")
    )
    links = {
        rec.pk: Link(recommendation=rec, is_current=rec.pk == recommendation.pk)
        for rec in recs
    }
    closeouts = CloseOut.objects.filter(recommendation_id__in=ids).select_related(
        "inspection", "successor__inspection"
    )
    for closeout in closeouts.order_by("decided_at", "pk"):
        links[closeout.recommendation_id].closeouts.append(closeout)
    ordered = sorted(
        links.values(),
        key=lambda link: (
            link.recommendation.inspection.base_date,
            link.recommendation.position,
            link.recommendation.pk,
        ),
    )
    closed_by = None
    if recommendation.status == RecommendationStatus.CLOSED:
        closing = [
            c
            for c in links[recommendation.pk].closeouts
            if c.closes and not c.is_reopened
        ]
        closed_by = closing[-1] if closing else None
    return Lineage(links=ordered, closed_by=closed_by)


def lineage_context(recommendation: Recommendation, user) -> dict:
    """Context for templates/recommendations/includes/lineage.html."""
    return {
        "lineage": lineage_for(recommendation),
        "can_reopen": recommendation.status == RecommendationStatus.CLOSED
        and permissions.is_manager(user, recommendation.inspection.authority_id),
    }


@dataclass
class InspectionCloseouts:
    """An inspection's part in chains: the verdicts it gave and the ones it received."""

    given: list[CloseOut]
    received: list[CloseOut]
    counts: list[tuple[str, int]]

    def __bool__(self) -> bool:
        return bool(self.given or self.received)


def outcome_counts(closeouts) -> list[tuple[str, int]]:
    """(outcome label, count) for every outcome, standing verdicts only, in order."""
    found = dict(
        closeouts.current()
        .order_by()
        .values("outcome")
        .annotate(n=Count("pk"))
        .values_list("outcome", "n")
    )
    return [(label, found.get(value, 0)) for value, label in Outcome.choices]


def inspection_closeouts(inspection: Inspection) -> InspectionCloseouts:
    """What an inspection closed and carried forward, and what later ones said of
    its own recommendations, in three queries."""
    given = CloseOut.objects.filter(inspection=inspection)
    received = CloseOut.objects.filter(recommendation__inspection=inspection)
    return InspectionCloseouts(
        given=list(
            given.select_related("recommendation__inspection", "successor")
            .alias(raised_on=inspection_date("recommendation__inspection__"))
            .order_by("raised_on", "recommendation__position", "pk")
        ),
        received=list(
            received.select_related(
                "recommendation", "inspection", "successor"
            ).order_by("recommendation__position", "decided_at", "pk")
        ),
        counts=outcome_counts(given),
    )
