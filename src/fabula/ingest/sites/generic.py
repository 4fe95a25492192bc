"""Any other HTML: the story is the block with the most prose; menus and footers are left out.

Saved pages of sites fabula has no adapter for wrap the story in navigation, link lists, sign-in
boxes and footers. The main block is found by text density, the way readability tools do it:
each element is scored by the prose of its own paragraphs (text outside links), and the best
scoring one is the story. A page that is all story (a hand-made HTML file, a converter's output)
is read whole, as before: the block is only cut out when the rest of the page holds prose of
its own that is mostly links.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from fabula.ingest.builder import TextBuilder
from fabula.ingest.html import HtmlWalker
from fabula.ingest.metadata import clean
from fabula.ingest.sites.common import is_chrome
from fabula.model import Region, Work

FORMAT = "html"
#: A chapter's heading, which no title is (a draft that heads its chapters with ``<h1>``).
_CHAPTERISH = re.compile(r"^\W*(?:chapter|ch\.|part|book|prologue|epilogue|interlude)\b", re.I)
_PROSE_PARENTS = ("div", "article", "section", "main", "td", "blockquote", "body", "center", "span", "font")


def _text_len(node: Tag | NavigableString) -> int:
    return len(clean(node.get_text(" ") if isinstance(node, Tag) else str(node)))


def _link_len(node: Tag) -> int:
    return sum(_text_len(a) for a in node.find_all("a"))


def _own_prose(node: Tag) -> int:
    """Characters of prose directly in ``node``: its paragraphs and bare text, less link text."""
    total = 0
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:
                total += _text_len(child)
        elif isinstance(child, Tag) and child.name in ("p", "em", "i", "b", "strong", "span", "font", "center"):
            if child.name == "span" and child.find(["p", "div"]):
                continue
            total += max(_text_len(child) - _link_len(child), 0)
    return total


def _prose(node: Tag) -> int:
    """Characters of text in ``node`` outside links (a menu is nearly all links; a story is not)."""
    return max(_text_len(node) - _link_len(node), 0)


def _chrome_prose(node: Tag) -> int:
    """Prose inside ``node``'s chrome (comments, menus, footers, scripts): what the page carries
    around a story, not prose that competes with it (a blog post's forty comments outweigh a short
    chapter)."""
    total = 0
    for el in node.find_all(True):
        if is_chrome(el) and not any(is_chrome(p) for p in el.parents if isinstance(p, Tag) and p is not node):
            total += _prose(el)
    return total


def main_block(body: Tag) -> Tag:
    """The element holding the story: ``body`` itself unless the page around the densest block is chrome.

    The densest block grows to its parent while its siblings hold prose of their own (the other
    chapters of a book in one page), and is cut out only when what is left outside it is mostly
    links and little prose: a sidebar, menus, a footer."""
    best, best_score = body, _own_prose(body)
    for el in body.find_all(_PROSE_PARENTS):
        if is_chrome(el) or any(is_chrome(p) for p in el.parents if isinstance(p, Tag) and p is not body):
            continue
        score = _own_prose(el)
        if score > best_score:
            best, best_score = el, score
    if best is body or best_score < 200:
        return body
    while best.parent is not None and best.parent is not body and isinstance(best.parent, Tag):
        siblings = sum(_prose(s) for s in best.parent.find_all(recursive=False) if s is not best and not is_chrome(s))
        if siblings < 0.3 * _prose(best):
            break
        best = best.parent
    whole = _prose(body) - _chrome_prose(body)
    outside = whole - (_prose(best) - _chrome_prose(best))
    if outside > 0.25 * whole:
        return body  # the rest of the page is prose too, not chrome: keep all of it
    if _text_len(body) - _text_len(best) <= 0.1 * _text_len(body):
        return body  # the page is the story: keep its title and front matter
    return best


def _post_header(node: Tag) -> bool:
    """A blog post's own ``<header>`` (in its ``<article>``, or WordPress's ``entry-header``): it holds
    the post's title, not the site's chrome."""
    return node.name == "header" and ("entry-header" in (node.get("class") or [])
                                      or node.find_parent("article") is not None)


#: A paragraph of a post's links to the chapters around it: "Previous Chapter Next Chapter", "Table of Contents".
_NAV_WORDS = re.compile(r"(?i)^(?:\W*(?:previous|prev|next|last|first|chapter|table\s+of\s+contents|contents|index|home"
                        r"|back|part|page)\b)+\W*$")


def _drop_nav_links(block: Tag) -> None:
    """Take out of the story block its paragraphs that are only links to other chapters ("Previous
    Chapter Next Chapter" under a blog's chapter): the site's navigation, never the story's words."""
    for p in block.find_all("p"):
        words = clean(p.get_text(" "))
        if words and _NAV_WORDS.match(words) and _link_len(p) >= 0.8 * len(words):
            p.decompose()


def _title_before(body: Tag, block: Tag) -> Tag | None:
    """The page's title heading when the story block leaves it out: the last ``h1``-``h3`` before
    the block that is not site chrome (a site's logo heading is usually inside its header)."""
    found = None
    for h in body.find_all(["h1", "h2", "h3"]):
        if block in h.parents or h in block.descendants or block in h.find_all_previous(block.name):
            break  # inside the block, or past it (a comment form's "Leave a Reply" is no title)
        if any(is_chrome(p) and not _post_header(p) for p in h.parents if isinstance(p, Tag)) or not clean(h.get_text(" ")):
            continue
        if h.sourceline is not None and block.sourceline is not None and h.sourceline > block.sourceline:
            break
        found = h
    return found


def generic_read(soup: BeautifulSoup | Tag, b: TextBuilder, work: Work) -> None:
    """Any HTML: the main block through the walker, a first ``h1`` (or the heading above the block) as the title."""
    body = soup.find("body") or soup
    assert isinstance(body, Tag)
    block = main_block(body)
    walker = HtmlWalker(b)
    before = len(b.blocks)
    if block is not body:
        _drop_nav_links(block)
        title = _title_before(body, block)
        if title is not None:
            start = b.next_start()
            walker.inline(title, frozenset())
            b.flush("heading", 1)
            end = b.pos
            work.title = re.split(r"\s+by\s+", clean(title.get_text(" ")), maxsplit=1)[0].strip()
            b.regions.append(Region("title", start, end))
        walker.walk(block)
        b.flush()
        return
    walker.walk(body)
    b.flush()
    text = b.text
    for blk in b.blocks[before:]:
        if blk.kind == "heading" and blk.level == 1 and not work.title and not _CHAPTERISH.match(text[blk.start:blk.end]):
            work.title = re.split(r"\s+by\s+", text[blk.start:blk.end], maxsplit=1)[0].strip()
            b.regions.append(Region("title", blk.start, blk.end))
            break


#: What an error page says in its title, heading or text: the story is not there.
_NOT_FOUND = re.compile(r"(?i)\b(?:404\b|(?:page|file|story|work|chapter)\s+(?:was\s+)?not\s+found|not\s+found\b"
                        r"|page\s+(?:can(?:no|['’])?t|could\s+not)\s+be\s+found|does\s+(?:not|n['’]t)\s+exist"
                        r"|no\s+longer\s+(?:exists|available))")
#: A chapter list's entry with its length: "(2,938 words)", "Word count: 8,940", "Words: 1,200".
_LENGTH_ENTRY = re.compile(r"(?i)\bword\s*count\s*:?\s*[\d,]+|\(\s*[\d,]+\s+words\s*\)|\bwords\s*:\s*[\d,]+")
#: The most words a paragraph of an index or error page holds (a story's run longer), and the
#: fewest a page's prose (words in paragraphs of eight or more) may have and still be a story.
_INDEX_BLOCK_MAX = 100
_STORY_PROSE_MIN = 80


def page_without_story(soup: BeautifulSoup | Tag) -> str | None:
    """What a page of some other site is when it holds no story, or None: an error page (it says
    "not found" and has little prose), a work's index (its chapter list with each chapter's length,
    a summary and notes, no paragraph the length a story's run to), or a page with almost no prose
    at all among a site's links (a download or "read the fanfic" page). Read, such a page was a story made of the site's
    menus and footers. A story, even a drabble, has a paragraph of some length or prose enough."""
    body = soup.find("body") or soup
    if not isinstance(body, Tag):
        return None
    blocks = [clean(b.get_text(" ")) for b in body.find_all(["p", "div", "td", "blockquote", "li", "dd"])
              if not b.find(["p", "div", "td", "blockquote", "li", "dd"])]
    words = [len(b.split()) for b in blocks]
    longest = max(words, default=0)
    prose = sum(w for w in words if w >= 8)
    if longest >= _INDEX_BLOCK_MAX * 2:
        return None
    title = soup.find("title")
    heads = " ".join(clean(h.get_text(" ")) for h in [title, *body.find_all(["h1", "h2", "h3"], limit=6)] if isinstance(h, Tag))
    if prose < 600 and (_NOT_FOUND.search(heads) or any(
            len(t.split()) <= 40 and _NOT_FOUND.search(t)
            for t in (clean(b.get_text(" ")) for b in body.find_all(["p", "div", "td", "span", "center"])))):
        return "an error page (it says the story is not found): save the story's own page"
    if longest < _INDEX_BLOCK_MAX and len(_LENGTH_ENTRY.findall(body.get_text(" "))) >= 2:
        return "a story's index page (its chapter list, summary and notes), not its text: save a chapter's page"
    if longest < 30 and prose < _STORY_PROSE_MIN and len(body.find_all("a", limit=5)) >= 5:  # a site's page, with its menus
        return "a page with almost no prose on it (a menu, a download or 'read' link): save the story's own page"
    return None
