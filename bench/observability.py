"""What the request log and the Prometheus metrics cost on the API path.

Three servers on the same seeded database, differing only in observability: neither
(REQUEST_LOG=0, no METRICS), the request log (the default), and the request log with
METRICS=1. The same 50-row API page is timed on each in alternating blocks of 25
(`interleaved_medians`), so the machine's busy moments fall on all three alike.
Environment: BENCH_SCALE, BENCH_REPEAT (as `make bench`).
"""
import tempfile
from pathlib import Path

import requests

from tests.served import PROJECT, free_port, start_server, stop_server

from .__main__ import DIRECTOR, REPEAT, interleaved_medians, prepare_database

SETUPS = {
    "no request log, no metrics": {"REQUEST_LOG": "0"},
    "request log (default)": {},
    "request log + METRICS=1": {"METRICS": "1"},
}


def main():
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        env = prepare_database(workdir)
        servers, bases = [], []
        try:
            for number, extra in enumerate(SETUPS.values()):
                metrics_dir = workdir / f"metrics-{number}"
                metrics_dir.mkdir()
                port = free_port()
                servers.append(start_server({**env, **extra, "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
                                             "LOG_LEVEL": "WARNING"}, port, workers=1))
                bases.append(f"http://127.0.0.1:{port}")
            session = requests.Session()
            params = {"client_id": "demo-client", "size": "50"}
            medians = interleaved_medians(
                [lambda base=base: session.get(f"{base}/api/event/1/entry", params=params, auth=DIRECTOR, timeout=60)
                 for base in bases], REPEAT, block=25)
        finally:
            for server in servers:
                stop_server(server)
    lines = [f"{'GET /api/event/1/entry?size=50':<40} median ms   vs none"]
    for label, median in zip(SETUPS, medians):
        lines.append(f"{label:<40} {median:9.2f}   {median / medians[0]:6.2f}x")
    table = "\n".join(lines)
    print(table)
    results = PROJECT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "observability.txt").write_text(table + "\n")


if __name__ == "__main__":
    main()
