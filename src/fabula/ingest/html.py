"""HTML to fabula's plain rendition: the parser and the walker every HTML reader shares.

The walker turns an element tree into paragraphs, headings, breaks and italic/bold marks. Which
elements are the story, the notes or the site around them is the site adapters' business
(:mod:`fabula.ingest.sites`): AO3's download and work page, FanFiction.net's chapter page, and
a generic reader for anything else.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag, XMLParsedAsHTMLWarning

from fabula.ingest.builder import TextBuilder
from fabula.ingest.limits import flatten_deep

warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)

BLOCK_TAGS = {
    "p", "div", "blockquote", "section", "article", "ul", "ol", "li", "table", "tbody", "thead",
    "tr", "td", "th", "pre", "center", "dl", "dt", "dd", "header", "footer", "main", "aside",
    "figure", "figcaption", "body", "html", "nav", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "a",
}
SKIP_TAGS = {"script", "style", "head", "title", "meta", "link", "noscript", "img", "svg", "form", "button"}
ITALIC = {"em", "i", "cite", "var"}
#: Headings AO3 writes for screen readers and e-book tables of contents ("Chapter Text", "Work
#: Text:", "Preface"): hidden on the page, never the story's.
_HIDDEN = {"toc-heading", "landmark"}
BOLD = {"strong", "b"}


def parse_soup(data: str | bytes) -> BeautifulSoup:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)  # EPUB pages are XHTML; lxml's HTML parser is lenient
        return flatten_deep(BeautifulSoup(data, "lxml"))  # the walker recurses: no page deeper than it can go


#: A class rule of a page's own style sheet: ``.c3{font-style:italic}`` (Google Docs' HTML export
#: styles its italics and bold this way, with no ``<em>``), ``p.MsoTitle {…}``.
_CLASS_RULE = re.compile(r"(?<![\w.#-])(?:[a-z]+)?\.([A-Za-z_][\w-]*)\s*\{([^{}]*)\}")
_ITALIC_RULE = re.compile(r"font-style\s*:\s*italic", re.I)
_BOLD_RULE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.I)
#: A word processor's Title paragraph: Google Docs' ``p.title``, Word's ``p.MsoTitle``.
_TITLE_CLASSES = {"title", "MsoTitle"}


def apply_class_styles(soup: BeautifulSoup) -> None:
    """Italics and bold a page states in its style sheet, as ``<i>`` and ``<b>`` (spans whose class
    the sheet makes italic or bold), and a word processor's Title paragraph as an ``<h1>``: a
    draft exported as HTML (Google Docs, Word) marks its emphasis and its title only so."""
    head = soup.head  # a page's sheets are in its head: the body's tree is not walked for them
    sheets = " ".join(st.get_text() for st in head.find_all("style")) if head is not None else ""
    italic: set[str] = set()
    bold: set[str] = set()
    titled = False
    for m in _CLASS_RULE.finditer(sheets):
        if _ITALIC_RULE.search(m.group(2)):
            italic.add(m.group(1))
        if _BOLD_RULE.search(m.group(2)):
            bold.add(m.group(1))
        titled = titled or m.group(1) in _TITLE_CLASSES
    if italic or bold:
        for span in soup.find_all("span", class_=True):
            cls = set(span.get("class") or [])
            if cls & italic:
                span.name = "i"
                if cls & bold:
                    span.wrap(soup.new_tag("b"))
            elif cls & bold:
                span.name = "b"
    if titled:  # the sheet styles a Title paragraph: look for it
        for p in soup.find_all("p", class_=True):
            if _TITLE_CLASSES & set(p.get("class") or []):
                p.name = "h1"


#: What an ornament's address or description calls it: "divider.png", alt="a line of leaves".
_ORNAMENT_WORDS = re.compile(r"divider|separator|dingbat|ornament|flourish|decorat|swirl|line[-_ ]?break"
                             r"|scene[-_ ]?break|page[-_ ]?break|(?<![a-z])(?:hr|line|rule)(?![a-z])", re.I)


def _pixels(value: Any) -> int | None:
    m = re.match(r"\s*(\d{1,5})\s*(?:px)?\s*$", str(value)) if value is not None else None
    return int(m.group(1)) if m else None


def image_kind(img: Tag) -> str | None:
    """Is an ``<img>`` an ornament (a scene divider or a dingbat: its address or description says
    so, or it is low, at most 100 pixels high, or three times as wide as it is high), a picture
    (a photo or drawing the story shows: higher than that and not so wide), or unknown (no
    sizes and no telling name)? Writers set scenes apart with divider images as with ``<hr>``,
    and show screenshots and art between paragraphs: the one is a break, the other no gap."""
    if _ORNAMENT_WORDS.search(f"{img.get('src') or ''} {img.get('class') or ''}"):
        return "ornament"  # the file's own name: "scene_divider.gif"
    w, h = _pixels(img.get("width")), _pixels(img.get("height"))
    if w is not None and h is not None and w > 0 and h > 0:
        return "ornament" if h <= 100 or w >= 3 * h else "picture"
    # the description only where the size is not given: a photo's may name a line or a swirl
    return "ornament" if _ORNAMENT_WORDS.search(f"{img.get('alt') or ''} {img.get('title') or ''}") else None


def _is_block(node: Tag) -> bool:
    if node.name == "a":
        return any(isinstance(c, Tag) and c.name in BLOCK_TAGS - {"a"} for c in node.children)
    return node.name in BLOCK_TAGS


def _count_br_run(node: Tag) -> int:
    """How many ``<br>`` follow each other from ``node`` (whitespace between them ignored)."""
    n, sib = 1, node.next_sibling
    while sib is not None:
        if isinstance(sib, NavigableString) and not sib.strip():
            sib = sib.next_sibling
            continue
        if isinstance(sib, Tag) and sib.name == "br":
            n += 1
            sib = sib.next_sibling
            continue
        break
    return n


class HtmlWalker:
    """Walk an element tree and write paragraphs, headings and breaks into a builder."""

    def __init__(self, builder: TextBuilder) -> None:
        self.b = builder
        self._skip_br = 0

    def walk(self, node: Tag, styles: frozenset[str] = frozenset()) -> None:
        """Render the children of ``node``."""
        self._skip_br = 0
        for child in list(node.children):
            self.visit(child, styles)

    def visit(self, child: Any, styles: frozenset[str] = frozenset()) -> None:
        """Render one node: text, a line break, a rule, a heading, a block or inline markup."""
        if isinstance(child, NavigableString):
            if type(child).__name__ not in ("Comment", "Doctype", "ProcessingInstruction", "Declaration", "CData"):
                self.b.add_text(str(child), styles)
            return
        if not isinstance(child, Tag):
            return
        name = child.name
        if name == "img":
            self.b.image(image_kind(child))
            return
        if name in SKIP_TAGS or _HIDDEN & set(child.get("class") or []):
            return
        if name == "br":
            if self._skip_br:
                self._skip_br -= 1
                return
            run = _count_br_run(child)
            if run == 1:
                self.b.newline()
            else:
                self.b.blank(run - 2)
                self._skip_br = run - 1
            return
        if name == "hr":
            self.b.rule()
        elif name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.b.flush()
            self.inline(child, styles)
            self.b.flush("heading", int(name[1]))
        elif _is_block(child):
            self.b.flush()
            skip = self._skip_br
            self.walk(child, styles)
            self._skip_br = skip
            self.b.flush()
        else:
            self.inline(child, styles)

    def inline(self, node: Tag, styles: frozenset[str]) -> None:
        skip = self._skip_br
        if node.name in ITALIC:
            styles = styles | {"italic"}
        elif node.name in BOLD:
            styles = styles | {"bold"}
        elif node.name == "span" and "font-style:italic" in str(node.get("style", "")).replace(" ", ""):
            styles = styles | {"italic"}
        self.walk(node, styles)
        self._skip_br = skip
