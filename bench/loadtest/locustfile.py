"""The simulated users (run by ``python -m bench.loadtest``, which sets the environment).

- ``AnalystUser``: browses the engagement and its results, re-ranks with the what-if sliders,
  and saves its own assessment criterion by criterion (a form read, changed, posted back).
- ``ClientUser``: a client viewer reading results and exporting the ranking.
- ``ReportUser``: one consultant who asks for a PDF report and polls it until it is built,
  then asks again (only in the phase "with reports").

Request names group the figures: ``page: …`` for HTML pages, ``save: …`` for form posts,
``json: …`` and ``export: …`` for the rest, ``report: …`` for the report requester.
Every request is recorded (name, method, milliseconds, ok) to ``LOADTEST_RECORD`` so the
runner can compute percentiles over groups of names.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import threading
import time
from pathlib import Path

from locust import HttpUser, between, events, task

from bench.loadtest.forms import find_form

PLAN = json.loads(Path(os.environ["LOADTEST_PLAN"]).read_text())
ENGAGEMENT = f"/engagements/{PLAN['engagement']}"
CLIENTS = sum(1 for user in PLAN["users"] if user["role"] == "client")
_logins = {
    role: itertools.cycle([u for u in PLAN["users"] if u["role"] == role])
    for role in ("analyst", "client")
}
_logins["consultant"] = itertools.cycle([{"username": PLAN["consultant"], "criteria": []}])
_lock = threading.Lock()
_records: list[tuple[str, str, float, bool]] = []


@events.request.add_listener
def _record(request_type, name, response_time, exception, **kwargs) -> None:
    _records.append((name, request_type, response_time, exception is None))


@events.quitting.add_listener
def _dump(environment, **kwargs) -> None:
    path = os.environ.get("LOADTEST_RECORD")
    if path:
        with open(path, "w") as out:
            json.dump(_records, out)


class _Member(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    role = ""

    def on_start(self) -> None:
        with _lock:
            self.login = next(_logins[self.role])
        username = self.login["username"]
        page = self.client.get("/accounts/login/", name="login: form")
        form = find_form(page.text, action="/accounts/login/")
        with self.client.post(
            "/accounts/login/",
            data=form.data(username=username, password=PLAN["password"]),
            name="login: submit",
            catch_response=True,
        ) as response:
            if "/accounts/login/" in response.url:
                response.failure(f"login of {username} refused")

    def page(self, path: str, name: str) -> None:
        with self.client.get(path, name=f"page: {name}", catch_response=True) as response:
            if response.status_code != 200 or "<html" not in response.text[:200].lower():
                response.failure(f"{path} answered {response.status_code}")

    def whatif(self) -> None:
        weights = {f"w_{code}": str(random.randint(0, 10)) for code in PLAN["criteria"]}
        weights[f"w_{random.choice(PLAN['criteria'])}"] = "5"  # never all zero
        with self.client.get(
            f"{ENGAGEMENT}/results/what-if/",
            params=weights,
            name="json: what-if",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or not response.json().get("ranking"):
                response.failure(f"what-if answered {response.status_code}")


class AnalystUser(_Member):
    weight = 1
    role = "analyst"

    @task(1)
    def assessments(self) -> None:
        self.page(f"{ENGAGEMENT}/assessments/", "assessment list")

    @task(4)
    def dashboard(self) -> None:
        self.page(f"{ENGAGEMENT}/results/", "results dashboard")

    @task(1)
    def overview(self) -> None:
        self.page(f"{ENGAGEMENT}/", "engagement overview")

    @task(1)
    def compare(self) -> None:
        chosen = random.sample(PLAN["candidates"], 2)
        self.page(
            f"{ENGAGEMENT}/results/compare/?" + "&".join(f"c={pk}" for pk in chosen),
            "head-to-head",
        )

    @task(1)
    def agreement(self) -> None:
        self.page(f"{ENGAGEMENT}/results/agreement/", "agreement")

    @task(1)
    def robustness(self) -> None:
        self.page(f"{ENGAGEMENT}/results/robustness/", "robustness")

    @task(1)
    def cities(self) -> None:
        self.page(f"{ENGAGEMENT}/results/cities/", "city view")

    @task(1)
    def providers(self) -> None:
        self.page("/providers/", "provider list")

    @task(2)
    def rank(self) -> None:
        self.whatif()

    @task(3)
    def assess(self) -> None:
        url = random.choice(self.login["criteria"])
        with self.client.get(url, name="page: assessment form", catch_response=True) as page:
            if page.status_code != 200:
                page.failure(f"{url} answered {page.status_code}")
                return
        form = find_form(page.text, enctype="multipart/form-data")
        answers = [name for name in form.choices if name.endswith("-answer")]
        if not answers:
            return
        changed = {name: str(random.randint(0, 5)) for name in random.sample(answers, 1)}
        with self.client.post(
            url,
            data=form.data(go="stay", **changed),
            name="save: assessment",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            # A save answers with a redirect back to the form; 200 means the form was refused.
            if response.status_code != 302:
                response.failure(f"save refused ({response.status_code})")


class ClientUser(_Member):
    fixed_count = CLIENTS
    role = "client"

    @task(3)
    def dashboard(self) -> None:
        self.page(f"{ENGAGEMENT}/results/", "results dashboard")

    @task(1)
    def robustness(self) -> None:
        self.page(f"{ENGAGEMENT}/results/robustness/", "robustness")

    @task(1)
    def rank(self) -> None:
        self.whatif()

    @task(1)
    def export(self) -> None:
        with self.client.get(
            f"{ENGAGEMENT}/export/ranking/?format=csv",
            name="export: ranking csv",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "attachment" not in response.headers.get(
                "Content-Disposition", ""
            ):
                response.failure(f"export answered {response.status_code}")


class ReportUser(_Member):
    """Asks for the full report, waits for it (polling like the page does), downloads it."""

    fixed_count = 1
    role = "consultant"
    wait_time = between(2, 4)

    @task
    def report(self) -> None:
        page = self.client.get(f"{ENGAGEMENT}/reports/", name="report: list")
        form = find_form(page.text, action=f"{ENGAGEMENT}/reports/new/")
        with self.client.post(
            f"{ENGAGEMENT}/reports/new/",
            data=form.data(),
            name="report: request",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"report request refused ({response.status_code})")
                return
            report_id = int(response.headers["Location"].rsplit("#report-", 1)[1])
        status_url = f"{ENGAGEMENT}/reports/{report_id}/status/"
        started = time.monotonic()
        while True:
            time.sleep(2)
            status = self.client.get(status_url, name="report: status").json()
            if status["finished"]:
                break
        # The job's own figure: from the request to the finished PDF, in milliseconds.
        events.request.fire(
            request_type="JOB",
            name="report: built",
            response_time=(time.monotonic() - started) * 1000,
            response_length=status.get("pages") or 0,
            exception=None if status["status"] == "done" else RuntimeError(status["error"]),
            context={},
        )
        if status["status"] == "done":
            self.client.get(status["download_url"], name="report: download")
