"""The request log's cost: a 50-row page from a server writing the API request log against
the same page from a server with the log off (API_LOG_ENABLED=0), on the same database,
in alternating blocks of one run. `python -m bench.request_log` runs this case alone."""
import tempfile
from pathlib import Path

from tests.served import free_port, start_server, stop_server

BLOCK = 25


def log_cost_case(bench, env, path, repeat):
    from .__main__ import CLIENT, DIRECTOR, interleaved_medians

    servers = []
    try:
        for enabled in ("1", "0"):
            port = free_port()
            servers.append(start_server({**env, "API_LOG_ENABLED": enabled}, port, workers=1, threads=2))
            servers[-1].url = f"http://127.0.0.1:{port}{path}"
        on, off = (server.url for server in servers)
        page = {**CLIENT, "size": "50"}
        with_log, without_log = interleaved_medians([
            lambda: bench.session.get(on, params=page, auth=DIRECTOR, timeout=60),
            lambda: bench.session.get(off, params=page, auth=DIRECTOR, timeout=60),
        ], repeat, block=BLOCK)
    finally:
        for server in servers:
            stop_server(server)
    bench.add("entries size=50, request log on", with_log, f"log off {without_log:.2f} ms",
              with_log / without_log, "within 1.1x log off", rows=50)


def main():
    from .__main__ import CLIENT, DIRECTOR, REPEAT, Bench, prepare_database

    with tempfile.TemporaryDirectory(prefix="ctlive-bench-") as tmp:
        workdir = Path(tmp)
        env = prepare_database(workdir)
        port = free_port()
        server = start_server(env, port, workers=1, threads=2)
        bench = Bench(f"http://127.0.0.1:{port}", workdir / "floor")
        try:
            events = bench.session.get(f"{bench.base}/api/event", params=CLIENT, auth=DIRECTOR, timeout=60).json()
            event_id = next(e["event_id"] for e in events["event"] if "Marathon" in e["event_name"])
        finally:
            stop_server(server)
        log_cost_case(bench, env, f"/api/event/{event_id}/entry", REPEAT)
    print(bench.table())


if __name__ == "__main__":
    main()
