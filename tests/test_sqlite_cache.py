"""The embedded shared cache: Django's cache contract, and exact counts across processes."""
import multiprocessing

import pytest

from ctlive.sqlite_cache import SQLiteCache


@pytest.fixture()
def cache(tmp_path):
    return SQLiteCache(str(tmp_path), {"TIMEOUT": 300})


def test_get_set_add_delete_touch(cache):
    assert cache.get("a", "missing") == "missing"
    cache.set("a", {"nested": [1, 2]})
    assert cache.get("a") == {"nested": [1, 2]}
    assert cache.add("a", "other") is False
    assert cache.add("b", 5) is True and cache.get("b") == 5
    assert cache.touch("b", 10) is True
    assert cache.delete("a") is True and cache.get("a") is None
    assert cache.has_key("b") and not cache.has_key("a")


def test_expired_entries_are_gone_and_can_be_added_again(cache):
    cache.set("k", 1, timeout=-1)
    assert cache.get("k") is None
    assert cache.add("k", 2, timeout=60) is True
    assert cache.get("k") == 2


def test_increment_starts_counts_and_starts_again_after_expiry(cache):
    assert [cache.increment("c", 60) for _ in range(3)] == [1, 2, 3]
    assert cache.get("c") == 3
    cache.set("c", 7, timeout=-1)  # expired
    assert cache.increment("c", 60) == 1
    cache.set("t", "text")  # not a number: counting starts again
    assert cache.increment("t", 60) == 1 and cache.increment("t", 60) == 2


def test_incr_needs_an_existing_integer(cache):
    cache.set("n", 41)
    assert cache.incr("n") == 42
    cache.set("s", "text")
    with pytest.raises(ValueError):
        cache.incr("s")
    with pytest.raises(ValueError):
        cache.incr("absent")


def _count(location, times):
    cache = SQLiteCache(location, {})
    for _ in range(times):
        if not cache.add("hits", 1, 60):
            cache.incr("hits")


def test_increments_from_several_processes_are_all_counted(tmp_path):
    processes = [multiprocessing.Process(target=_count, args=(str(tmp_path), 200)) for _ in range(4)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(30)
    assert SQLiteCache(str(tmp_path), {}).get("hits") == 800
