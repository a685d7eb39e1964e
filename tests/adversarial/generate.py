"""Hostile, broken and adversarial inputs, made on demand (nothing here is committed data).

Each function returns the bytes (or text) of one kind of bad input, built from a few
Arabic sentences whose events are known, so tests can say what must still be read.
`SCALING` lists the inputs whose size doubles for `python -m analysis bench --scaling`;
`write_corpus(folder)` writes one file of every kind, to run `extract` on by hand:

    python -m tests.adversarial.generate /tmp/hostile && python -m analysis extract /tmp/hostile --out /tmp/t
"""
from __future__ import annotations

import json
import random
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

# One event each: killed 3 in Douma (Rif Dimashq); shelling in Aleppo; a clash in Idlib.
SENTENCES = [
    "قتل ثلاثة مدنيين وجرح خمسة آخرون جراء قصف مدفعي لقوات الأسد على مدينة دوما في ريف دمشق.",
    "تعرضت قرية دير سمعان قرب مدينة دارة عزة بالريف الشمالي لقصف صاروخي من قوات سوريا الديمقراطية.",
    "دارت اشتباكات عنيفة بين الفصائل وقوات النظام على أطراف بلدة كفرنبودة بريف حماة الشمالي.",
]
TEXT = "\n".join(SENTENCES)
BIDI_AND_JOINERS = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2066", "\u2067", "\u2068", "\u2069",
                    "\u2060", "\u034f", "\u061c", "\ufeff", "\u00ad", "\u202a", "\u202b", "\u202c", "\u180e"]


# -- encodings ---------------------------------------------------------------------------------

def stray_bytes(text: str, n: int, byte: bytes = b"\xe9", seed: int = 0) -> bytes:
    """UTF-8 with `n` stray bytes dropped in between characters."""
    data = bytearray(text.encode("utf-8"))
    rnd = random.Random(seed)
    starts = [i for i in range(len(data)) if data[i] < 0x80 or data[i] >= 0xC0]
    for i in sorted(rnd.sample(starts, min(n, len(starts))), reverse=True):
        data[i:i] = byte
    return bytes(data)


def cut_mid_character(text: str) -> bytes:
    """UTF-8 cut after the first byte of its last Arabic letter."""
    data = text.rstrip(".\n").encode("utf-8")
    return data[:-1]


def mixed_utf8_cp1256(sentences: list[str]) -> bytes:
    """Lines alternately in UTF-8 and Windows-1256 (files pasted together)."""
    return b"\n".join(s.encode("utf-8" if i % 2 == 0 else "cp1256") for i, s in enumerate(sentences))


def random_bytes(n: int, seed: int = 0, low: int = 1) -> bytes:
    """Random bytes without NUL (`low` = 1), or without any ASCII (`low` = 0x80)."""
    rnd = random.Random(seed)
    return bytes(rnd.randrange(low, 256) for _ in range(n))


def mojibake(text: str, codepage: str = "cp1256") -> str:
    """UTF-8 read as a code page upstream: "ط§ظ„" for "ال" (cp1256), "Ø§Ù„" (Latin-1;
    "sloppy-cp1252": cp1252 with Latin-1 for the five bytes it lacks, as browsers read it;
    "cp1252": those five bytes lost)."""
    data = text.encode("utf-8")
    if codepage == "sloppy-cp1252":
        return "".join(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in data)
    return data.decode(codepage, errors="replace")


def presentation_forms(text: str) -> str:
    """Arabic letters as their isolated presentation forms (U+FE70–U+FEFF), lam-alef as one
    ligature, as PDF text extraction gives them."""
    out = []
    for c in text.replace("لا", "\ufefb").replace("لأ", "\ufef7").replace("لإ", "\ufef9"):
        try:
            out.append(unicodedata.lookup(unicodedata.name(c) + " ISOLATED FORM"))
        except (KeyError, ValueError):
            out.append(c)
    return "".join(out)


def interleave(text: str, mark: str, every: int = 1) -> str:
    """`mark` after every `every` characters of the words (never in the spaces)."""
    out = []
    for i, c in enumerate(text):
        out.append(c)
        if c.isalnum() and i % every == 0:
            out.append(mark)
    return "".join(out)


# -- records -----------------------------------------------------------------------------------

def jsonl(records: list[dict], encoding: str = "utf-8") -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode(encoding)


def csv_corpus(n: int, defect: str | None = None, at: int | None = None) -> bytes:
    """A CSV of `n` records (`id,text,published`), with one `defect` in record `at`:
    unclosed_quote, extra_comma, stray_byte, formula, or none."""
    at = n // 2 if at is None else at
    lines = ["id,text,published"]
    for i in range(n):
        text = SENTENCES[i % len(SENTENCES)]
        if defect == "unclosed_quote" and i == at:
            lines.append(f'r{i},"{text},2017-09-09')
        elif defect == "extra_comma" and i == at:
            lines.append(f"r{i},{text},2017-09-09,extra")
        elif defect == "formula" and i == at:
            lines.append(f'r{i},"=HYPERLINK(""http://x"")؛ {text}",2017-09-09')
        else:
            lines.append(f'r{i},"{text}",2017-09-09')
    data = ("\n".join(lines) + "\n").encode("utf-8")
    if defect == "stray_byte":     # between two characters of the record's text
        text = data.decode("utf-8")
        cut = len(text[:text.index(f'r{at},"') + len(f'r{at},"') + 5].encode("utf-8"))
        data = data[:cut] + b"\xe9" + data[cut:]
    return data


def nested_json(depth: int) -> bytes:
    """One JSONL line nested `depth` deep."""
    return ('{"id": "deep", "text": ' + "[" * depth + "1" + "]" * depth + "}\n").encode()


# -- markup ------------------------------------------------------------------------------------

def nested_html(depth: int) -> bytes:
    return ("<html><body>" + "<div>" * depth + SENTENCES[0] + "</div>" * depth + "</body></html>").encode()


def flat_html(paragraphs: int) -> bytes:
    body = "".join(f"<p>{SENTENCES[i % len(SENTENCES)]}</p>" for i in range(paragraphs))
    return f"<html><head><title>عنوان</title></head><body>{body}</body></html>".encode()


# -- texts that grow ---------------------------------------------------------------------------

def repeated(unit: str, n: int) -> bytes:
    return (unit * n).encode("utf-8")


# name → (file suffix, size → bytes, the first size); each size doubles the one before
SCALING: dict[str, tuple[str, Callable[[int], bytes], int]] = {
    "'قصف ' repeated": (".txt", lambda n: repeated("قصف ", n), 5_000),
    "'\"قصف\" ' repeated": (".txt", lambda n: repeated('"قصف" ', n), 5_000),
    "'مقتل ثلاثة و ' repeated": (".txt", lambda n: repeated("مقتل ثلاثة و ", n), 2_000),
    "'ثلاثة مدنيين لقوا حتفهم و ' repeated": (".txt", lambda n: repeated("ثلاثة مدنيين لقوا حتفهم و ", n), 1_000),
    "sentences repeated": (".txt", lambda n: repeated(SENTENCES[0] + " ", n), 250),
    "sentences on lines": (".txt", lambda n: repeated(SENTENCES[1] + "\n", n), 250),
    "nested <div>": (".html", nested_html, 5_000),
    "flat <p>": (".html", flat_html, 625),
    "presentation forms": (".txt", lambda n: presentation_forms(SENTENCES[0] + " ").encode() * n, 250),
    "joiners between letters": (".txt", lambda n: interleave(SENTENCES[0] + " ", "\u200d").encode() * n, 250),
    "CSV records": (".csv", csv_corpus, 500),
}


def write_corpus(folder: Path) -> list[Path]:
    """One file of each kind of bad input into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "stray_byte.txt": stray_bytes(TEXT, 1),
        "stray_bytes_37.txt": stray_bytes(TEXT * 5, 37),
        "cut_mid_character.txt": cut_mid_character(TEXT),
        "mixed_encodings.txt": mixed_utf8_cp1256(SENTENCES * 2),
        "random_bytes.txt": random_bytes(5000),
        "random_high_bytes.txt": random_bytes(5000, low=0x80),
        "mojibake_cp1256.txt": mojibake(TEXT).encode("utf-8"),
        "mojibake_cp1252.txt": mojibake(TEXT, "latin-1").encode("utf-8"),
        "presentation_forms.txt": presentation_forms(TEXT).encode("utf-8"),
        "soft_hyphens.txt": interleave(TEXT, "\u00ad", 3).encode("utf-8"),
        "isolates.txt": interleave(TEXT, "\u2068").encode("utf-8"),
        "unclosed_quote.csv": csv_corpus(9, "unclosed_quote"),
        "extra_comma.csv": csv_corpus(9, "extra_comma"),
        "formula.csv": csv_corpus(3, "formula"),
        "stray_byte.csv": csv_corpus(9, "stray_byte"),
        "nested.jsonl": nested_json(5000) + jsonl([{"id": "after", "text": SENTENCES[0]}]),
        "line_separators_utf16.jsonl": jsonl([{"id": "u1", "text": SENTENCES[0] + "\u2028" + SENTENCES[1]},
                                              {"id": "u2", "text": SENTENCES[2] + "\u0085"}], "utf-16"),
        "content_when_text_null.jsonl": jsonl([{"id": "c1", "text": None, "content": SENTENCES[0]}]),
        "nested_divs.html": nested_html(20_000),
        "flat_paragraphs.html": flat_html(10_000),
        "big_number.txt": "قتل 12345678901234567890 مدنيا جراء قصف مدفعي على مدينة دوما في ريف دمشق.".encode(),
        "far_future.jsonl": jsonl([{"id": "f1", "text": SENTENCES[0], "published": "9999-12-31"}]),
    }
    out = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        out.append(folder / name)
    return out


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m tests.adversarial.generate FOLDER")
    for f in write_corpus(Path(sys.argv[1])):
        print(f)
