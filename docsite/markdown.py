"""Markdown to HTML that is safe to put in a page, whoever wrote the Markdown.

Raw HTML in the source is shown as text, never passed through, and links or images
whose address would run script (`javascript:`, `data:`, `vbscript:` ...) lose that
address. Guides and the registry's descriptions both go through here, so a description
edited by someone else can never add script to the documentation.
"""
import html
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.extensions.toc import TocExtension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {"a": "href", "img": "src"}
# Browsers ignore ASCII control characters and whitespace inside a scheme ("java\tscript:").
IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")
SECTION_HEADINGS = {"h2", "h3"}


def is_safe_url(url):
    """True for relative addresses and http(s)/mailto ones, as the browser will read them."""
    for candidate in (url, html.unescape(url), html.unescape(html.unescape(url))):
        cleaned = IGNORED_IN_URLS.sub("", candidate)
        if ":" not in cleaned.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
            continue
        if urlsplit(cleaned).scheme.lower() not in SAFE_SCHEMES:
            return False
    return True


class SafeUrls(Treeprocessor):
    def run(self, root):
        for element in root.iter():
            attribute = URL_ATTRIBUTES.get(element.tag)
            if attribute and not is_safe_url(element.get(attribute, "")):
                del element.attrib[attribute]


@dataclass
class Section:
    """One part of a guide for the search index: a heading and the text under it."""

    anchor: str
    title: str
    text: list = field(default_factory=list)


STASHED = re.compile("\x02[^\x03]*\x03")


def plain_text(element):
    """The words of an element, without heading links and stashed code blocks."""
    parts = []

    def walk(node):
        if node.get("class") != "headerlink":
            parts.append(node.text or "")
            for child in node:
                walk(child)
        parts.append(node.tail or "")

    walk(element)
    parts[-1] = ""  # the element's own tail belongs to its parent
    return " ".join(STASHED.sub(" ", "".join(parts)).split())


class SectionCollector(Treeprocessor):
    """Splits the rendered guide at its h2/h3 headings (their ids come from `toc`)."""

    def run(self, root):
        self.md.sections = [Section("", "")]
        for element in root:
            if element.tag in SECTION_HEADINGS and element.get("id"):
                self.md.sections.append(Section(element.get("id"), plain_text(element)))
            elif element.tag == "h1":
                self.md.sections[0].title = plain_text(element)
            else:
                self.md.sections[-1].text.append(plain_text(element))


class FocusableCodeBlocks(Postprocessor):
    """Code blocks may scroll sideways; keyboard users can only scroll what can take focus.
    Raw HTML from the source is escaped by then, so every `<pre>` left is one of ours."""

    def run(self, text):
        return text.replace("<pre>", '<pre tabindex="0">')


class SafeMarkdown(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        # After `unescape` (priority 0), so addresses and text are final.
        md.treeprocessors.register(SafeUrls(md), "safe_urls", -1)
        md.treeprocessors.register(SectionCollector(md), "sections", -2)
        md.postprocessors.register(FocusableCodeBlocks(md), "focusable_code_blocks", 0)


@dataclass(frozen=True)
class Rendered:
    html: str
    sections: tuple


def render(source, heading_links=True):
    """HTML of `source` and its sections. Heading ids (and, with `heading_links`, a link to
    each heading) come from the `toc` extension."""
    converter = markdown.Markdown(extensions=[
        "tables", "fenced_code", "sane_lists", SafeMarkdown(),
        TocExtension(permalink=heading_links, permalink_title="Link to this section",
                                             toc_depth="2-3"),
    ])
    output = converter.convert(source)
    return Rendered(output, tuple(converter.sections))
