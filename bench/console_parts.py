"""The console's own work in parts, in process: `python -m bench.console_parts BASE FORM`
(run by make bench with the bench server's environment, BASE its origin, FORM the
console form as JSON) sends the form to /console/run and to the console's floor through
Django's test client, without HTTP, and times the parts only the console does: parsing
and highlighting the body, rendering the result, compressing the page. Prints one JSON
object of medians in ms, so the bench can set the whole against the sum of its parts.
"""
import json
import statistics
import sys
import time
from urllib.parse import urlencode, urlsplit

REPEAT = 200


def timed(module, name, taken, sending):
    """Replaces module.name by a wrapper adding each call's ms to taken["<sending[0]> <name>"]."""
    inner = getattr(module, name)

    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            taken.setdefault(f"{sending[0]} {name}", []).append((time.perf_counter() - started) * 1000)
    setattr(module, name, wrapper)


def pretty_printing(client, body):
    """Median ms of the standard library's own pretty-printer (json.loads, then json.dumps
    with indent=2, no markup) on the body the console formats: what re-indenting the page
    costs in Python before a single tag is written."""
    text = client.post("/bench-console-floor", body, "application/x-www-form-urlencoded",
                       headers={"Accept-Encoding": "identity"}).content
    samples = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        json.dumps(json.loads(text), indent=2, ensure_ascii=False)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main(base, form):
    import django
    django.setup()
    from django.test import Client

    from console import panel, views
    from docsite import compression

    client = Client(HTTP_HOST=urlsplit(base).netloc, HTTP_ACCEPT_ENCODING="gzip")
    body = urlencode(form)
    taken, whole, sending = {}, {"console": [], "floor": []}, [""]
    for module, name in ((panel.display, "formatted"), (views, "render"), (compression, "padded_gzip")):
        timed(module, name, taken, sending)
    for round_number in range(REPEAT // 25 + 1):
        for label, path, headers in (("console", "/console/run", {"X-Console-Fragment": "1"}),
                                     ("floor", "/bench-console-floor", {})):
            sending[0] = label
            for _ in range(25):
                started = time.perf_counter()
                response = client.post(path, body, "application/x-www-form-urlencoded", headers=headers)
                if round_number:
                    whole[label].append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (path, response.status_code)
        if not round_number:
            taken.clear()
    medians = {name: statistics.median(samples) for name, samples in {**whole, **taken}.items()}
    medians["json.dumps indent=2"] = pretty_printing(client, body)
    print(json.dumps(medians))


if __name__ == "__main__":
    main(sys.argv[1], json.loads(sys.argv[2]))
