"""Synthetic data at national scale, for benchmarks and load tests.

Deterministic for a seed (and a `today`), written with bulk inserts in batches, with
the audit-history rows the app itself would have written. Nothing here is used by the
product's pages; it exists so that performance is measured on realistic volumes.

The small tables (authorities, people, teams, inspections) go through
bulk_create_with_history; the large ones through RowWriter, which inserts plain rows
without building model instances: 100,000 recommendations with their actions, notes,
evidence, close-outs and history are about 1.2 million rows.
"""

from __future__ import annotations

import datetime
import random
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from inspections.choices import InspectionKind, Role, Tier
from inspections.models import Authority, Inspection, Judgement, Membership
from recommendations.choices import (
    ActionStatus,
    Outcome,
    RecommendationStatus,
    Timescale,
)
from recommendations.deadlines import due_date_for
from recommendations.models import (
    Action,
    CloseOut,
    Evidence,
    Note,
    Recommendation,
    Team,
)

BATCH = 2000
FINISHED = (RecommendationStatus.IMPLEMENTED, RecommendationStatus.CLOSED)
TEAM_NAMES = [
    "Front Door",
    "Children in Care",
    "Care Leavers",
    "Quality Assurance",
    "Early Help",
    "Disabled Children",
    "Fostering",
]
TEXT_OPENINGS = ["Improve", "Ensure", "Strengthen", "Review", "Embed", "Develop"]
TEXT_SUBJECTS = [
    "the timeliness of strategy meetings",
    "management oversight of casework",
    "the quality of assessments",
    "return home interviews for missing children",
    "pathway planning for care leavers",
    "placement sufficiency",
    "supervision of social workers",
    "the voice of the child in plans",
    "performance information used by senior leaders",
    "multi-agency information sharing",
]
TIMESCALE_WEIGHTS = [
    (Timescale.IMMEDIATE, 2),
    (Timescale.THREE_MONTHS, 3),
    (Timescale.SIX_MONTHS, 3),
    (Timescale.LONGER_TERM, 1),
    (Timescale.UNSPECIFIED, 4),
]
KINDS = [
    InspectionKind.SIF,
    InspectionKind.ILACS,
    InspectionKind.FOCUSED_VISIT,
    InspectionKind.MONITORING_VISIT,
    InspectionKind.JTAI,
]


class RowWriter:
    """Bulk INSERTs of plain rows, each with the history row the app writes.

    Rows are dicts of database-ready values keyed by column; columns a row leaves out
    take the model field's default (timestamps: the time of the run). At this volume
    Django's bulk_create spends most of its time building model instances (twice,
    with history) and preparing each value one by one; here a batch is one INSERT
    into the table and one into its history table.
    """

    def __init__(self, model, *, user_id: int, now: datetime.datetime):
        stamp = connection.ops.adapt_datetimefield_value(now)
        self.table = _Table(model)
        self.defaults = {
            field.column: self._default(field, stamp) for field in self.table.fields
        }
        history = model.history.model
        self.history = _Table(history)
        self.history_extra = {
            "history_date": stamp,
            "history_change_reason": None,
            "history_type": "+",
            "history_user_id": user_id,
        }

    @staticmethod
    def _default(field, stamp):
        if isinstance(field, models.DateTimeField) and (
            field.auto_now or field.auto_now_add or field.has_default()
        ):
            return stamp
        return field.get_default()

    def insert(self, rows: list[dict]) -> None:
        """Insert the rows and their history; each row gets its new "id"."""
        full = [{**self.defaults, **row} for row in rows]
        ids = self.table.insert(full, returning=True)
        for row, complete, pk in zip(rows, full, ids, strict=True):
            row["id"] = complete["id"] = pk
        self.history.insert([{**row, **self.history_extra} for row in full])


class _Table:
    """One table's INSERT statement, for rows given as dicts by column."""

    def __init__(self, model):
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.columns = [f.column for f in self.fields]
        quote = connection.ops.quote_name
        names = ", ".join(quote(column) for column in self.columns)
        # Names come from the models' _meta, quoted; every value is a parameter.
        self.head = f"INSERT INTO {quote(model._meta.db_table)} ({names}) "  # noqa: S608
        self.returning = f" RETURNING {quote(model._meta.pk.column)}"

    def insert(self, rows: list[dict], *, returning: bool = False) -> list:
        if not rows:
            return []
        tail = self.returning if returning else ""
        ids = []
        with connection.cursor() as cursor:
            for sql, params in self._statements(rows):
                cursor.execute(sql + tail, params)
                if returning:
                    ids.extend(row[0] for row in cursor.fetchall())
        return ids

    def _statements(self, rows):
        if connection.vendor == "postgresql":
            # One array per column: a statement of a few dozen parameters, however
            # many rows (a VALUES list of 100,000 placeholders costs the driver more
            # to parse than the database to insert). Django's bulk_create does the
            # same; UNNEST keeps the rows' order, so RETURNING ids match them.
            arrays = ", ".join(
                f"%s::{field.db_type(connection)}[]" for field in self.fields
            )
            yield (
                f"{self.head}SELECT * FROM UNNEST({arrays})",  # noqa: S608
                [[row[column] for row in rows] for column in self.columns],
            )
            return
        limit = connection.features.max_query_params
        size = max(1, limit // len(self.columns)) if limit else len(rows)
        values = "(" + ", ".join(["%s"] * len(self.columns)) + ")"
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            yield (
                self.head + "VALUES " + ", ".join([values] * len(batch)),
                [row[column] for row in batch for column in self.columns],
            )


@dataclass
class ScaleReport:
    counts: dict[str, int] = field(default_factory=dict)


def _batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Progress:
    """A plain progress bar on stderr (no dependency); silent when not a terminal."""

    def __init__(self, total: int, label: str, stream=None):
        self.total, self.label, self.done = max(total, 1), label, 0
        self.stream = stream or sys.stderr

    def advance(self, count: int) -> None:
        self.done += count
        filled = int(30 * self.done / self.total)
        self.stream.write(
            f"\r{self.label:<16} [{'#' * filled}{'.' * (30 - filled)}] "
            f"{self.done:>8}/{self.total}"
        )
        if self.done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _status_for(rng: random.Random, base: datetime.date, today: datetime.date) -> str:
    """Older reports' recommendations are mostly finished; recent ones mostly live."""
    age_years = (today - base).days / 365
    live_share = max(0.05, 1 - age_years / 3)
    roll = rng.random()
    if roll < live_share * 0.5:
        return RecommendationStatus.OPEN
    if roll < live_share:
        return RecommendationStatus.IN_PROGRESS
    return (
        RecommendationStatus.CLOSED
        if age_years > 2
        else (RecommendationStatus.IMPLEMENTED)
    )


@transaction.atomic
def generate(
    *,
    authorities: int,
    recommendations: int,
    actions_per_recommendation: int = 3,
    seed: int = 1,
    today: datetime.date | None = None,
    progress: Callable[[int, str], Progress] = Progress,
) -> ScaleReport:
    rng = random.Random(seed)  # noqa: S311 - synthetic data, reproducible by design
    unusable = make_password(None)  # generated people cannot sign in
    today = today or timezone.localdate()
    User = get_user_model()
    system, _ = User.objects.get_or_create(
        username="scale-data", defaults={"first_name": "Scale", "last_name": "Data"}
    )
    prefix = f"Scale {seed}"

    new_authorities = bulk_create_with_history(
        [
            Authority(name=f"{prefix} Authority {n:03d}", slug=f"scale-{seed}-{n:03d}")
            for n in range(1, authorities + 1)
        ],
        Authority,
        batch_size=BATCH,
        default_user=system,
    )
    users, memberships, teams = [], [], []
    for authority in new_authorities:
        slug = authority.slug
        users.append(
            User(
                username=f"{slug}-manager",
                first_name="Manager",
                last_name=slug,
                password=unusable,
            )
        )  # "!" = unusable password
        users.extend(
            User(
                username=f"{slug}-officer{n:02d}",
                first_name="Officer",
                last_name=f"{n:02d}",
                password=unusable,
            )
            for n in range(1, 11)
        )
        teams.extend(Team(authority=authority, name=name) for name in TEAM_NAMES[:5])
    users = User.objects.bulk_create(users, batch_size=BATCH)
    teams = bulk_create_with_history(teams, Team, batch_size=BATCH, default_user=system)
    officers_of: dict[int, list] = {}
    teams_of: dict[int, list] = {}
    team_members = []
    for index, authority in enumerate(new_authorities):
        people = users[index * 11 : (index + 1) * 11]
        authority_teams = teams[index * 5 : (index + 1) * 5]
        teams_of[authority.pk] = authority_teams
        officers_of[authority.pk] = people[1:]
        memberships.append(
            Membership(user=people[0], authority=authority, role=Role.MANAGER)
        )
        memberships.extend(
            Membership(user=user, authority=authority, role=Role.OFFICER)
            for user in people[1:]
        )
        for n, user in enumerate(people[1:]):
            team_members.append(
                Team.members.through(team_id=authority_teams[n % 5].pk, user_id=user.pk)
            )
    bulk_create_with_history(
        memberships, Membership, batch_size=BATCH, default_user=system
    )
    Team.members.through.objects.bulk_create(team_members, batch_size=BATCH)

    inspections = []
    for authority in new_authorities:
        for _ in range(rng.randint(3, 6)):
            start = today - datetime.timedelta(days=rng.randint(20, 15 * 365))
            end = start + datetime.timedelta(days=rng.randint(0, 14))
            inspections.append(
                Inspection(
                    authority=authority,
                    kind=rng.choice(KINDS),
                    title="Inspection",
                    started_on=start,
                    ended_on=end,
                    published_on=end + datetime.timedelta(days=rng.randint(14, 40)),
                )
            )
    inspections = bulk_create_with_history(
        inspections, Inspection, batch_size=BATCH, default_user=system
    )
    judgements = [
        Judgement(
            inspection=inspection,
            area="Overall effectiveness",
            grade=tier.label,
            tier=tier,
            position=0,
        )
        for inspection in inspections
        for tier in [rng.choice(list(Tier))]
    ]
    bulk_create_with_history(
        judgements, Judgement, batch_size=BATCH, default_user=system
    )

    now = timezone.now()
    writers = {
        model: RowWriter(model, user_id=system.pk, now=now)
        for model in (Recommendation, Action, Note, Evidence, CloseOut)
    }

    def recommendation_rows():
        for n in range(recommendations):
            inspection = inspections[rng.randrange(len(inspections))]
            timescale = _weighted(rng, TIMESCALE_WEIGHTS)
            due = due_date_for(timescale, inspection.base_date)
            status = _status_for(rng, inspection.base_date, today)
            yield (
                inspection,
                {
                    "inspection_id": inspection.pk,
                    "reference": str(n % 12 + 1),
                    "section": "What needs to improve",
                    "text": f"{rng.choice(TEXT_OPENINGS)} {rng.choice(TEXT_SUBJECTS)} "
                    f"(item {n + 1}).",
                    "timescale": timescale,
                    "original_due_date": due,
                    "due_date": due,
                    "priority": timescale == Timescale.IMMEDIATE and rng.random() < 0.3,
                    "team_id": rng.choice(teams_of[inspection.authority_id]).pk,
                    "status": status,
                    "implemented_on": (
                        min(
                            today,
                            inspection.base_date
                            + datetime.timedelta(days=rng.randint(30, 500)),
                        )
                        if status in FINISHED
                        else None
                    ),
                    "position": n % 12,
                },
            )

    counts = {
        "recommendations": 0,
        "actions": 0,
        "notes": 0,
        "evidence": 0,
        "closeouts": 0,
    }
    bar = progress(recommendations, "recommendations")
    for chunk in _batched(recommendation_rows(), BATCH):
        writers[Recommendation].insert([rec for _, rec in chunk])
        actions, notes, evidence, closeouts = [], [], [], []
        for inspection, rec in chunk:
            officers = officers_of[inspection.authority_id]
            finished = rec["status"] in FINISHED
            for _ in range(actions_per_recommendation):
                status = (
                    ActionStatus.DONE
                    if finished
                    else rng.choice(
                        [
                            ActionStatus.NOT_STARTED,
                            ActionStatus.IN_PROGRESS,
                            ActionStatus.DONE,
                            ActionStatus.BLOCKED,
                        ]
                    )
                )
                target = inspection.base_date + datetime.timedelta(
                    days=rng.randint(0, 400)
                )
                actions.append(
                    {
                        "recommendation_id": rec["id"],
                        "description": "Carry out the agreed step.",
                        "owner_id": rng.choice(officers).pk,
                        "team_id": rec["team_id"],
                        "target_date": target,
                        "status": status,
                        "completed_on": min(target, today)
                        if status == ActionStatus.DONE
                        else None,
                    }
                )
            for _ in range(rng.randint(0, 2)):
                notes.append(
                    {
                        "recommendation_id": rec["id"],
                        "author_id": rng.choice(officers).pk,
                        "body": "Progress reviewed at the improvement board.",
                    }
                )
            if finished:
                evidence.append(
                    {
                        "recommendation_id": rec["id"],
                        "description": "Audit report",
                        "url": "https://example.org/evidence",
                        "added_by_id": rng.choice(officers).pk,
                    }
                )
            if rec["status"] == RecommendationStatus.CLOSED:
                closeouts.append(
                    {
                        "recommendation_id": rec["id"],
                        "outcome": Outcome.MET,
                        "decided_by_id": system.pk,
                    }
                )
        for model, rows, key in [
            (Action, actions, "actions"),
            (Note, notes, "notes"),
            (Evidence, evidence, "evidence"),
            (CloseOut, closeouts, "closeouts"),
        ]:
            writers[model].insert(rows)
            counts[key] += len(rows)
        counts["recommendations"] += len(chunk)
        bar.advance(len(chunk))
    counts["authorities"] = len(new_authorities)
    counts["inspections"] = len(inspections)
    counts["users"] = len(users)
    return ScaleReport(counts=counts)
