"""Bench case: a Bearer caller while eight clients guess passwords.

Before failed credentials were throttled, each guess cost a slow password hash and eight
guessers made a 13 ms call take seconds. Now a guess past the free failures is refused
before any hash (api/auth/throttle.py), so the caller's median should stay within 1.5x of
its idle median. Idle and guessed-at blocks alternate, so the machine's own noise falls
on both alike. The server is the shape `make run` starts (2 workers, 8 threads).

Rows: guessers that wait out each 429's Retry-After (guessing during a block gains
nothing: every attempt is refused unchecked), the target; and guessers that ignore the
429s, a flood of cheap requests that only the per-address rate limit bounds (SPEC §8).
The flood's cost is split by two controls with the same eight flooding threads: against
a closed port (only the flood client's own CPU, which on a 2-core machine competes with
the server) and against the bench floor (the cheapest answer the server can give through
its middleware). What a refused guess costs beyond the floor is what the API could save.
"""
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter

import requests

from tests.served import PROJECT, free_port, start_server, stop_server

GUESSERS = 8
BLOCK = 25


def guess(url, client_id, login, number, stop, answers, mode, started):
    """One flooding client: wrong passwords one after another ("honour" waits out a 429's
    Retry-After: a guesser gains nothing by sending refused guesses; "ignore" does not), or
    plain GETs of `url` ("floor"), or connection attempts to a closed port ("closed")."""
    session = requests.Session()
    attempt = 0
    while not stop.is_set():
        attempt += 1
        try:
            if mode in ("honour", "ignore"):
                response = session.get(url, params={"client_id": client_id}, auth=(login, f"guess-{number}-{attempt}"),
                                       timeout=60)
            else:
                response = session.get(url, timeout=60)
            answers.append(response.status_code)
        except requests.ConnectionError:
            answers.append(0)
            response = None
        if attempt == 1:
            started.wait()
        if mode == "honour" and response is not None and response.status_code == 429:
            stop.wait(int(response.headers.get("Retry-After", "1")))


def run_guessers(url, client_id, login, mode):
    """GUESSERS clients in this process (a process of their own, so that their work in the
    interpreter does not slow the timed caller), until standard input closes; prints the
    answers' statuses."""
    stop, answers, started = threading.Event(), [], threading.Barrier(GUESSERS + 1)
    threads = [threading.Thread(target=guess, args=(url, client_id, login, n, stop, answers, mode, started)) for n in range(GUESSERS)]
    for thread in threads:
        thread.start()
    started.wait()  # each has had its first answer
    print("guessing", flush=True)
    sys.stdin.read()
    stop.set()
    for thread in threads:
        thread.join()
    print(" ".join(map(str, answers)))


class Guessers:
    """The guessing clients as a subprocess, for the duration of a `with` block."""

    def __init__(self, url, client, login, mode):
        self.command = [sys.executable, "-m", "bench.guessing", url, client["client_id"], login, mode]
        self.answers = []

    def __enter__(self):
        self.process = subprocess.Popen(self.command, cwd=PROJECT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True)
        assert self.process.stdout.readline().strip() == "guessing"  # all of them, before the caller is timed
        return self

    def __exit__(self, *exc):
        output, _ = self.process.communicate("")
        self.answers = [int(status) for status in output.split()]


def timed(send, count):
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        send().raise_for_status()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def measure(call, targets, client, login, repeat):
    """Per flood mode: (idle median, median while flooded, the flood's statuses). Rounds of
    an idle block and a flooded block for each mode in turn, so that the machine's noise
    (other work on it comes and goes by the minute) falls on every mode alike."""
    idle, flooded, answers = ({mode: [] for mode, _label, _target in FLOODS} for _ in range(3))
    for _ in range(max(1, repeat // BLOCK)):
        for mode, _label, _target in FLOODS:
            idle[mode] += timed(call, BLOCK)
            with Guessers(targets[mode], client, login, mode) as guessers:
                flooded[mode] += timed(call, BLOCK)
            answers[mode] += guessers.answers
    return {mode: (statistics.median(idle[mode]), statistics.median(flooded[mode]), answers[mode]) for mode in idle}


def one_refused_guess(url, floor_url, client, login, repeat):
    """Medians of a refused guess and of the floor, one request at a time in alternating
    blocks: what the server spends on a guess it refuses unchecked. Guesses until the
    account is blocked first; a guess checked because its block ran out is left out."""
    session = requests.Session()
    params = {"client_id": client["client_id"]}
    while session.get(url, params=params, auth=(login, "warming-up"), timeout=60).status_code != 429:
        pass
    refused, floor = [], []
    for block in range(max(1, repeat // BLOCK)):
        for number in range(BLOCK):
            started = time.perf_counter()
            status = session.get(url, params=params, auth=(login, f"alone-{block}-{number}"), timeout=60).status_code
            if status == 429:
                refused.append((time.perf_counter() - started) * 1000)
        floor += timed(lambda: session.get(floor_url, timeout=60), BLOCK)
    return statistics.median(refused), statistics.median(floor)


FLOODS = (  # mode, what floods, target
    ("honour", "clients guessing, waiting out Retry-After", "within 1.5x idle"),
    ("ignore", "clients guessing, ignoring 429s (a flood)", ""),
    ("floor", "clients flooding the bench floor (control)", ""),
    ("closed", "clients flooding a closed port (control: client CPU only)", ""),
)


def guessing_case(bench, env, path, client, director, repeat):
    port = free_port()
    # A cache of its own: the blocks on the guessed account must not reach later cases.
    server = start_server({**env, "CACHE_DIR": f"{env['CACHE_DIR']}-guessing"}, port, workers=2, threads=8)
    base = f"http://127.0.0.1:{port}"
    (bench.floor_dir / "guessing-floor").write_bytes(b'{"error": {"code": "too_many_failed_attempts"}}')
    targets = {"honour": base + path, "ignore": base + path, "floor": f"{base}/bench-floor/guessing-floor",
               "closed": f"http://127.0.0.1:{free_port()}/"}
    try:
        session = requests.Session()
        reply = session.get(f"{base}/oauth2/token", auth=("demo-client", "demo-secret"), timeout=60,
                            params={"grant_type": "password", "username": director[0], "password": director[1]})
        reply.raise_for_status()
        bearer = {"Authorization": f"Bearer {reply.json()['access_token']}", "Accept-Encoding": "identity"}
        url = base + path

        def call():
            return session.get(url, params={"size": "50"}, headers=bearer, timeout=60)

        timed(call, 5)
        refused_ms, floor_ms = one_refused_guess(targets["ignore"], targets["floor"], client, director[0], repeat)
        bench.add("one refused guess (429), one client at a time", refused_ms, f"floor {floor_ms:.2f} ms",
                  refused_ms / floor_ms, "near the floor")
        measured = measure(call, targets, client, director[0], repeat)
        for mode, label, target in FLOODS:
            idle_ms, busy_ms, answers = measured[mode]
            counted = Counter(answers)
            what = ", ".join(f"{count} {status or 'refused connections'}" for status, count in sorted(counted.items()))
            bench.add(f"Bearer call, {GUESSERS} {label}: {len(answers)} requests ({what})",
                      busy_ms, f"idle {idle_ms:.2f} ms", busy_ms / idle_ms, target, rows=50)
    finally:
        stop_server(server)


if __name__ == "__main__":
    run_guessers(*sys.argv[1:5])
