"""Simulated clinic staff for benchmarks/load.py (run by it; not on its own).

Each simulated user signs in as one clinician (a real session; see bench_urls.bench_login),
then searches patients, opens patient pages, documents and signs treatments through the note
pages, and enters NDI questionnaires. Writes the server acknowledged are saved on exit for
the no-write-lost check. DRYNEEDLE_BENCH_MODE=baseline: every user asks only for the minimal
view instead.
"""

import itertools
import json
import os
import random
import re

from locust import FastHttpUser, between, events, task

STAFF = json.loads(open(os.environ["DRYNEEDLE_BENCH_STAFF"]).read())  # noqa: SIM115
BASELINE = os.environ.get("DRYNEEDLE_BENCH_MODE") == "baseline"
SECRET = os.environ["DRYNEEDLE_BENCH_LOGIN_SECRET"]
_seats = itertools.count()
acknowledged = {"signed": [], "started": [], "responses": 0, "response_attempts": 0}
NOTE = re.compile(r"/treatments/(\d+)/$")


@events.test_stop.add_listener
def save_acknowledged(**_):
    with open(os.environ["DRYNEEDLE_BENCH_ACKS"], "w") as out:
        json.dump(acknowledged, out)


class Clinician(FastHttpUser):
    wait_time = between(
        float(os.environ.get("DRYNEEDLE_BENCH_WAIT_MIN", "0.2")),
        float(os.environ.get("DRYNEEDLE_BENCH_WAIT_MAX", "0.8")),
    )

    def on_start(self):
        self.me = STAFF[next(_seats) % len(STAFF)]
        response = self.client.post(
            f"/bench/login/{self.me['user']}/", headers={"X-Bench-Secret": SECRET}, name="sign in"
        )
        self.csrf = {"X-CSRFToken": response.text.strip()}

    @task(3)
    def search_patients(self):
        if BASELINE:
            return self.minimal()
        word = random.choice(self.me["search_words"])
        self.client.get(f"/patients/?q={word}", headers={"HX-Request": "true"}, name="search")

    @task(3)
    def open_patient(self):
        if BASELINE:
            return self.minimal()
        pk = random.choice(self.me["patients"])
        self.client.get(f"/patients/{pk}/", name="patient page")

    @task(1)
    def document_and_sign(self):
        if BASELINE:
            return self.minimal()
        episode = self.me["episode"]
        with self.client.post(
            f"/episodes/{episode}/treatments/new/",
            headers=self.csrf,
            allow_redirects=False,
            name="start note",
            catch_response=True,
        ) as response:
            found = NOTE.search(response.headers.get("Location", ""))
            if response.status_code != 302 or not found:
                response.failure(f"no draft: {response.status_code}")
                return
        pk = int(found.group(1))
        acknowledged["started"].append(pk)
        self.client.get(f"/treatments/{pk}/", name="note page")
        self.client.post(
            f"/treatments/{pk}/needlings/",
            headers={**self.csrf, "HX-Request": "true"},
            data={
                "muscle": "Upper trapezius",
                "side": "L",
                "needle": self.me["needle"],
                "technique": "pistoning",
                "passes": "3",
                "twitch": "few",
            },
            name="add needling",
        )
        self.client.post(
            f"/treatments/{pk}/sign/",
            headers=self.csrf,
            data={
                "version": "1",
                "pre_nprs": "6",
                "post_nprs": "3",
                "discomfort": "2",
                "needles_opened": "1",
                "needles_removed": "1",
                "needles_discarded": "0",
                "subjective": "Neck pain at the desk.",
                "objective": "Taut band, left upper trapezius.",
                "assessment": "Improving.",
                "plan": "Review in a week.",
            },
            allow_redirects=False,
            name="sign",
        )
        with self.client.get(
            f"/api/treatments/{pk}", name="signed note (API)", catch_response=True
        ) as response:
            if response.status_code == 200 and response.json()["status"] == "signed":
                acknowledged["signed"].append(pk)
            else:
                response.failure(f"note {pk} not signed: {response.status_code}")

    @task(1)
    def submit_questionnaire(self):
        if BASELINE:
            return self.minimal()
        url = f"/episodes/{self.me['episode']}/outcomes/NDI/new/"
        self.client.get(url, name="questionnaire form")
        answers = {f"item_{n}": str(random.randint(0, 5)) for n in range(1, 11)}
        acknowledged["response_attempts"] += 1
        with self.client.post(
            url,
            headers=self.csrf,
            data=answers,
            allow_redirects=False,
            name="submit questionnaire",
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                acknowledged["responses"] += 1
            else:
                response.failure(f"questionnaire not saved: {response.status_code}")

    def minimal(self):
        self.client.get("/bench/minimal/", name="minimal view")
