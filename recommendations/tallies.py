"""Exact running counts of every authority's recommendations, kept by the database.

The manager's dashboard shows figures over every recommendation ever made: how many
were implemented and closed, the share implemented on time, and how many fell due
and were implemented in each month. Counting 100,000 rows for each view of it is
too slow (docs/performance.md), so two small tables hold the counts per authority:

- StatusTally: per (authority, status), how many, and of those how many were
  implemented on or before / after the original due date;
- MonthTally: per (authority, first day of a month), how many fall due that month
  (current due date) and how many were implemented in it.

Database triggers keep them, so every way a recommendation changes counts: the
services, the admin, imports, the scale generator's raw inserts, a cascade delete.
A recommendation that changes adds itself to its (new) authority's counts and
takes its old self off; an inspection moved to another authority recounts both.
The SQL below is the one definition of those rules, for SQLite and PostgreSQL;
migration 0007 installs it, recount() rebuilds the tables from scratch and
`manage.py check_tallies` compares them with a fresh count. total() answers the
lists' "how many" from them when the only filters are ones they count by.

On SQLite, Django alters a table by rebuilding it, and SQLite refuses while a
trigger names the table: a migration that alters the recommendations or inspections
table must run the procedure recommendations/activity.py describes (both sets of
triggers off, alter, on again, recount).
"""

# ruff: noqa: S608 - every statement here is built from this module's constants
# (table and column names, NEW/OLD) and never from input.
from __future__ import annotations

from django.db import connection, models, transaction
from django_filters.constants import EMPTY_VALUES

REC = "recommendations_recommendation"
STATUS = "recommendations_statustally"
MONTH = "recommendations_monthtally"
INSPECTION = "inspections_inspection"
# The list filters the status tallies count by (see total()).
TALLIED_FILTERS = frozenset({"status", "authority"})
# What a change must touch to alter the counts.
COUNTED = ("inspection_id", "status", "due_date", "original_due_date", "implemented_on")


def month_of(vendor: str, date: str) -> str:
    """SQL for the first day of `date`'s month, as a date."""
    if vendor == "postgresql":
        return f"date_trunc('month', {date})::date"
    return f"date({date}, 'start of month')"


def on_time(row: str) -> str:
    return (
        f"CASE WHEN {row}.implemented_on <= {row}.original_due_date THEN 1 ELSE 0 END"
    )


def late(row: str) -> str:
    return f"CASE WHEN {row}.implemented_on > {row}.original_due_date THEN 1 ELSE 0 END"


def authority_of(row: str) -> str:
    return f"(SELECT authority_id FROM {INSPECTION} WHERE id = {row}.inspection_id)"


def add_row(vendor: str, row: str, authority: str = "") -> list[str]:
    """Statements that count row `row` (NEW) in its authority's tallies (or in
    those of the authority the SQL expression `authority` gives)."""
    authority = authority or authority_of(row)

    def count_month(date: str, due: int, implemented: int) -> str:
        return (
            f"INSERT INTO {MONTH} (authority_id, month, due, implemented) "
            f"SELECT {authority}, {month_of(vendor, f'{row}.{date}')}, {due}, "
            f"{implemented} WHERE {row}.{date} IS NOT NULL "
            f"ON CONFLICT (authority_id, month) DO UPDATE SET "
            f"due = {MONTH}.due + excluded.due, "
            f"implemented = {MONTH}.implemented + excluded.implemented"
        )

    return [
        f"INSERT INTO {STATUS} (authority_id, status, recommendations, on_time, late) "
        f"SELECT {authority}, {row}.status, 1, {on_time(row)}, {late(row)} WHERE true "
        f"ON CONFLICT (authority_id, status) DO UPDATE SET "
        f"recommendations = {STATUS}.recommendations + 1, "
        f"on_time = {STATUS}.on_time + excluded.on_time, "
        f"late = {STATUS}.late + excluded.late",
        count_month("due_date", due=1, implemented=0),
        count_month("implemented_on", due=0, implemented=1),
    ]


def remove_row(vendor: str, row: str, authority: str = "") -> list[str]:
    """Statements that take row `row` (OLD) off its authority's tallies (which
    adding it made: the counts are never written below zero)."""
    authority = authority or authority_of(row)
    return [
        f"UPDATE {STATUS} SET recommendations = recommendations - 1, "
        f"on_time = on_time - {on_time(row)}, late = late - {late(row)} "
        f"WHERE authority_id = {authority} AND status = {row}.status",
        f"UPDATE {MONTH} SET due = due - 1 WHERE authority_id = {authority} "
        f"AND month = {month_of(vendor, f'{row}.due_date')}",
        f"UPDATE {MONTH} SET implemented = implemented - 1 "
        f"WHERE authority_id = {authority} "
        f"AND month = {month_of(vendor, f'{row}.implemented_on')}",
    ]


def recount_sql(vendor: str, authorities: str) -> list[str]:
    """Statements that count the tallies of the authorities matching the SQL
    condition `authorities` (on the column `{authority}`) afresh from their rows."""
    rows = f"{REC} r JOIN {INSPECTION} i ON i.id = r.inspection_id"
    scope = authorities.format(authority="i.authority_id")
    return [
        f"DELETE FROM {STATUS} WHERE {authorities.format(authority='authority_id')}",
        f"DELETE FROM {MONTH} WHERE {authorities.format(authority='authority_id')}",
        f"INSERT INTO {STATUS} (authority_id, status, recommendations, on_time, late) "
        f"SELECT i.authority_id, r.status, COUNT(*), SUM({on_time('r')}), "
        f"SUM({late('r')}) FROM {rows} WHERE {scope} GROUP BY i.authority_id, r.status",
        f"INSERT INTO {MONTH} (authority_id, month, due, implemented) "
        "SELECT authority_id, month, SUM(due), SUM(implemented) FROM ("
        f"SELECT i.authority_id, {month_of(vendor, 'r.due_date')} AS month, "
        f"1 AS due, 0 AS implemented FROM {rows} "
        f"WHERE {scope} AND r.due_date IS NOT NULL "
        "UNION ALL "
        f"SELECT i.authority_id, {month_of(vendor, 'r.implemented_on')}, 0, 1 "
        f"FROM {rows} WHERE {scope} AND r.implemented_on IS NOT NULL"
        ") AS counted GROUP BY authority_id, month",
    ]


def changed(vendor: str, columns=COUNTED) -> str:
    """SQL condition: an UPDATE changed one of these columns."""
    differ = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    return " OR ".join(f"OLD.{column} {differ} NEW.{column}" for column in columns)


def install_sql(vendor: str) -> list[str]:
    """The triggers (and, on PostgreSQL, their functions) that keep the tallies.

    An inspection moved to another authority takes each of its recommendations off
    the old authority's counts and adds it to the new one's. PostgreSQL does that
    row by row with the same statements as any change, which concurrent writers
    cannot upset; SQLite has no loops in triggers, but it runs one writer at a time,
    so it recounts both authorities instead."""
    moved = changed(vendor, ["authority_id"])
    if vendor == "postgresql":

        def function(name: str, statements: list[str], declare: str = "") -> str:
            body = "".join(f"{s};\n" for s in statements)
            return (
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger "
                f"LANGUAGE plpgsql AS $$\n{declare}BEGIN\n{body}RETURN NULL;\nEND\n$$"
            )

        move_each = (
            f"FOR r IN SELECT * FROM {REC} WHERE inspection_id = NEW.id LOOP\n"
            + "".join(
                f"{s};\n"
                for s in remove_row(vendor, "r", "OLD.authority_id")
                + add_row(vendor, "r", "NEW.authority_id")
            )
            + "END LOOP"
        )

        columns = ", ".join(COUNTED)
        return [
            function("recommendations_tally_add", add_row(vendor, "NEW")),
            function("recommendations_tally_remove", remove_row(vendor, "OLD")),
            function(
                "recommendations_tally_change",
                remove_row(vendor, "OLD") + add_row(vendor, "NEW"),
            ),
            function(
                "recommendations_tally_move",
                [move_each],
                declare=f"DECLARE r {REC}%ROWTYPE;\n",
            ),
            f"CREATE TRIGGER recommendations_tally_insert AFTER INSERT ON {REC} "
            "FOR EACH ROW EXECUTE FUNCTION recommendations_tally_add()",
            f"CREATE TRIGGER recommendations_tally_delete AFTER DELETE ON {REC} "
            "FOR EACH ROW EXECUTE FUNCTION recommendations_tally_remove()",
            f"CREATE TRIGGER recommendations_tally_update AFTER UPDATE OF {columns} "
            f"ON {REC} FOR EACH ROW WHEN ({changed(vendor)}) "
            "EXECUTE FUNCTION recommendations_tally_change()",
            f"CREATE TRIGGER recommendations_tally_move AFTER UPDATE OF authority_id "
            f"ON {INSPECTION} FOR EACH ROW WHEN ({moved}) "
            "EXECUTE FUNCTION recommendations_tally_move()",
        ]

    def trigger(name: str, event: str, statements: list[str], when: str = "") -> str:
        body = "".join(f"{s};\n" for s in statements)
        condition = f" WHEN {when}" if when else ""
        return (
            f"CREATE TRIGGER {name} AFTER {event} FOR EACH ROW{condition}\n"
            f"BEGIN\n{body}END"
        )

    return [
        trigger(
            "recommendations_tally_insert", f"INSERT ON {REC}", add_row(vendor, "NEW")
        ),
        trigger(
            "recommendations_tally_delete",
            f"DELETE ON {REC}",
            remove_row(vendor, "OLD"),
        ),
        trigger(
            "recommendations_tally_update",
            f"UPDATE OF {', '.join(COUNTED)} ON {REC}",
            remove_row(vendor, "OLD") + add_row(vendor, "NEW"),
            when=changed(vendor),
        ),
        trigger(
            "recommendations_tally_move",
            f"UPDATE OF authority_id ON {INSPECTION}",
            recount_sql(vendor, "{authority} IN (OLD.authority_id, NEW.authority_id)"),
            when=moved,
        ),
    ]


def uninstall_sql(vendor: str) -> list[str]:
    statements = [
        f"DROP TRIGGER IF EXISTS recommendations_tally_{event}"
        + (f" ON {REC}" if vendor == "postgresql" else "")
        for event in ("insert", "delete", "update")
    ]
    statements.append(
        "DROP TRIGGER IF EXISTS recommendations_tally_move"
        + (f" ON {INSPECTION}" if vendor == "postgresql" else "")
    )
    if vendor == "postgresql":
        statements += [
            f"DROP FUNCTION IF EXISTS recommendations_tally_{name}()"
            for name in ("add", "remove", "change", "move")
        ]
    return statements


def run(statements: list[str], schema_editor=None) -> None:
    if schema_editor is not None:
        for statement in statements:
            schema_editor.execute(statement, params=None)
        return
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def recount(schema_editor=None) -> None:
    """Rebuild both tables from the recommendations, in one transaction. On
    PostgreSQL, writes to the recommendations wait meanwhile (a second or two at
    national scale): a change committed halfway through could otherwise be lost."""
    vendor = (schema_editor.connection if schema_editor else connection).vendor
    statements = recount_sql(vendor, "{authority} IS NOT NULL")
    if vendor == "postgresql":
        statements.insert(0, f"LOCK TABLE {REC}, {INSPECTION} IN SHARE MODE")
    with transaction.atomic():
        run(statements, schema_editor)


def differences() -> list[str]:
    """Where the tallies disagree with the recommendations counted afresh through the
    ORM (an independent second definition of the same counts); [] when they agree."""
    from django.db.models import Count, F, Q
    from django.db.models.functions import TruncMonth

    from recommendations.models import MonthTally, Recommendation, StatusTally

    authority = F("inspection__authority_id")
    expected = {
        ("status", a, s): (n, early, late_)
        for a, s, n, early, late_ in Recommendation.objects.order_by()
        .values_list(authority, "status")
        .annotate(
            n=Count("pk"),
            on_time=Count("pk", filter=Q(implemented_on__lte=F("original_due_date"))),
            late=Count("pk", filter=Q(implemented_on__gt=F("original_due_date"))),
        )
    }
    for field, index in (("due_date", 0), ("implemented_on", 1)):
        for a, month, n in (
            Recommendation.objects.order_by()
            .filter(**{f"{field}__isnull": False})
            .values_list(authority, TruncMonth(field))
            .annotate(n=Count("pk"))
        ):
            counts = list(expected.get(("month", a, month), (0, 0)))
            counts[index] = n
            expected[("month", a, month)] = tuple(counts)
    found = {
        ("status", a, s): (n, early, late_)
        for a, s, n, early, late_ in StatusTally.objects.values_list(
            "authority_id", "status", "recommendations", "on_time", "late"
        )
    } | {
        ("month", a, m): (due, implemented)
        for a, m, due, implemented in MonthTally.objects.values_list(
            "authority_id", "month", "due", "implemented"
        )
    }
    return [
        f"{kind} tally of authority {a} for {key}: {found.get((kind, a, key))} "
        f"counted, {expected.get((kind, a, key))} expected"
        for kind, a, key in sorted(set(expected) | set(found), key=str)
        if any(found.get((kind, a, key), ())) or (kind, a, key) in expected
        if found.get((kind, a, key)) != expected.get((kind, a, key))
    ]


def total(user, filters: dict) -> int | None:
    """How many recommendations `user` sees that pass `filters` (a recommendation
    filter form's cleaned data), read from the status tallies: COUNT(*)'s answer
    without reading every row, which was most of a regional manager's list request
    at national scale (docs/performance.md). None when a filter the tallies do not
    count by is set; django-filter ignores the same empty values as here."""
    from recommendations.models import StatusTally

    applied = {
        name: value for name, value in filters.items() if value not in EMPTY_VALUES
    }
    if not applied.keys() <= TALLIED_FILTERS:
        return None
    tallies = StatusTally.objects.visible_to(user)
    if "status" in applied:
        tallies = tallies.filter(status__in=applied["status"])
    if "authority" in applied:
        chosen = applied["authority"]
        tallies = tallies.filter(
            authority__in=[chosen] if isinstance(chosen, models.Model) else chosen
        )
    return tallies.aggregate(n=models.Sum("recommendations"))["n"] or 0
