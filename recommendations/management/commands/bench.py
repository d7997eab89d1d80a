import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from recommendations import bench


class Command(BaseCommand):
    help = (
        "Time the everyday pages (p50/p95 server time and query count) against the "
        "configured database, with the overdue page's SQL lower bound."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", dest="json_path", help="also write JSON here")
        parser.add_argument("--requests", type=int, default=30)
        parser.add_argument("--warmup", type=int, default=5)
        parser.add_argument(
            "--only",
            metavar="PAGE,...",
            help="time only these pages (comma-separated names, as in the table)",
        )
        parser.add_argument(
            "--plans",
            metavar="DIR",
            help="instead of timing, write EXPLAIN ANALYZE of the overdue, dashboard "
            "and API pages' statements to DIR (PostgreSQL only; see docs/plans/)",
        )

    def handle(
        self,
        *args,
        json_path=None,
        requests=30,
        warmup=5,
        plans=None,
        only=None,
        **options,
    ):
        # Debug mode records every query and renders slower: measure production mode.
        settings.DEBUG = False
        if plans:
            try:
                written = bench.write_plans(plans)
            except RuntimeError as error:
                raise CommandError(str(error)) from error
            self.stdout.write("Wrote " + ", ".join(written))
            return
        result = bench.run(
            warmup=warmup, requests=requests, only=only.split(",") if only else None
        )
        rows = result["rows"]
        self.stdout.write(
            f"{result['database']}: {rows['recommendations']} recommendations, "
            f"{rows['actions']} actions; {requests} requests per page after "
            f"{warmup} warm-up"
        )
        self.stdout.write(
            f"{'page':<26}{'p50 ms':>10}{'p95 ms':>10}{'CPU p50':>10}{'queries':>9}"
            f"{'rows':>8}"
        )
        for name, page in result["pages"].items():
            self.stdout.write(
                f"{name:<26}{page['p50_ms']:>10.1f}{page['p95_ms']:>10.1f}"
                f"{page['cpu_p50_ms']:>10.1f}{page['queries']:>9}"
                f"{page.get('rows', ''):>8}"
            )
        for name, why in result["skipped"].items():
            self.stdout.write(f"{name:<26}skipped: {why}")
        self.stdout.write(
            f"overdue lower bound (one SQL statement): "
            f"{result['lower_bound_ms']:.2f} ms; page / lower bound = {result['ratio']}"
        )
        if "lower_bound_one_authority_ms" in result:
            self.stdout.write(
                f"one authority's overdue lower bound: "
                f"{result['lower_bound_one_authority_ms']:.2f} ms; page / lower bound "
                f"= {result['ratio_one_authority']}"
            )
        if json_path:
            Path(json_path).write_text(json.dumps(result, indent=2))
            self.stdout.write(f"Wrote {json_path}")
