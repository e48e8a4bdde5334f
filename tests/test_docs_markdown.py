"""Markdown rendering is safe whatever the source: raw HTML is shown as text and script
addresses lose their href/src, however they are spelled."""
import pytest

from docsite.markdown import is_safe_url, render

HOSTILE_LINKS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java&#x09;script:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "&amp;#106;avascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "file:///etc/passwd",
]
SAFE_LINKS = ["https://example.com/a?b=1&c=2", "http://example.com", "mailto:a@example.com", "/guides/errors",
              "#field-entry_bib", "?q=bib", "../reference/", "reference/entry", "/a:b"]


@pytest.mark.parametrize("url", HOSTILE_LINKS)
def test_script_addresses_are_refused(url):
    assert not is_safe_url(url)


@pytest.mark.parametrize("url", SAFE_LINKS)
def test_ordinary_addresses_are_kept(url):
    assert is_safe_url(url)


@pytest.mark.parametrize("url", HOSTILE_LINKS)
def test_links_images_and_references_lose_script_addresses(url):
    source = f"[inline]({url}) ![image]({url}) [reference][r]\n\n[r]: {url}\n"
    output = render(source).html
    assert "href=" not in output and "src=" not in output
    assert ">inline</a>" in output


def test_safe_links_stay_links():
    output = render("[guide](/guides/errors) and <https://example.com>").html
    assert '<a href="/guides/errors">guide</a>' in output
    assert '<a href="https://example.com">https://example.com</a>' in output


@pytest.mark.parametrize("source", [
    "<script>alert(1)</script>",
    "<div onclick=\"alert(1)\">x</div>",
    "text <img src=x onerror=alert(1)> more",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<iframe src=\"https://example.com\"></iframe>",
    "<style>body{display:none}</style>",
    "<!-- comment --><svg onload=alert(1)>",
])
def test_raw_html_is_escaped_not_passed_through(source):
    output = render(source).html
    assert "<script" not in output and "<div" not in output and "<img" not in output
    assert "<iframe" not in output and "<style" not in output and "<svg" not in output and "<a " not in output
    assert "&lt;" in output


def test_code_blocks_are_escaped():
    output = render("```sh\ncurl '<x>&y'\n```\n").html
    assert "curl '&lt;x&gt;&amp;y'" in output


def test_sections_split_at_headings_with_anchor_ids():
    rendered = render("# Title\n\nIntro.\n\n## First part\n\nOne.\n\n### Detail\n\nTwo `code`.\n")
    assert [(s.anchor, s.title) for s in rendered.sections] == [("", "Title"), ("first-part", "First part"),
                                                                 ("detail", "Detail")]
    assert rendered.sections[2].text == ["Two code."]
    assert 'id="first-part"' in rendered.html and 'href="#first-part"' in rendered.html
