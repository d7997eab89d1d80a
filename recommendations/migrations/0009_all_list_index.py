"""An index of every recommendation in the lists' default order (due date, then id).

The "All recommendations" list sorted every visible row to show its first 50:
114 ms for a regional manager at national scale. Read from this index, the page's
rows take 2 ms (docs/performance.md). Building it takes under a second at 100,000
recommendations, during which writes to the table wait.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0008_search_indexes")]

    operations = [
        migrations.AddIndex(
            model_name="recommendation",
            index=models.Index(fields=["due_date", "id"], name="rec_due"),
        ),
    ]
