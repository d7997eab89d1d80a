"""Officers and managers at work, for `make loadtest` (run through loadtest/run.py).

Officers read their home page, open a recommendation with one of their actions and
move the action on through the same form the page shows (the hidden version
included). Managers list overdue recommendations, filter them by team and by days
overdue, and export their authority's overdue list as CSV.

run.py signs every simulated person in beforehand (a session per person, passed as
a cookie) and names the files below in the environment. Each officer writes one
JSON line per update the server confirmed; run.py then checks every one of them is
in the database. An edit conflict (someone changed the action first) is an
expected answer, logged with no version, never an error.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import secrets
import threading

from locust import HttpUser, between, task

PEOPLE = json.loads(open(os.environ["LOADTEST_PEOPLE"]).read())  # noqa: SIM115
SUCCESS_LOG = os.environ["LOADTEST_SUCCESS_LOG"]
CONFLICT_TEXT = "Someone else changed this"
ACTION_LINK = re.compile(r'href="/recommendations/(\d+)/#action-(\d+)"')
# One person per simulated user, so two users never share an officer's actions.
_officers = itertools.cycle(PEOPLE["officers"])
_managers = itertools.cycle(PEOPLE["managers"])
_take = threading.Lock()
_log = threading.Lock()


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    pool = None

    def on_start(self):
        with _take:
            self.person = next(self.pool)
        # Our own CSRF secret: Django accepts a well-formed cookie value and a form
        # token equal to it. Cookies go in a header of our own because production
        # marks them Secure and this test talks plain HTTP to 127.0.0.1.
        self.csrf = secrets.token_hex(16)
        self.cookie = f"sessionid={self.person['session']}; csrftoken={self.csrf}"

    def get(self, url, **kwargs):
        """A page; anything but 200 (a redirect to sign in, say) is a failure."""
        with self._send(
            "get", url, allow_redirects=False, catch_response=True, **kwargs
        ) as response:
            if response.status_code != 200:
                response.failure(f"answered {response.status_code}")
        return response

    def post(self, url, data, **kwargs):
        data = {**data, "csrfmiddlewaretoken": self.csrf}
        return self._send("post", url, data=data, **kwargs)

    def _send(self, method, url, **kwargs):
        self.client.cookies.clear()
        headers = {"Cookie": self.cookie}
        return self.client.request(method, url, headers=headers, **kwargs)


class Officer(Person):
    weight = 4
    pool = _officers

    @task(2)
    def home(self):
        self.get("/")

    @task(3)
    def update_an_action(self):
        home = self.get("/", name="/ (to pick an action)")
        links = ACTION_LINK.findall(home.text)
        if not links:
            return
        recommendation, action = random.choice(links)  # noqa: S311
        page = self.get(
            f"/recommendations/{recommendation}/", name="/recommendations/[id]/"
        )
        version = re.search(rf'name="action-{action}-version" value="(\d+)"', page.text)
        offered = re.findall(
            rf'name="action-{action}-status"[^>]*value="(\w+)"', page.text
        )
        if not version or not offered:
            return  # the officer may not change this one (e.g. closed meanwhile)
        status = random.choice([s for s in offered if s != "cancelled"] or offered)  # noqa: S311
        prefix = f"action-{action}-"
        with self.post(
            f"/recommendations/actions/{action}/status/",
            {
                prefix + "status": status,
                prefix + "reason": "Updated during the load test.",
                prefix + "version": version.group(1),
            },
            name="/recommendations/actions/[id]/status/",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                self.record(int(action), status, int(version.group(1)) + 1)
                response.success()
            elif response.status_code == 200 and CONFLICT_TEXT in response.text:
                response.success()
                self.record(int(action), status, None)
            else:
                response.failure(f"answered {response.status_code}")

    def record(self, action: int, status: str, version: int | None) -> None:
        """One line per answer: the saved version, or None for an edit conflict."""
        line = json.dumps({"action": action, "status": status, "version": version})
        with _log, open(SUCCESS_LOG, "a") as log:
            log.write(line + "\n")


class Manager(Person):
    weight = 1
    pool = _managers

    @task(3)
    def overdue(self):
        self.get("/recommendations/overdue/")

    @task(2)
    def filter_by_team(self):
        team = random.choice(self.person["teams"])  # noqa: S311
        self.get(
            f"/recommendations/overdue/?team={team}&sort=-days_overdue",
            name="/recommendations/overdue/?team=[id]",
        )

    @task(1)
    def filter_by_days_overdue(self):
        self.get(
            "/recommendations/overdue/?days_overdue=90",
            name="/recommendations/overdue/?days_overdue=90",
        )

    @task(1)
    def export(self):
        self.get("/recommendations/overdue/?_export=csv")

    @task(1)
    def dashboard(self):
        self.get("/")
