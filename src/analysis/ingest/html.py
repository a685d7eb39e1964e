"""Visible text of an HTML page (scripts, styles and navigation chrome dropped).

The page is parsed by BeautifulSoup (with lxml), which keeps pages nested thousands deep
that lxml alone truncates; the text is then collected in one walk over the tree with an
explicit stack, in time linear in the page: inserting a line break after each block
element, as this once did, costs a scan of its siblings or descendants each time, and
grew with the square of the page.
"""
from __future__ import annotations

from bs4 import BeautifulSoup, CData, NavigableString, Tag

_DROP = frozenset(("script", "style", "noscript", "template", "svg", "nav", "footer", "header", "form"))
_BLOCKS = frozenset(("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section"))
_CLOSE = object()   # on the stack after a block element's content: a line break goes there


def html_to_text(markup: str) -> tuple[str, str | None]:
    """(text with one paragraph per line, <title>); offsets then index this text."""
    soup = BeautifulSoup(markup, "lxml")
    title_tag = soup.title    # a search of the whole page: once
    title = title_tag.get_text(" ", strip=True) if title_tag else None
    parts: list[str] = []
    stack: list = [soup]
    while stack:
        node = stack.pop()
        if node is _CLOSE:
            parts.append("\n")
        elif isinstance(node, Tag):
            if node.name in _DROP or node is title_tag:
                continue
            if node.name in _BLOCKS:
                stack.append(_CLOSE)
            stack.extend(reversed(node.contents))
        elif type(node) is NavigableString or isinstance(node, CData):   # not comments, doctypes
            parts.append(node)
    lines = (" ".join(line.split()) for line in "".join(parts).splitlines())
    return "\n".join(line for line in lines if line), title or None
