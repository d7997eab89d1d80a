"""Indexes for the lists' and the API's free-text search (`?q=`), PostgreSQL only.

The search matches each word anywhere in the text or the section, or the whole
reference, ignoring case: Django writes that as UPPER(column) LIKE UPPER('%word%')
and UPPER(reference) = UPPER('word'). Without these indexes PostgreSQL reads every
visible row's text (160 ms for 100,000 recommendations); trigram indexes on the
same UPPER() expressions find the matching rows directly (docs/performance.md).
pg_trgm ships with PostgreSQL and is a trusted extension: the database's owner can
create it. SQLite, the embedded default, keeps scanning, which is fine at one
council's size.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

TABLE = "recommendations_recommendation"
INDEXES = {
    "rec_text_trgm": "USING gin (UPPER(text) gin_trgm_ops)",
    "rec_section_trgm": "USING gin (UPPER(section) gin_trgm_ops)",
    "rec_reference_upper": "(UPPER(reference))",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX {name} ON {TABLE} {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0007_dashboard_tallies")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create, drop),
    ]
