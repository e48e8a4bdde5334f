"""The URL grammar of SPEC §1, without a server."""
import pytest

from api.errors import ApiError
from api.paths import ApiPath, parse


@pytest.mark.parametrize("path, expected", [
    ("event", ApiPath("event", None, None, None)),
    ("event/", ApiPath("event", None, None, None)),
    ("event.json", ApiPath("event", None, None, "json")),
    ("event.json/32804/results", ApiPath("event", 32804, "results", "json")),
    ("event.xml/123", ApiPath("event", 123, None, "xml")),
    ("event/123.xml", ApiPath("event", 123, None, "xml")),
    ("event/123/results.csv/", ApiPath("event", 123, "results", "csv")),
    ("timing-point.json/7/timing-device", ApiPath("timing-point", 7, "timing-device", "json")),
])
def test_grammar_accepts_suffix_on_first_or_last_segment(path, expected):
    assert parse(path) == expected


@pytest.mark.parametrize("path", ["", "event//1", "event/abc", "event/1/race/2", "event.json/1.xml"])
def test_paths_outside_the_grammar_are_not_found(path):
    with pytest.raises(ApiError) as raised:
        parse(path)
    assert raised.value.status == 404
