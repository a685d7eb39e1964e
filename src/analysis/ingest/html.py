"""Visible text of an HTML page (scripts, styles and navigation chrome dropped)."""
from __future__ import annotations

from bs4 import BeautifulSoup

_DROP = ("script", "style", "noscript", "template", "svg", "nav", "footer", "header", "form")
_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section")


def html_to_text(markup: str) -> tuple[str, str | None]:
    """(text with one paragraph per line, <title>); offsets then index this text."""
    soup = BeautifulSoup(markup, "lxml")
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    for tag in soup(_DROP):
        tag.decompose()
    if soup.title:
        soup.title.decompose()
    for tag in soup.find_all(_BLOCKS):
        tag.insert_after("\n")
    lines = (" ".join(line.split()) for line in soup.get_text().splitlines())
    return "\n".join(line for line in lines if line), title or None
