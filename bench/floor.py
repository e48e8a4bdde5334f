"""The framework's floor: a bare Django view returning bytes that are already rendered.

The benchmark stores each measured API response in BENCH_FLOOR_DIR; this view serves the
same bytes through the same middleware, so the ratio shows what the API itself costs.
"""
import os
from pathlib import Path

from django.http import Http404, HttpResponse

_bodies = {}


def floor(request, name):
    if name not in _bodies:
        path = Path(os.environ["BENCH_FLOOR_DIR"]) / name
        if not path.is_file():
            raise Http404(name)
        _bodies[name] = path.read_bytes()
    return HttpResponse(_bodies[name], content_type="application/json; charset=utf-8")
