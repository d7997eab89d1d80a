from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from recommendations.demo import USERS, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo: the real seed reports (Trafford 2009 and 2010, Stockport 2006) "
        "and the fictional Demo Borough Council, with demo users. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-demo-users",
            action="store_true",
            help="Create the demo users (known password) even though DEBUG is off.",
        )

    def handle(self, *args, allow_demo_users=False, **options):
        if not settings.DEBUG and not allow_demo_users:
            raise CommandError(
                "DEBUG is off: refusing to create demo users with a known password. "
                "Pass --allow-demo-users if this really is a demonstration site."
            )
        result = load_demo()
        for name in result.created:
            self.stdout.write(f"Loaded {name}")
        if not result.created:
            self.stdout.write("The demo data was already loaded; nothing changed.")
        self.stdout.write(
            self.style.SUCCESS(f"Demo sign-ins (password for all: {result.password}):")
        )
        for username in USERS:
            self.stdout.write(f"  {username}")
