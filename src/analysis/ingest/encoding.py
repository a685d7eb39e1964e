"""Decode bytes whose encoding the user does not know, on evidence, and say what was lost.

A file is never decoded as a whole in an encoding it only half fits (one stray byte once
turned a 13 MB UTF-8 corpus into Windows-1256 mojibake). The choice, in order:
- a byte-order mark (UTF-8, UTF-16, UTF-32);
- strict UTF-8, then BOM-less UTF-16 (NUL at every other byte); other NUL-laden bytes and
  bytes full of control characters are refused as binary;
- UTF-8 when the share of non-ASCII characters that are valid UTF-8 sequences is at least
  `UTF8_EVIDENCE`: the invalid bytes are then read as Windows-1256 where a run of them
  spells Arabic (a file mixing the two encodings), and replaced by U+FFFD otherwise, with
  a warning that counts them;
- Windows-1256 when most of its non-ASCII characters are Arabic;
- charset-normalizer's best guess, if the result looks like text.

Text that was already mis-decoded upstream ("ط§ظ„" for "ال": UTF-8 read as Windows-1256;
"Ø§Ù„": read as Windows-1252) is repaired line by line where the round trip is exact, and
refused with status `mojibake` where it is not (`repair_mojibake`).
"""
from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from charset_normalizer import from_bytes


# Share of non-ASCII characters that must be valid UTF-8 for a file to be read as UTF-8
# with replacements (Windows-1256 Arabic decodes as valid UTF-8 only by accident, ~2%).
UTF8_EVIDENCE = 0.2
# Share of non-ASCII characters that must be Arabic for Windows-1256 (its other high bytes
# are Latin letters and symbols).
CP1256_EVIDENCE = 0.6
# Above this share of C0 control characters (other than tab, newlines, form feed) bytes are
# not text.
MAX_CONTROLS = 0.01
# How many bytes are enough to choose the codec of a stream.
SNIFF_BYTES = 1 << 20


class DecodeError(ValueError):
    def __init__(self, status: str, message: str):
        super().__init__(message)
        self.status = status


class Decoded(NamedTuple):
    text: str
    encoding: str
    warning: str | None = None  # e.g. "3 invalid UTF-8 bytes replaced"


_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
]
_ESCAPED = re.compile(r"[\udc80-\udcff]+")   # bytes kept by the surrogateescape handler
_CONTROLS = re.compile(rb"[\x01-\x08\x0e-\x1a\x1c-\x1f]")
_ARABIC_BLOCK = re.compile(r"[\u0600-\u06ff]")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Lead bytes of UTF-8 Arabic (0xD8, 0xD9) followed by a continuation byte, as another code
# page shows them: the signature of UTF-8 mis-decoded upstream. Continuations that are
# ordinary Arabic punctuation or spaces in Windows-1256 ("ضغط،") are left out of it.
_MOJIBAKE = {   # one pattern per lead byte: a literal first character is searched fast
    enc: tuple(re.compile(re.escape(lead) + "[%s]" % re.escape(
        "".join(c for c in bytes(range(0x80, 0xC0)).decode(enc, "replace") if c not in "\ufffd\u060c\u061b\u061f\u00a0")))
        for lead in bytes([0xD8, 0xD9]).decode(enc))
    for enc in ("cp1256", "cp1252")
}


def _non_ascii(s: str) -> int:
    """How many characters of `s` are not ASCII (lone surrogates included), counted in C."""
    return len(s) - len(s.encode("ascii", "ignore"))


def _signs(signs: tuple[re.Pattern, ...], text: str) -> int:
    return sum(len(p.findall(text)) for p in signs)


def _utf16_codec(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    sample = sample[:len(sample) // 2 * 2]
    high = {0x00, 0x06, 0x20, 0xFE, 0xFB}
    for enc, hi, lo in (("utf-16-le", sample[1::2], sample[0::2]), ("utf-16-be", sample[0::2], sample[1::2])):
        if sum(b in high for b in hi) > 0.9 * len(hi) and lo.count(0) < 0.05 * len(lo):
            return enc
    return None


def _utf8_evidence(data: bytes) -> bool:
    """Most non-ASCII characters are valid UTF-8 (a stray byte, a cut character, a mixed file)."""
    s = data.decode("utf-8", "surrogateescape")
    bad = sum(len(m) for m in _ESCAPED.findall(s))
    valid = _non_ascii(s) - bad
    return valid > 0 and valid >= UTF8_EVIDENCE * (valid + bad)


def _cp1256_evidence(data: bytes) -> bool:
    high = _NON_ASCII.findall(data.decode("cp1256"))
    return bool(high) and sum(bool(_ARABIC_BLOCK.match(c)) for c in high) >= CP1256_EVIDENCE * len(high)


def _binary(data: bytes) -> str | None:
    """Why `data` is not text, or None."""
    if b"\x00" in data:
        return "contains NUL bytes: a binary file, not text"
    controls = len(_CONTROLS.findall(data))
    if controls > MAX_CONTROLS * len(data):
        return f"{controls:,} control bytes in {len(data):,}: a binary file, not text"
    return None


def choose(data: bytes) -> str:
    """The codec to read `data` (a whole file, or the first `SNIFF_BYTES` of a stream) with;
    raises DecodeError(status, reason) when it is not text. "utf-8" means: with the invalid
    bytes escaped, to be resolved by `resolve_escapes`."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        text, first_bad = None, e.start
    if text is not None and "\x00" not in text:
        return "utf-8"
    u16 = _utf16_codec(data)
    if u16 is not None:
        return u16
    why = _binary(data)
    if why:
        raise DecodeError("binary", why)
    if _utf8_evidence(data):
        return "utf-8"
    if _cp1256_evidence(data):
        return "cp1256"
    best = from_bytes(data[:SNIFF_BYTES]).best()
    if best is not None and best.encoding and _looks_like_text(str(best)):
        return best.encoding
    raise DecodeError("decode_error", f"not UTF-8 (invalid byte at offset {first_bad}), UTF-16 or "
                                      "Windows-1256, and no other encoding fits")


def _looks_like_text(text: str) -> bool:
    """A guessed decoding that reads as prose: words separated by spaces, few symbols."""
    if len(text) < 200:
        return True
    spaces = sum(c.isspace() for c in text)
    return spaces >= 0.03 * len(text)


def resolve_escapes(text: str) -> tuple[str, int, int]:
    """Text decoded with surrogateescape, its escaped bytes resolved: a run of them that
    spells Arabic in Windows-1256 is read so, any other byte becomes U+FFFD. Returns
    (text, bytes replaced, bytes read as Windows-1256)."""
    replaced = cp1256 = 0

    def resolve(m: re.Match) -> str:
        nonlocal replaced, cp1256
        raw = m.group().encode("utf-8", "surrogateescape")
        if len(raw) >= 2:
            alt = raw.decode("cp1256")
            if all(_ARABIC_BLOCK.match(c) for c in alt) and len(_ARABIC_LETTER.findall(alt)) >= 2:
                cp1256 += len(raw)
                return alt
        replaced += len(raw)
        return "\ufffd" * len(raw)

    if not _ESCAPED.search(text):
        return text, 0, 0
    return _ESCAPED.sub(resolve, text), replaced, cp1256


def warning(replaced: int, cp1256: int) -> str | None:
    """The documents table's `decode_warning` for counts of `resolve_escapes`."""
    parts = []
    if replaced:
        parts.append(f"{replaced:,} invalid UTF-8 byte{'s' * (replaced != 1)} replaced")
    if cp1256:
        parts.append(f"{cp1256:,} byte{'s' * (cp1256 != 1)} of Windows-1256 text inside UTF-8 read as such")
    return "; ".join(parts) or None


def decode(data: bytes) -> Decoded:
    """Decode a whole file; raises DecodeError(status, reason) when it is not text."""
    if not data.startswith(codecs.BOM_UTF8):      # the common case first: clean UTF-8
        try:
            text = data.decode("utf-8")
            if "\x00" not in text:
                return Decoded(text, "utf-8")
        except UnicodeDecodeError:
            pass
    enc = choose(data)
    if enc in ("utf-8", "utf-8-sig"):
        body = data[len(codecs.BOM_UTF8):] if enc == "utf-8-sig" else data
        text, replaced, cp1256 = resolve_escapes(body.decode("utf-8", "surrogateescape"))
        return Decoded(text, enc, warning(replaced, cp1256))
    text = data.decode(enc, "replace")
    lost = text.count("\ufffd") - data.decode(enc, "ignore").count("\ufffd")
    if not enc.startswith("utf-") and not _looks_like_text(text):
        raise DecodeError("binary", f"decodes as {enc} but does not read as text")
    return Decoded(text, enc, f"{lost:,} undecodable {enc} byte sequences replaced" if lost else None)


def repair_mojibake(text: str) -> tuple[str, str | None]:
    """(text, warning): lines that are UTF-8 mis-read as Windows-1256 or -1252 decoded back.
    Raises DecodeError("mojibake") when mojibake is left that cannot be undone exactly."""
    notes = []
    for enc, signs in _MOJIBAKE.items():
        if not any(p.search(text) for p in signs):
            continue
        lines = text.split("\n")
        fixed = 0
        for i, line in enumerate(lines):
            if any(p.search(line) for p in signs):
                try:
                    lines[i] = line.encode(enc, "analysis-latin1").decode("utf-8")
                    fixed += 1
                except UnicodeError:
                    pass
        if fixed:
            text = "\n".join(lines)
            notes.append(f"{fixed:,} line{'s' * (fixed != 1)} of UTF-8 mis-read as {enc} decoded back")
        left = _signs(signs, text)
        if left >= 3 and left >= 0.1 * _non_ascii(text):
            raise DecodeError("mojibake", f"{left:,} character pairs look like UTF-8 mis-read as {enc} "
                                          "(e.g. 'ط§ظ„' for 'ال') and cannot be decoded back exactly")
    return text, "; ".join(notes) or None


def _latin1_fallback(e: UnicodeEncodeError):
    """Encode what a code page lacks as Latin-1 (the C1 controls sloppy decoders keep)."""
    chunk = e.object[e.start:e.end]
    if all(ord(c) < 0x100 for c in chunk):
        return chunk.encode("latin-1"), e.end
    raise e


codecs.register_error("analysis-latin1", _latin1_fallback)
