"""Reference pages in headless Chromium, measured: two panes from 1200 px and one column
below, nothing sideways at 390 px, the menu without JavaScript, the sidebar of operations,
Tab presses to the first field, the result's width, wrapping and tables, paging, landing
(permalink, import, an answer without JavaScript), snippets, axe-core on every reference
page at both widths in both themes, and screenshots of the event, entry and results pages
before and after a call (test-artifacts/layout-*.png)."""
import re

import pytest

from api.operations import all_operations, operations_of
from api.registry import registry
from docsite.guides import guides

from .conftest import ARTIFACTS

WIDE, NARROW = 1366, 390
PAGES = ["/", "/reference/", "/search?q=bib", "/console/import", *[f"/guides/{g.slug}" for g in guides()],
         *[f"/reference/{r.segment}" for r in registry]]


@pytest.fixture()
def open_at(browser, served_api):
    contexts = []

    def open_at(path, width=WIDE, color_scheme="light", javascript=True, height=900):
        context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=color_scheme,
                                      java_script_enabled=javascript, base_url=served_api.url)
        contexts.append(context)
        page = context.new_page()
        page.goto(path)
        return page

    yield open_at
    for context in contexts:
        context.close()


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"layout-{name}.png", full_page=False)


def send(page, op):
    """Sends the form and waits for its new result."""
    page.evaluate(f"document.getElementById('{op}-result')?.setAttribute('data-old', '')")
    page.locator(f"#console-form-{op} .console-send").click()
    page.locator(f"#{op}-result:not([data-old])").wait_for()


def fill_a_visible_id(page, op, field):
    page.locator(f"#{op}-{field}").fill(page.locator(f"#{op}-{field}-ids option").first.get_attribute("value"))


def test_two_panes_from_1200_px_with_the_panel_in_view(open_at):
    page = open_at("/reference/entry#post-event-entry")
    head, panel, details = (box(page, f"#post-event-entry .operation-{part}") for part in ("head", "try", "details"))
    assert panel["x"] > head["x"] + head["width"] - 1 and abs(panel["y"] - head["y"]) < 30  # beside the docs
    assert details["x"] == head["x"] and details["y"] > head["y"]
    page.mouse.wheel(0, 900)  # the docs scroll; the panel stays in view
    page.wait_for_timeout(200)
    moved = box(page, "#post-event-entry .operation-try")
    assert 0 <= moved["y"] < 50 and box(page, "#post-event-entry .operation-details")["y"] < details["y"] - 800
    shot(page, "two-panes-scrolled")


def test_one_column_below_1200_px_with_try_it_after_the_summary(open_at):
    page = open_at("/reference/entry#post-event-entry", width=1100)
    head, panel, details = (box(page, f"#post-event-entry .operation-{part}") for part in ("head", "try", "details"))
    assert head["y"] + head["height"] <= panel["y"] + 1 and panel["y"] + panel["height"] <= details["y"] + 1
    assert panel["x"] == head["x"]


@pytest.mark.parametrize("path", PAGES)
def test_nothing_scrolls_sideways_at_390_px(open_at, path):
    page = open_at(path, width=NARROW)
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW


def test_narrow_navigation_is_a_menu_that_works_without_javascript(open_at):
    page = open_at("/reference/race", width=NARROW, javascript=False)
    menu = page.locator("#docs-menu")
    assert not page.get_by_role("link", name="Authentication").is_visible()
    assert box(page, "main h1")["y"] < 400  # the content comes first, not the 90 links of the sidebar
    menu.locator("summary").click()
    assert page.get_by_role("link", name="Authentication").is_visible()
    shot(page, "narrow-menu-open")
    wide = open_at("/reference/race", javascript=False)
    assert wide.get_by_role("link", name="Authentication").is_visible()  # always open when wide
    assert not wide.locator("#docs-menu summary").is_visible()


def test_console_fields_stack_at_390_px(open_at):
    page = open_at("/reference/race#get-event-race", width=NARROW)
    fields = page.locator("#console-form-get-event-race .console-field")
    lefts = {round(fields.nth(n).bounding_box()["x"]) for n in range(fields.count())}
    assert len(lefts) == 1, lefts
    for choice in page.locator("#console-form-get-event-race .console-choice").all():  # radio beside its label
        radio, label = choice.locator("input").bounding_box(), choice.bounding_box()
        assert radio["height"] < label["height"] * 1.2 and radio["y"] - label["y"] < 10
    send_box, hint = box(page, "#console-form-get-event-race .console-send"), box(
        page, "#console-form-get-event-race .console-actions .console-hint")
    overlap = not (hint["x"] >= send_box["x"] + send_box["width"] or hint["y"] >= send_box["y"] + send_box["height"])
    assert not overlap


def test_sidebar_lists_every_operation_and_marks_the_current_one(open_at):
    page = open_at("/reference/race")
    for operation in all_operations():
        link = page.locator(f'.sidebar a[href="/reference/{operation.resource.segment}#{operation.operation_id}"]')
        assert link.count() == 1, operation.operation_id
        assert link.inner_text().split() == [operation.method, operation.path]
    assert page.locator('.sidebar a[aria-current="page"]').inner_text() == "Race"
    page.locator("#put-race").scroll_into_view_if_needed()
    page.locator('.sidebar a[data-operation="put-race"][aria-current="location"]').wait_for()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"


@pytest.mark.parametrize("segment", [r.segment for r in registry])
def test_first_console_field_is_within_ten_tab_presses_of_each_heading(open_at, segment):
    page = open_at(f"/reference/{segment}")
    for operation in operations_of(registry.get(segment)):
        op = operation.operation_id
        page.locator(f"#{op}-title .headerlink").focus()
        for _presses in range(1, 11):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.closest('.console-form') !== null"):
                break
        else:
            raise AssertionError(f"{op}: no console field within 10 Tab presses")
        assert page.evaluate(f"document.activeElement.closest('#console-form-{op}') !== null"), op


def test_the_result_has_the_width_long_lines_wrap_and_explanations_break_between_words(open_at):
    page = open_at("/reference/race#get-race")
    page.locator("#get-race-p-race_id").fill("99999")
    send(page, "get-race")
    body = page.locator("#get-race-result .console-response")
    assert body.bounding_box()["width"] >= WIDE / 2
    code = page.locator("#get-race-result [data-console-body-code]")
    assert "99999" in code.inner_text()
    assert code.evaluate("e => e.scrollWidth <= e.clientWidth")  # wrapped, nothing clipped
    for hint in page.locator("#get-race-result .console-header-list .console-hint").all():
        style = hint.evaluate("e => [getComputedStyle(e).wordBreak, getComputedStyle(e).overflowWrap]")
        assert style[0] == "normal" and style[1] in ("normal", "break-word"), style
    shot(page, "result-404-wide")


def test_csv_table_scrolls_sideways_with_every_column_and_a_header_in_view(open_at):
    page = open_at("/reference/entry#get-race-entry")
    fill_a_visible_id(page, "get-race-entry", "p-race_id")
    page.locator("#get-race-entry-q-format").select_option("csv")
    send(page, "get-race-entry")
    scroller = page.locator("#get-race-entry-result .console-table")
    columns = page.locator("#get-race-entry-result .console-table thead th").count()
    entry = next(r for r in registry if r.segment == "entry")
    assert columns == len(entry.fields)
    assert scroller.evaluate("e => e.scrollWidth > e.clientWidth")  # scrolls sideways, nothing cut
    scroller.evaluate("e => { e.scrollTop = 200; e.scrollLeft = 400; }")
    page.wait_for_timeout(100)
    header, frame = box(page, "#get-race-entry-result .console-table thead th"), scroller.bounding_box()
    assert abs(header["y"] - frame["y"]) < 3  # the header row stays in view
    shot(page, "csv-table-scrolled")


def test_no_first_or_last_page_on_an_empty_list(open_at):
    page = open_at("/reference/event#get-event-list")
    page.locator("#get-event-list-q-page").fill("999")
    send(page, "get-event-list")
    pages = page.locator("#get-event-list-result .console-pages")
    assert pages.get_by_role("button", name="First page").count() == 0
    assert pages.get_by_role("button", name="Last page").count() == 0
    pages.get_by_role("button", name="Previous page").click()
    page.locator("#get-event-list .console-request", has_text="page=").wait_for()
    assert page.locator("#get-event-list-q-page").input_value() not in ("", "999")


def test_permalink_lands_on_the_form_with_focus(open_at):
    page = open_at("/reference/entry?op=get-race-entry&env=production&q.size=7")
    assert page.evaluate("document.activeElement.id") == "get-race-entry-try"
    top = page.evaluate("document.activeElement.getBoundingClientRect().top")
    assert 0 <= top < 900
    assert page.locator("#get-race-entry-q-size").input_value() == "7"


def test_answer_without_javascript_lands_on_the_result(open_at):
    page = open_at("/reference/entry#get-race-entry", javascript=False)
    fill_a_visible_id(page, "get-race-entry", "p-race_id")
    page.locator("#console-form-get-race-entry .console-send").click()
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.id") == "get-race-entry-result-title"
    assert 0 <= page.evaluate("document.activeElement.getBoundingClientRect().top") < 900
    problems = open_at("/reference/entry#get-race-entry", javascript=False)
    problems.locator("#get-race-entry-p-race_id").fill("x")
    problems.locator("#console-form-get-race-entry .console-send").click()
    problems.wait_for_load_state()
    assert problems.evaluate("document.activeElement.id") == "get-race-entry-problems"
    problems.locator("#get-race-entry-problems a").first.click()
    assert problems.evaluate("location.hash") == "#get-race-entry-p-race_id"


def test_import_says_what_it_dropped_and_which_environment_it_chose(open_at, served_api):
    page = open_at("/console/import")
    page.locator("#curl-command").fill("curl -u a@b.c:pw -H 'Authorization: Bearer x' "
                                       "'https://customer.example/api/race/3/entry?client_id=c1&size=5'")
    page.get_by_role("button", name="Open in the console").click()
    page.wait_for_url(re.compile(r"/reference/entry\?"))
    assert page.evaluate("document.activeElement.id") == "get-race-entry-try"
    note = page.locator("#console-get-race-entry .console-note").inner_text()
    assert "-u" in note and "Authorization" in note and "client_id" in note
    assert "https://customer.example/api" in note and "none of this console's environments" in note
    assert page.locator("#get-race-entry-q-size").input_value() == "5"
    shot(page, "import-landed")
    known = open_at("/console/import")
    known.locator("#curl-command").fill(f"curl '{served_api.url}/api/event'")
    known.get_by_role("button", name="Open in the console").click()
    known.wait_for_url(re.compile(r"/reference/event\?"))
    assert "whose base URL is the command's" in known.locator("#console-get-event-list .console-note").inner_text()


def test_snippets_in_eight_tabs_highlighted_with_the_real_base_url_and_client_id(open_at, served_api):
    page = open_at("/reference/event#get-event-list")
    send(page, "get-event-list")
    page.locator("#get-event-list-result .console-snippets summary").click()
    tabs = page.locator("#get-event-list-result .snippet-tabs label")
    tabs.first.wait_for()
    assert tabs.all_inner_texts() == ["curl", "HTTPie", "Python requests", "JavaScript fetch", "Node", "Go", "Ruby",
                                      "PHP"]
    curl = page.locator("#get-event-list-snippet-curl")
    assert curl.is_visible() and curl.locator("span").count() > 3  # highlighted
    # an anonymous visitor's console calls the testing environment
    assert f"{served_api.url}/testing/api/event?client_id=demo-client" in curl.inner_text()
    tabs.nth(5).click()
    assert page.locator("#get-event-list-snippet-go").is_visible() and not curl.is_visible()
    assert page.get_by_role("button", name="Copy Go").is_visible()
    assert "export CTLIVE_ACCESS_TOKEN=$(curl" in page.locator("#get-event-list-snippet-token").inner_text()
    shot(page, "snippets-go")
    send(page, "get-event-list")  # a new result: the chosen language is remembered
    page.locator("#get-event-list-result .console-snippets summary").click()
    page.locator("#get-event-list-snippet-go").wait_for()


AXE_WIDTHS = [WIDE, NARROW]


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("width", AXE_WIDTHS)
def test_every_reference_page_is_axe_clean(open_at, axe_source, width, color_scheme):
    page = open_at("/reference/", width=width, color_scheme=color_scheme)
    found = {}
    for resource in registry:
        page.goto(f"/reference/{resource.segment}")
        page.evaluate(axe_source)  # evaluated by the DevTools protocol, not as a page script
        violations = page.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)")
        summary = [(v["id"], v["impact"], [node["target"] for node in v["nodes"]][:3]) for v in violations]
        if summary:
            found[resource.segment] = summary
    assert found == {}, found


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("width", AXE_WIDTHS)
def test_screenshots_before_and_after_a_call(open_at, axe_source, width, color_scheme):
    """Event, entry and results pages, before and after a call; the result is axe-clean too."""
    for segment, op, id_field in (("event", "get-event-list", None), ("entry", "get-race-entry", "p-race_id"),
                                  ("results", "get-race-results", "p-race_id")):
        page = open_at(f"/reference/{segment}#{op}", width=width, color_scheme=color_scheme)
        name = f"{segment}-{width}-{color_scheme}"
        shot(page, f"{name}-before")
        if id_field:
            fill_a_visible_id(page, op, id_field)
        send(page, op)
        page.locator(f"#{op}-result").scroll_into_view_if_needed()
        shot(page, f"{name}-after")
        page.evaluate(axe_source)
        violations = page.evaluate(f"axe.run('#{op}', {{resultTypes: ['violations']}}).then(r => r.violations)")
        assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations] == [], name
