"""Load scenario: officers browse inboxes and case lists and act on cases; citizens submit the public form
and check their status.

Run through `make loadtest` (gunicorn on 127.0.0.1, bounded users and time). Paths that a build
does not have (404 on the first try) are dropped for the rest of the run rather than counted.
A response counts as an error only when the server fails (5xx) or answers something the scenario
cannot use; a refused action (400 invalid for this state, 409 someone else acted first) is the
application working as designed under contention, and is counted separately as "conflict".
"""

from __future__ import annotations

import os
import random
import re

from locust import HttpUser, between, events, task

PASSWORD = os.environ.get("LOADTEST_PASSWORD", "Casework@2026")
OFFICERS = os.environ.get("LOADTEST_OFFICERS", "giaiquyet,giaiquyet2,tiepnhan").split(",")

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CASE_LINK = re.compile(r'href="/cases/(\d+)/"')
ACTION_FORM = re.compile(r'<form method="post" action="(/cases/\d+/action/([a-z_]+)/)"[^>]*>(.*?)</form>', re.S)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
UNIT_OPTION = re.compile(r'<select name="unit"[^>]*>(.*?)</select>', re.S)
OPTION_VALUE = re.compile(r'<option value="(\d+)"')
RECEIPT = re.compile(r'id="receipt-code">\s*([^<\s]+)\s*<')

# What an officer fills in for the actions the scenario takes; anything else is left alone.
ACTION_DATA = {
    "accept": {"legal_ground": "Đủ điều kiện thụ lý theo quy định (kiểm thử tải)."},
    "start_verification": {"note": "Bắt đầu xác minh (kiểm thử tải)."},
}

missing_paths: set[str] = set()
conflicts = {"count": 0}
# (case id, action) of every action the server accepted: checked against the audit trail after the run.
accepted_actions: list[tuple[str, str]] = []
ACCEPTED_FILE = os.environ.get("LOADTEST_ACCEPTED_FILE", "loadtest/results/accepted_actions.txt")


def _csrf(html: str) -> str:
    match = CSRF.search(html)
    return match.group(1) if match else ""


class GuardedUser(HttpUser):
    abstract = True

    def get(self, path: str, name: str | None = None):
        if path in missing_paths:
            return None
        with self.client.get(path, name=name or path, catch_response=True) as response:
            if response.status_code == 404 and name is None:
                missing_paths.add(path)
                response.success()
                return None
            if response.status_code >= 400:
                response.failure(f"HTTP {response.status_code}")
                return None
            response.success()
            return response


class Officer(GuardedUser):
    """A case officer: logs in, reads the home inbox and case lists, opens cases, sometimes acts."""

    weight = 3
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.username = random.choice(OFFICERS)
        page = self.client.get("/login/", name="/login/")
        response = self.client.post(
            "/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": _csrf(page.text)},
            headers={"Referer": f"{self.host}/login/"},
            name="/login/ [POST]",
        )
        if "/login/" in response.url:
            raise RuntimeError(f"login failed for {self.username}: load the demo data (make demo) first")
        self.case_ids: list[str] = []

    @task(4)
    def home(self) -> None:
        self.get("/")

    @task(2)
    def notifications(self) -> None:
        self.get("/notifications/")

    @task(4)
    def case_list(self) -> None:
        response = self.get("/cases/")
        if response is not None:
            self.case_ids = CASE_LINK.findall(response.text)[:50]

    @task(1)
    def case_list_filtered(self) -> None:
        self.get("/cases/?kind=complaint", name="/cases/?kind=")

    @task(5)
    def case_detail_and_act(self) -> None:
        if not self.case_ids:
            return
        pk = random.choice(self.case_ids)
        response = self.get(f"/cases/{pk}/", name="/cases/[id]/")
        if response is None:
            return
        forms = [
            (url, action, body) for url, action, body in ACTION_FORM.findall(response.text) if action in ACTION_DATA
        ]
        if not forms:
            return
        url, action, body = random.choice(forms)
        data = dict(HIDDEN.findall(body))
        data.update(ACTION_DATA[action])
        with self.client.post(
            url,
            data,
            headers={"Referer": f"{self.host}/cases/{pk}/"},
            name=f"/cases/[id]/action/{action}/",
            catch_response=True,
            allow_redirects=False,
        ) as result:
            if result.status_code in (302, 303):
                accepted_actions.append((pk, action))
                result.success()
            elif result.status_code in (400, 409):
                conflicts["count"] += 1
                result.success()
            else:
                result.failure(f"HTTP {result.status_code}")


class Citizen(GuardedUser):
    """Someone without an account: submits a complaint online, then checks its status with the receipt code."""

    weight = 1
    wait_time = between(2, 5)

    def on_start(self) -> None:
        self.codes: list[str] = []

    @task(1)
    def submit(self) -> None:
        page = self.get("/cases/public/submit/")
        if page is None:
            return
        select = UNIT_OPTION.search(page.text)
        units = OPTION_VALUE.findall(select.group(1)) if select else []
        if not units:
            return
        n = random.randint(1, 10**6)
        with self.client.post(
            "/cases/public/submit/",
            {
                "csrfmiddlewaretoken": _csrf(page.text),
                "kind": "complaint",
                "unit": random.choice(units),
                "title": f"Khiếu nại thử tải số {n}",
                "content": "Nội dung khiếu nại được gửi trong lúc kiểm thử tải hệ thống.",
                "full_name": f"Người thử tải {n}",
                "phone": f"09{n:08d}",
            },
            headers={"Referer": f"{self.host}/cases/public/submit/"},
            name="/cases/public/submit/ [POST]",
            catch_response=True,
        ) as response:
            match = RECEIPT.search(response.text) if response.status_code == 200 else None
            if match:
                self.codes.append(match.group(1))
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}, no receipt code")

    @task(2)
    def status(self) -> None:
        if not self.codes:
            return
        page = self.get("/cases/public/status/")
        if page is None:
            return
        with self.client.post(
            "/cases/public/status/",
            {"csrfmiddlewaretoken": _csrf(page.text), "code": random.choice(self.codes)},
            headers={"Referer": f"{self.host}/cases/public/status/"},
            name="/cases/public/status/ [POST]",
            catch_response=True,
        ) as response:
            if response.status_code == 200:
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")


@events.quitting.add_listener
def _summary(environment, **kwargs) -> None:
    stats = environment.stats.total
    with open(ACCEPTED_FILE, "w", encoding="utf-8") as fh:
        fh.writelines(f"{pk} {action}\n" for pk, action in accepted_actions)
    print(
        f"loadtest: requests={stats.num_requests} failures={stats.num_failures} "
        f"rps={stats.total_rps:.1f} p50={stats.get_response_time_percentile(0.5):.0f}ms "
        f"p95={stats.get_response_time_percentile(0.95):.0f}ms accepted_actions={len(accepted_actions)} "
        f"refused_actions={conflicts['count']} "
        f"skipped_paths={sorted(missing_paths)}"
    )
    # Non-zero exit when any server error happened: "no request fails with a server error".
    server_errors = sum(
        entry.occurrences for entry in environment.stats.errors.values() if re.search(r"HTTP 5\d\d", str(entry.error))
    )
    if server_errors:
        environment.process_exit_code = 1
