"""Benchmark server settings: the real project plus one floor view (see bench/floor.py)."""
from ctlive.settings import *  # noqa: F401,F403

ROOT_URLCONF = "bench.urls"
