"""Bench case: a Bearer caller while eight clients guess passwords.

Before failed credentials were throttled, each guess cost a slow password hash and eight
guessers made a 13 ms call take seconds. Now a guess past the free failures is refused
before any hash (api/auth/throttle.py), so the caller's median should stay within 1.5x of
its idle median. Idle and guessed-at blocks alternate, so the machine's own noise falls
on both alike. The server is the shape `make run` starts (2 workers, 8 threads).

Two rows: guessers that wait out each 429's Retry-After (guessing during a block gains
nothing: every attempt is refused unchecked), the target; and guessers that ignore the
429s, a flood of cheap requests that only the per-address rate limit bounds (SPEC §8).
"""
import statistics
import subprocess
import sys
import threading
import time

import requests

from tests.served import PROJECT, free_port, start_server, stop_server

GUESSERS = 8
BLOCK = 25


def guess(url, client_id, login, number, stop, answers, honour_retry_after, started):
    """One guessing client: wrong passwords, one after another; waits out a 429's
    Retry-After when `honour_retry_after` (a guesser gains nothing by sending refused guesses)."""
    session = requests.Session()
    attempt = 0
    while not stop.is_set():
        attempt += 1
        response = session.get(url, params={"client_id": client_id}, auth=(login, f"guess-{number}-{attempt}"),
                               timeout=60)
        answers.append(response.status_code)
        if attempt == 1:
            started.wait()
        if honour_retry_after and response.status_code == 429:
            stop.wait(int(response.headers.get("Retry-After", "1")))


def run_guessers(url, client_id, login, honour_retry_after):
    """GUESSERS clients in this process (a process of their own, so that their work in the
    interpreter does not slow the timed caller), until standard input closes; prints the
    answers' statuses."""
    stop, answers, started = threading.Event(), [], threading.Barrier(GUESSERS + 1)
    threads = [threading.Thread(target=guess, args=(url, client_id, login, n, stop, answers, honour_retry_after,
                                                    started)) for n in range(GUESSERS)]
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

    def __init__(self, url, client, login, honour_retry_after):
        self.command = [sys.executable, "-m", "bench.guessing", url, client["client_id"], login,
                        "honour" if honour_retry_after else "ignore"]
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


def measure(call, url, client, login, repeat, honour_retry_after):
    """(idle samples, samples while guessed at, the guesses' statuses), in alternating blocks."""
    idle, guessed_at, answers = [], [], []
    for _ in range(max(1, repeat // BLOCK)):
        idle += timed(call, BLOCK)
        with Guessers(url, client, login, honour_retry_after) as guessers:
            guessed_at += timed(call, BLOCK)
        answers += guessers.answers
    return statistics.median(idle), statistics.median(guessed_at), answers


def guessing_case(bench, env, path, client, director, repeat):
    port = free_port()
    # A cache of its own: the blocks on the guessed account must not reach later cases.
    server = start_server({**env, "CACHE_DIR": f"{env['CACHE_DIR']}-guessing"}, port, workers=2, threads=8)
    base = f"http://127.0.0.1:{port}"
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
        for honour, label, target in ((True, "waiting out Retry-After", "within 1.5x idle"),
                                      (False, "ignoring 429s (a flood)", "")):
            idle_ms, busy_ms, answers = measure(call, url, client, director[0], repeat, honour)
            refused = sum(1 for status in answers if status == 429)
            bench.add(f"Bearer call, {GUESSERS} clients guessing, {label}: {len(answers)} guesses, {refused} refused",
                      busy_ms, f"idle {idle_ms:.2f} ms", busy_ms / idle_ms, target, rows=50)
    finally:
        stop_server(server)


if __name__ == "__main__":
    run_guessers(*sys.argv[1:4], honour_retry_after=sys.argv[4] == "honour")
