"""An index of actions in their default order (target date, then id), from which
the API's action list reads its page instead of sorting every visible action
(docs/performance.md)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0010_history_newest_first")]

    operations = [
        migrations.AddIndex(
            model_name="action",
            index=models.Index(fields=["target_date", "id"], name="action_target"),
        ),
    ]
