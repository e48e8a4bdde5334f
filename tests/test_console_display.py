"""How the console shows a response body and its headers: escaped, highlighted, indented,
tabulated, cut for a preview, with secrets the API echoes masked."""
import html
import json
import re

from django.conf import settings
from django.test import override_settings

from console.display import explained_headers, formatted, page_links
from console.json_html import highlighted_json

TAGS = re.compile(r"<[^>]+>")


def test_json_is_indented_highlighted_and_escaped():
    value = {"event": [{"event_name": "</code><script>alert(1)</script>", "n": 3, "f": -1.5, "ok": True,
                        "no": False, "none": None, "quote": 'say "hi": now', "ñ": "Zürich\u2028"}],
             "empty": [], "nothing": {}, "nested": [[1, [2.5e-7]], {"a": {"b": "<"}}], "a": {"b": 2**70}}
    shown = str(highlighted_json(value))
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    assert '<span class="nt">"event_name"</span>:' in shown
    assert '<span class="mi">3</span>' in shown and '<span class="mf">-1.5</span>' in shown
    assert '<span class="kc">true</span>' in shown and '<span class="kc">null</span>' in shown
    text = html.unescape(TAGS.sub("", shown))
    assert json.loads(text) == value and "\n      " in text  # indented
    assert text.count("\n") + shown.count("</summary>") == json.dumps(value, indent=2).count("\n") + 1  # its lines


def test_each_format_is_shown_its_own_way():
    assert formatted(b'{"a": "1"}', "application/json; charset=utf-8").kind == "json"
    xml = formatted(b"<event><event_id>1</event_id></event>", "application/xml")
    assert xml.kind == "xml" and "&gt;  &lt;event_id&gt;" in TAGS.sub("", str(xml.html)) and "<details" in str(xml.html)
    assert formatted(b"event:\n- {event_id: '1'}\n", "application/yaml").kind == "yaml"
    table = formatted(b"event_id,event_name\r\n1,\"Lake, Run\"\r\n", "text/csv; charset=utf-8")
    assert table.header == ("event_id", "event_name") and table.rows == (("1", "Lake, Run"),)
    tsv = formatted(b"a\tb\n1\t2\n", "text/tab-separated-values")
    assert tsv.kind == "table" and tsv.rows == (("1", "2"),)
    assert formatted(b"", "application/json").kind == "empty"


def test_a_body_that_does_not_parse_is_text_with_the_reason():
    shown = formatted(b'{"a": ', "application/json")
    assert shown.kind == "text" and "does not parse" in shown.note and shown.text == '{"a": '
    assert formatted(b"<a><b></a>", "application/xml").kind == "text"
    assert formatted(b"[" * 100_000 + b"]" * 100_000, "application/json").kind == "text"  # too deep
    assert formatted(b'<!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>', "application/xml").kind == "text"  # defusedxml


def test_a_large_body_is_previewed_formatted_in_every_format():
    rows = [{"event_id": str(n), "event_name": f"Run <{n}>"} for n in range(400)]
    bodies = {
        "application/json": json.dumps({"event": rows}).encode(),
        "application/xml": ("<?xml version='1.0'?><event>" + "".join(
            f"<event><event_id>{n}</event_id><event_name>Run &lt;{n}&gt;</event_name></event>" for n in range(400))
            + "</event>").encode(),
        "application/yaml": ("event:\n" + "".join(f"- event_id: '{n}'\n  event_name: Run <{n}>\n" for n in range(400))).encode(),
        "text/csv": ("event_id,event_name\r\n" + "".join(f"{n},Run <{n}>\r\n" for n in range(400))).encode(),
    }
    with override_settings(CONSOLE_PREVIEW_BYTES=2000):
        for media_type, body in bodies.items():
            shown = formatted(body, media_type)
            assert shown.partial and 0 < shown.shown_size <= 2000, media_type
            assert shown.kind == {"text/csv": "table"}.get(media_type, media_type.split("/")[1]), media_type
            if shown.kind == "table":
                assert shown.header == ("event_id", "event_name") and shown.rows[0] == ("0", "Run <0>")
                continue
            markup = str(shown.html)
            assert "<script" not in markup and "&lt;0&gt;" in markup and '<span class="nt">' in markup
            if shown.kind != "yaml":
                assert '<details class="fold' in markup  # nodes fold, server-rendered


def test_json_nodes_fold_and_only_the_outer_two_levels_are_tab_stops():
    shown = str(highlighted_json({"event": [{"a": "1"}, {"b": "2"}]}))
    assert shown.count('<details class="fold') == 4
    assert shown.count('<summary tabindex="-1">') == 2  # the rows; the envelope and its list stay Tab stops


def test_headers_are_explained_and_echoed_secrets_masked():
    link = ('<http://h/api/event?client_id=demo&user_id=a%40b.c&user_pass=test-pass&page=2>; rel="next", '
            '<http://h/api/event?client_id=demo&user_id=a%40b.c&user_pass=test-pass&page=1>; rel="first"')
    rows = dict((name, (value, help)) for name, value, help in explained_headers(
        [("Link", link), ("X-Ctlive-Row-Count", "7"), ("Retry-After", "3")]))
    assert "test-pass" not in rows["Link"][0] and "user_pass=••••" in rows["Link"][0]
    assert rows["X-Ctlive-Row-Count"][1] == "Rows in the whole list."
    assert "wait" in rows["Retry-After"][1]
    links = page_links(link)
    assert list(links) == ["first", "next"] and links["next"] == [("page", "2")]


def test_the_console_script_is_small_and_plain():
    script = (settings.PACKAGE_DIR / "static" / "js" / "console.js").read_text()
    assert len(script.encode()) < 30 * 1024
    assert "http://" not in script and "https://" not in script and "eval(" not in script
