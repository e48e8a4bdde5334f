"""The request log's cost: a 50-row page from a server writing the API request log against
the same page from a server with the log off (API_LOG_ENABLED=0), on the same database,
in alternating blocks of one run (a row of `make bench`)."""
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

