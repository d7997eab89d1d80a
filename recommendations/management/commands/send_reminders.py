import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from recommendations.reminders import send_reminders


def iso_date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


class Command(BaseCommand):
    help = (
        "Send today's reminder emails: each owner's digest of overdue and due-soon "
        "items, and on the configured weekday each manager's overdue summary. Run "
        "it once a day from cron; running it again the same day sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List who would get what, without sending or recording anything.",
        )
        parser.add_argument(
            "--today",
            type=iso_date,
            help="Run as if today were this date (YYYY-MM-DD).",
        )

    def handle(self, *args, dry_run=False, today=None, **options):
        today = today or timezone.localdate()
        result = send_reminders(today=today, dry_run=dry_run)
        verb = "Would send" if dry_run else "Sent"
        for digest in result.sent:
            self.stdout.write(
                f"{verb} {digest.kind_label} to {digest.user.get_username()}: "
                f"{digest.item_count} item(s)"
            )
        self.stdout.write(
            f"{today}: {verb.lower()} {len(result.sent)} email(s), "
            f"{len(result.failed)} failed."
        )
        if result.failed:
            names = ", ".join(d.user.get_username() for d in result.failed)
            raise CommandError(
                f"{len(result.failed)} reminder email(s) failed ({names}); see the "
                "log. They will be retried on the next run."
            )
