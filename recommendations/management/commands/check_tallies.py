from django.core.management.base import BaseCommand, CommandError

from recommendations import activity, tallies


class Command(BaseCommand):
    help = (
        "Compare the figures database triggers keep (the dashboard's tallies, "
        "recommendations/tallies.py, and each recommendation's activity, "
        "recommendations/activity.py) with the same figures computed afresh, and "
        "say where they differ. Safe to run from cron. --fix recomputes them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix",
            action="store_true",
            help="Recompute the tallies and the activity figures, each in one "
            "transaction.",
        )

    def handle(self, *args, fix=False, **options):
        if fix:
            tallies.recount()
            activity.recount()
            self.stdout.write("Tallies and activity recomputed.")
        found = tallies.differences() + activity.differences()
        for line in found[:50]:
            self.stderr.write(line)
        if found:
            raise CommandError(
                f"{len(found)} row(s) differ from a fresh count; "
                "`manage.py check_tallies --fix` recomputes them."
            )
        self.stdout.write("The tallies and activity figures match the data.")
