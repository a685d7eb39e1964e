"""Every Arabic word the engine knows lives in `src/analysis/data/`, none in Python source.

A word written into a module escapes the lexicon's schema, its checks and its documentation,
and the next form of it goes unread. This test reads every module's string literals as the
tokenizer sees them: a literal whose Arabic letters outnumber its Latin ones is a lexical
word and fails. Docstrings and English descriptions that quote an Arabic example pass;
code points written as escapes (character ranges, a rendering probe) pass, since they are
characters, not words.
"""
from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import pytest
import regex

SRC = Path(__file__).resolve().parents[1] / "src" / "analysis"
ARABIC = regex.compile(r"\p{Arabic}")
LATIN = regex.compile(r"\p{Latin}")
# Python 3.12 splits an f-string into parts; the text between its fields is FSTRING_MIDDLE.
_STRING_PARTS = {tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)}


def _docstrings(source: str) -> set[tuple[int, int]]:
    """Where each module, class and function docstring starts."""
    starts = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                starts.add((first.value.lineno, first.value.col_offset))
    return starts


def _literals(path: Path) -> list[tuple[int, str]]:
    """(line, text as written) of each string literal that is not a docstring."""
    source = path.read_text(encoding="utf-8")
    docs = _docstrings(source)
    return [(tok.start[0], tok.string) for tok in tokenize.generate_tokens(io.StringIO(source).readline)
            if tok.type in _STRING_PARTS and tok.start not in docs]


def lexical(literal: str) -> bool:
    return len(ARABIC.findall(literal)) > len(LATIN.findall(literal))


MODULES = sorted(p for p in SRC.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_arabic_word_in_source(path):
    found = [f"{path.relative_to(SRC)}:{line}: {text[:60]}" for line, text in _literals(path) if lexical(text)]
    assert not found, "Arabic words belong in src/analysis/data/*.yaml:\n" + "\n".join(found)


@pytest.mark.parametrize("source, flagged", [
    ('X = "قصف"\n', True),
    ('X = ("قصف", "غارة")\n', True),
    ('f(word="مقتل")\n', True),
    ('X = f"{n} قتلى"\n', True),
    ('X = "\\u0633\\u0628\\u062a"\n', False),
    ('X = "An update word (ارتفعت حصيلة) raises an earlier toll of its outlet."\n', False),
    ('def f():\n    """Reads قتل and its forms."""\n    return 1\n', False),
])
def test_the_check_itself(tmp_path, source, flagged):
    path = tmp_path / "m.py"
    path.write_text(source, encoding="utf-8")
    assert any(lexical(text) for _, text in _literals(path)) is flagged
