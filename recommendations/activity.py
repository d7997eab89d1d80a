"""Each recommendation's action counts and last update, kept by the database.

Every list shows, for each recommendation, how many of its actions are done (of
those not cancelled) and its last update: the newest of its own last change, its
newest note and its most recently changed action. Computed per row, they are cheap
for a page of 50, but sorting a list by them computed them for every row in scope:
0.8 s for a regional manager's 100,000 (docs/performance.md). So one Activity row
per recommendation holds them, and database triggers keep it, as they keep the
dashboard's tallies (recommendations/tallies.py): every route that changes a
recommendation, an action or a note keeps it (services, admin, imports, the scale
generator's raw inserts). Django never writes it.

Counts move by increments and the last update only moves forward (the greater of
the old and the new), so writers working on one recommendation at the same time
cannot undo each other's changes. When an action or a note leaves a recommendation
(deleted, or moved to another in the admin), that recommendation's last update is
computed afresh. A time moved back (a note's date corrected in the admin) leaves
the last update as it was, and a recomputation racing a concurrent write can leave
it a moment behind; `check_tallies` finds both and `--fix` repairs them.

The SQL below is the one definition, for SQLite and PostgreSQL; migration 0013
installs it, recount() rebuilds the table and differences() compares it with a
fresh count through the ORM (`manage.py check_tallies` runs both checks).

On SQLite, Django alters a table by rebuilding it, and SQLite refuses while a
trigger names the table. A migration that alters the recommendations, actions,
notes or inspections table must first run this module's and the tallies'
uninstall_sql(), then their install_sql() and recount() (tests/recommendations/
test_activity.py rehearses it).
"""

# ruff: noqa: S608 - every statement here is built from this module's constants
# (table, column and status names, NEW/OLD) and never from input.
from __future__ import annotations

from django.db import connection, transaction

from recommendations.choices import ActionStatus
from recommendations.tallies import run

ACTIVITY = "recommendations_activity"
REC = "recommendations_recommendation"
ACTION = "recommendations_action"
NOTE = "recommendations_note"
COLUMNS = "recommendation_id, last_update, actions_total, actions_done, actions_blocked"


def _is(row: str, condition: str) -> str:
    return f"(CASE WHEN {row}.status {condition} THEN 1 ELSE 0 END)"


def counted(row: str) -> dict[str, str]:
    """What action `row` adds to each count, as SQL."""
    return {
        "actions_total": _is(row, f"<> '{ActionStatus.CANCELLED}'"),
        "actions_done": _is(row, f"= '{ActionStatus.DONE}'"),
        "actions_blocked": _is(row, f"= '{ActionStatus.BLOCKED}'"),
    }


def greatest(vendor: str) -> str:
    return "GREATEST" if vendor == "postgresql" else "MAX"


def last_update_of(vendor: str, rec: str) -> str:
    """SQL for recommendation row `rec`'s last update, computed afresh."""
    return (
        f"{greatest(vendor)}({rec}.updated_at, "
        f"COALESCE((SELECT MAX(n.created_at) FROM {NOTE} n "
        f"WHERE n.recommendation_id = {rec}.id), {rec}.updated_at), "
        f"COALESCE((SELECT MAX(x.updated_at) FROM {ACTION} x "
        f"WHERE x.recommendation_id = {rec}.id), {rec}.updated_at))"
    )


def triggers(vendor: str) -> list[tuple[str, str, str, list[str]]]:
    """(name, event, table, statements) of every trigger that keeps the table."""
    newer = greatest(vendor)

    def moved_on(recommendation: str, when: str) -> str:
        return (
            f"UPDATE {ACTIVITY} SET last_update = {newer}(last_update, {when}) "
            f"WHERE recommendation_id = {recommendation}"
        )

    def recomputed(row: str, when: str = "") -> str:
        """The last update of `row`'s recommendation computed afresh, after `row`
        left it (deleted, or moved to another where `when` holds)."""
        return (
            f"UPDATE {ACTIVITY} SET last_update = (SELECT "
            f"{last_update_of(vendor, 'r')} FROM {REC} r "
            f"WHERE r.id = {row}.recommendation_id) "
            f"WHERE recommendation_id = {row}.recommendation_id"
            + (f" AND {when}" if when else "")
        )

    def count(row: str, sign: str) -> str:
        changes = ", ".join(
            f"{column} = {column} {sign} {amount}"
            for column, amount in counted(row).items()
        )
        moved = f", last_update = {newer}(last_update, NEW.updated_at)" * (sign == "+")
        return (
            f"UPDATE {ACTIVITY} SET {changes}{moved} "
            f"WHERE recommendation_id = {row}.recommendation_id"
        )

    moved_away = "OLD.recommendation_id <> NEW.recommendation_id"
    return [
        (
            "rec_insert",
            "INSERT",
            REC,
            [
                f"INSERT INTO {ACTIVITY} ({COLUMNS}) "
                "VALUES (NEW.id, NEW.updated_at, 0, 0, 0)"
            ],
        ),
        (
            "rec_update",
            "UPDATE OF updated_at",
            REC,
            [moved_on("NEW.id", "NEW.updated_at")],
        ),
        (
            "rec_delete",
            "DELETE",
            REC,
            [f"DELETE FROM {ACTIVITY} WHERE recommendation_id = OLD.id"],
        ),
        ("action_insert", "INSERT", ACTION, [count("NEW", "+")]),
        (
            "action_update",
            "UPDATE",
            ACTION,
            [count("OLD", "-"), count("NEW", "+"), recomputed("OLD", moved_away)],
        ),
        ("action_delete", "DELETE", ACTION, [count("OLD", "-"), recomputed("OLD")]),
        (
            "note_insert",
            "INSERT",
            NOTE,
            [moved_on("NEW.recommendation_id", "NEW.created_at")],
        ),
        (
            "note_update",
            "UPDATE OF created_at, recommendation_id",
            NOTE,
            [
                moved_on("NEW.recommendation_id", "NEW.created_at"),
                recomputed("OLD", moved_away),
            ],
        ),
        ("note_delete", "DELETE", NOTE, [recomputed("OLD")]),
    ]


def install_sql(vendor: str) -> list[str]:
    """The triggers (and, on PostgreSQL, their functions) that keep the table."""
    statements = []
    for name, event, table, body in triggers(vendor):
        name = f"recommendations_activity_{name}"
        steps = "".join(f"{step};\n" for step in body)
        if vendor == "postgresql":
            statements += [
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger "
                f"LANGUAGE plpgsql AS $$\nBEGIN\n{steps}RETURN NULL;\nEND\n$$",
                f"CREATE TRIGGER {name} AFTER {event} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}()",
            ]
        else:
            statements.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW\n"
                f"BEGIN\n{steps}END"
            )
    return statements


def uninstall_sql(vendor: str) -> list[str]:
    statements = []
    for name, _event, table, _body in triggers(vendor):
        name = f"recommendations_activity_{name}"
        if vendor == "postgresql":
            statements += [
                f"DROP TRIGGER IF EXISTS {name} ON {table}",
                f"DROP FUNCTION IF EXISTS {name}()",
            ]
        else:
            statements.append(f"DROP TRIGGER IF EXISTS {name}")
    return statements


def recount_sql(vendor: str) -> list[str]:
    """Statements that rebuild the table from the recommendations, actions and
    notes."""
    sums = ", ".join(
        f"SUM({amount}) AS {column}" for column, amount in counted("x").items()
    )
    figures = ", ".join(f"COALESCE(a.{column}, 0)" for column in counted("x"))
    return [
        f"DELETE FROM {ACTIVITY}",
        f"INSERT INTO {ACTIVITY} ({COLUMNS}) "
        f"SELECT r.id, {last_update_of(vendor, 'r')}, "
        f"{figures} FROM {REC} r "
        f"LEFT JOIN (SELECT x.recommendation_id, {sums} FROM {ACTION} x "
        "GROUP BY x.recommendation_id) a "
        "ON a.recommendation_id = r.id",
    ]


def recount(schema_editor=None) -> None:
    """Rebuild the table in one transaction. On PostgreSQL, writes to the
    recommendations, actions and notes wait meanwhile (a second or two at national
    scale): a change committed halfway through could otherwise be lost."""
    vendor = (schema_editor.connection if schema_editor else connection).vendor
    statements = recount_sql(vendor)
    if vendor == "postgresql":
        statements.insert(0, f"LOCK TABLE {REC}, {ACTION}, {NOTE} IN SHARE MODE")
    with transaction.atomic():
        run(statements, schema_editor)


def differences() -> list[str]:
    """Where the table disagrees with each recommendation's figures computed afresh
    through the ORM (correlated subqueries, as the lists computed them before the
    table existed); [] when they agree."""
    from django.db.models import Count, F, OuterRef, Q, Subquery
    from django.db.models.functions import Coalesce, Greatest

    from recommendations.models import Action, Activity, Note, Recommendation

    def actions(condition: Q) -> Coalesce:
        return Coalesce(
            Subquery(
                Action.objects.filter(condition, recommendation=OuterRef("pk"))
                .order_by()
                .values("recommendation")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            0,
        )

    def newest(model, field: str) -> Coalesce:
        rows = model.objects.filter(recommendation=OuterRef("pk")).order_by(f"-{field}")
        return Coalesce(Subquery(rows.values(field)[:1]), F("updated_at"))

    expected = {
        pk: figures
        for pk, *figures in Recommendation.objects.order_by().values_list(
            "pk",
            Greatest(
                "updated_at", newest(Note, "created_at"), newest(Action, "updated_at")
            ),
            actions(~Q(status=ActionStatus.CANCELLED)),
            actions(Q(status=ActionStatus.DONE)),
            actions(Q(status=ActionStatus.BLOCKED)),
        )
    }
    found = {
        pk: figures
        for pk, *figures in Activity.objects.values_list(
            "pk", "last_update", "actions_total", "actions_done", "actions_blocked"
        )
    }
    return [
        f"activity of recommendation {pk}: {found.get(pk)} kept, "
        f"{expected.get(pk)} expected (last update, actions, done, blocked)"
        for pk in sorted(set(expected) | set(found))
        if found.get(pk) != expected.get(pk)
    ]
