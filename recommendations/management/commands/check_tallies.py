from django.core.management.base import BaseCommand, CommandError

from recommendations import tallies


class Command(BaseCommand):
    help = (
        "Compare the dashboard's tallies (kept by database triggers, see "
        "recommendations/tallies.py) with the recommendations counted afresh, and "
        "say where they differ. Safe to run from cron. --fix recounts them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix",
            action="store_true",
            help="Recount the tallies from the recommendations in one transaction.",
        )

    def handle(self, *args, fix=False, **options):
        if fix:
            tallies.recount()
            self.stdout.write("Tallies recounted.")
        found = tallies.differences()
        for line in found[:50]:
            self.stderr.write(line)
        if found:
            raise CommandError(
                f"{len(found)} tally row(s) differ from a fresh count; "
                "`manage.py check_tallies --fix` recounts them."
            )
        self.stdout.write("The tallies match the recommendations.")
