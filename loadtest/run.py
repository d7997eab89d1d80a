"""`make loadtest`: gunicorn in production mode under locust, then a check that no
update was lost.

    DATABASE_URL=postgres://... python loadtest/run.py [--users 50] [--run-time 60s]

1. Picks officers who own live actions and single-authority managers from the
   database (generate_scale_data makes them) and signs each in: a session row per
   person, so no password is needed and none is hashed during the test.
2. Starts `gunicorn config.wsgi --workers 4` on 127.0.0.1 with DJANGO_DEBUG=0 and a
   freshly generated secret key, and waits until it answers.
3. Runs locust headless (loadtest/locustfile.py) against it, bounded in users and
   time, writing CSV statistics to var/loadtest/.
4. Stops gunicorn, then checks every status change the officers were told had
   succeeded: its history row (action, version, status) exists and the action's
   current version is not older than the newest confirmed one.
5. Prints requests/s, p50/p95/p99, errors, edit conflicts and lost updates, writes
   var/loadtest/summary.json, and exits non-zero on any error or lost update.

It writes to the database (status changes, notes, sessions; the sessions are
deleted afterwards): point it at a copy if the benchmark data must stay untouched,
e.g. `createdb -T bench bench_load`.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "loadtest"
HOST = "127.0.0.1"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=int, default=10)
    parser.add_argument("--run-time", default="60s")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("The load test needs PostgreSQL: set DATABASE_URL=postgres://...")

    # The sessions made here are signed with the key the server will use.
    os.environ["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()

    OUT.mkdir(parents=True, exist_ok=True)
    people_file, success_log = OUT / "people.json", OUT / "updates.jsonl"
    success_log.unlink(missing_ok=True)
    people = sign_in(officers=args.users, managers=max(1, args.users // 4))
    people_file.write_text(json.dumps(people))

    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": HOST,
        # Plain HTTP on the loopback: no redirect to HTTPS.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_VAR_DIR": str(OUT),
        "DJANGO_LOG_LEVEL": "WARNING",
        "LOADTEST_PEOPLE": str(people_file),
        "LOADTEST_SUCCESS_LOG": str(success_log),
    }
    python = sys.executable
    subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [python, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(  # noqa: S603
        [
            python,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"{HOST}:{args.port}",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for(f"http://{HOST}:{args.port}/accounts/login/")
        subprocess.run(  # noqa: S603
            [
                python,
                "-m",
                "locust",
                "-f",
                str(ROOT / "loadtest" / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                args.run_time,
                "--host",
                f"http://{HOST}:{args.port}",
                "--csv",
                str(OUT / "locust"),
                "--only-summary",
            ],
            cwd=ROOT,
            env=env,
            check=False,  # locust exits 1 on any failure; we report it below
        )
    finally:
        server.terminate()
        server.wait(timeout=30)

    summary = {**statistics(OUT / "locust_stats.csv"), **check_updates(success_log)}
    summary["users"] = args.users
    summary["run_time"] = args.run_time
    summary["workers"] = args.workers
    (OUT / "summary.json").write_text(json.dumps(summary, indent=2))
    sign_out(people)
    print_summary(summary)
    return 0 if summary["failures"] == 0 and summary["lost_updates"] == 0 else 1


def sign_in(*, officers: int, managers: int) -> dict:
    """Sessions for officers who own live actions, and for one-authority managers."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore
    from django.db.models import Count

    from inspections.choices import Role
    from inspections.models import Membership
    from recommendations.choices import LIVE_STATUSES
    from recommendations.models import Action, Team

    backend = next(
        (b for b in settings.AUTHENTICATION_BACKENDS if b.endswith(".ModelBackend")),
        settings.AUTHENTICATION_BACKENDS[-1],
    )

    def session(user) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = backend
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    User = get_user_model()
    officer_ids = list(
        Action.objects.open()
        .filter(
            recommendation__status__in=LIVE_STATUSES,
            owner__memberships__role=Role.OFFICER,
        )
        .values_list("owner_id", flat=True)
        .distinct()
        .order_by("owner_id")[:officers]
    )
    manager_memberships = (
        Membership.objects.filter(role=Role.MANAGER)
        .annotate(authorities=Count("user__memberships"))
        .filter(authorities=1)
        .order_by("pk")[:managers]
    )
    people = {
        "officers": [
            {"username": user.username, "session": session(user)}
            for user in User.objects.filter(pk__in=officer_ids)
        ],
        "managers": [
            {
                "username": membership.user.username,
                "session": session(membership.user),
                "teams": list(
                    Team.objects.filter(
                        authority_id=membership.authority_id
                    ).values_list("pk", flat=True)
                ),
            }
            for membership in manager_memberships.select_related("user")
        ],
    }
    if not people["officers"] or not people["managers"]:
        sys.exit("No officers with live actions or managers: run generate_scale_data")
    return people


def sign_out(people: dict) -> None:
    from django.contrib.sessions.models import Session

    keys = [p["session"] for group in people.values() for p in group]
    Session.objects.filter(session_key__in=keys).delete()


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            sys.exit(f"gunicorn did not answer at {url} within {timeout:.0f} s")
        time.sleep(0.5)


def statistics(path: Path) -> dict:
    """The aggregated row of locust's CSV statistics."""
    with path.open() as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}
    total = rows["Aggregated"]
    pages = {
        name: {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "p50_ms": float(row["50%"]),
            "p95_ms": float(row["95%"]),
            "p99_ms": float(row["99%"]),
        }
        for name, row in rows.items()
        if name != "Aggregated"
    }
    return {
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "requests_per_s": round(float(total["Requests/s"]), 1),
        "p50_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        "p99_ms": float(total["99%"]),
        "pages": pages,
    }


def check_updates(log: Path) -> dict:
    """Every confirmed status change is in the history and not overwritten."""
    from recommendations.models import Action

    answers = (
        [json.loads(line) for line in log.read_text().splitlines()]
        if (log.exists())
        else []
    )
    saved = [a for a in answers if a["version"] is not None]
    ids = {a["action"] for a in saved}
    history = set(
        Action.history.filter(id__in=ids).values_list("id", "version", "status")
    )
    missing = [
        a for a in saved if (a["action"], a["version"], a["status"]) not in history
    ]
    newest: dict[int, int] = defaultdict(int)
    for a in saved:
        newest[a["action"]] = max(newest[a["action"]], a["version"])
    current = dict(Action.objects.filter(pk__in=ids).values_list("pk", "version"))
    behind = [pk for pk, version in newest.items() if current.get(pk, 0) < version]
    return {
        "updates_confirmed": len(saved),
        "edit_conflicts": len(answers) - len(saved),
        "lost_updates": len(missing) + len(behind),
    }


def print_summary(summary: dict) -> None:
    print(
        f"\n{summary['users']} users for {summary['run_time']} against gunicorn "
        f"({summary['workers']} workers)\n"
        f"{summary['requests']} requests, {summary['requests_per_s']} requests/s, "
        f"{summary['failures']} errors\n"
        f"p50 {summary['p50_ms']:.0f} ms, p95 {summary['p95_ms']:.0f} ms, "
        f"p99 {summary['p99_ms']:.0f} ms\n"
        f"{summary['updates_confirmed']} status changes confirmed, "
        f"{summary['edit_conflicts']} edit conflicts (expected), "
        f"{summary['lost_updates']} lost\n"
        f"Details: {OUT / 'summary.json'}, {OUT / 'locust_stats.csv'}"
    )


if __name__ == "__main__":
    sys.exit(main())
