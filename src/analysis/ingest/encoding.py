"""Decode bytes whose encoding the user does not know: UTF-8 (±BOM), UTF-16, Windows-1256.

Order: BOMs, strict UTF-8, BOM-less UTF-16 (NUL at every other byte), then Windows-1256
when it yields Arabic text, then charset-normalizer's best guess. Bytes that none of these
decode, and NUL-laden bytes that are not UTF-16, are refused with a reason.
"""
from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from analysis.text.normalize import arabic_share


class DecodeError(ValueError):
    def __init__(self, status: str, message: str):
        super().__init__(message)
        self.status = status


_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
]


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: one byte of every pair is a high byte (0x00 ASCII, 0x06 Arabic)."""
    sample = data[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    high = {0x00, 0x06, 0x20, 0xFE, 0xFB}
    for enc, hi, lo in (("utf-16-le", sample[1::2], sample[0::2]), ("utf-16-be", sample[0::2], sample[1::2])):
        if sum(b in high for b in hi) > 0.9 * len(hi) and lo.count(0) < 0.05 * len(lo):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                return None
            return text if arabic_share(text) > 0 or text.isprintable() else None
    return None


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding) or raise DecodeError(status, reason)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as e:
                raise DecodeError("decode_error", f"starts with a {enc} byte-order mark but {e}") from e
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        text = None
        first_bad = utf8_error.start
    if text is not None:
        if "\x00" in text:
            u16 = _utf16_without_bom(data)
            if u16 is not None:
                return u16, "utf-16"
            raise DecodeError("binary", "contains NUL bytes: a binary file, not text")
        return text, "utf-8"
    u16 = _utf16_without_bom(data)
    if u16 is not None:
        return u16, "utf-16"
    if b"\x00" in data:
        raise DecodeError("binary", "contains NUL bytes: a binary file, not text")
    try:
        cp = data.decode("cp1256")
        if arabic_share(cp) >= 0.3:
            return cp, "cp1256"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best), best.encoding
    raise DecodeError("decode_error", f"not UTF-8 (invalid byte at offset {first_bad}), UTF-16 or "
                                      "Windows-1256, and no other encoding fits")
