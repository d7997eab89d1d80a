import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from inspections.models import Authority
from recommendations.scale import generate


class Command(BaseCommand):
    help = (
        "Generate realistic synthetic authorities, inspections, recommendations, "
        "actions, notes and evidence for benchmarks (deterministic for a seed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--authorities", type=int, default=150)
        parser.add_argument("--recommendations", type=int, default=100_000)
        parser.add_argument("--actions-per-recommendation", type=int, default=3)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        if Authority.objects.filter(
            slug__startswith=f"scale-{options['seed']}-"
        ).exists():
            raise CommandError(
                f"Scale data for seed {options['seed']} is already in this database; "
                "use another --seed or a fresh database."
            )
        # In debug mode every statement (megabytes each, here) is kept in memory.
        settings.DEBUG = False
        started = time.perf_counter()
        report = generate(
            authorities=options["authorities"],
            recommendations=options["recommendations"],
            actions_per_recommendation=options["actions_per_recommendation"],
            seed=options["seed"],
        )
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{count} {name}" for name, count in report.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Created {summary} in {elapsed:.0f} s"))
