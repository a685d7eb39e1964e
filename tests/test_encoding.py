"""Encodings decided on evidence: one stray byte never turns a UTF-8 file into mojibake, what
decoding replaced is counted, and text that is mojibake is repaired or refused, never `ok`."""
import pytest

from analysis.ingest.encoding import DecodeError, decode, repair_mojibake
from tests.adversarial import generate as g

TEXT = "تعرضت قرية دير سمعان قرب مدينة دارة عزة لقصف صاروخي."


@pytest.mark.parametrize("data, encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("utf-16"), "utf-16"),
    (TEXT.encode("utf-16-le"), "utf-16-le"),
    (TEXT.encode("utf-16-be"), "utf-16-be"),
    (TEXT.encode("cp1256"), "cp1256"),
    (("doc_id,source,title\n1,http://example.com/a/b/c/d," + "عنب بلدي" + "\n").encode("cp1256"), "cp1256"),
])
def test_detects_encoding(data, encoding):
    text, enc, warning = decode(data)
    assert text == data.decode(encoding).lstrip("\ufeff")
    assert enc == encoding and warning is None


@pytest.mark.parametrize("data, expected, warning", [
    # a stray byte, one or many, in the middle of UTF-8 Arabic
    (g.stray_bytes(TEXT, 1), None, "1 invalid UTF-8 byte replaced"),
    (g.stray_bytes(TEXT * 4, 37), None, "37 invalid UTF-8 bytes replaced"),
    (g.stray_bytes(TEXT, 3, b"\xff"), None, "3 invalid UTF-8 bytes replaced"),
    (g.stray_bytes(TEXT, 2, b"\x81\x8d"), None, "4 invalid UTF-8 bytes replaced"),
    (g.stray_bytes(TEXT, 1, b"\xe3\xe9"), None, "2 invalid UTF-8 bytes replaced"),
    # UTF-8 cut in the middle of its last character
    (g.cut_mid_character(TEXT), TEXT.rstrip(".")[:-1] + "\ufffd", "1 invalid UTF-8 byte replaced"),
    (b"\xef\xbb\xbf" + g.cut_mid_character(TEXT), TEXT.rstrip(".")[:-1] + "\ufffd", "1 invalid UTF-8 byte replaced"),
    # lines of UTF-8 and Windows-1256 pasted together: each read in its own encoding
    (g.mixed_utf8_cp1256(g.SENTENCES), "\n".join(g.SENTENCES), "Windows-1256"),
    (g.mixed_utf8_cp1256(g.SENTENCES[::-1] * 3), "\n".join(g.SENTENCES[::-1] * 3), "Windows-1256"),
])
def test_utf8_with_bad_bytes_stays_utf8_and_counts_them(data, expected, warning):
    text, enc, note = decode(data)
    assert enc == "utf-8" or enc == "utf-8-sig"
    if expected is not None:
        assert text == expected
    else:
        assert text.replace("\ufffd", "") == data.decode("utf-8", "ignore")
    assert warning in note


@pytest.mark.parametrize("data, status", [
    (b"\x00\x01\x02\x03binary\x00\xff\xfe\x00\x00\x10", "binary"),
    (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)), "binary"),
    (g.random_bytes(5000), "binary"),
    (g.random_bytes(5000, seed=7), "binary"),
    (g.random_bytes(5000, low=0x80), "decode_error"),
    (bytes(range(0x80, 0x100)) * 40, "decode_error"),
])
def test_refuses_what_is_not_text(data, status):
    with pytest.raises(DecodeError) as e:
        decode(data)
    assert e.value.status == status


@pytest.mark.parametrize("codepage", ["cp1256", "latin-1", "sloppy-cp1252"])
@pytest.mark.parametrize("text", [TEXT, g.TEXT, "قتل 3 مدنيين في دوما.\nسطر ثان: قصف على حلب، وإدلب؛ لماذا؟"])
def test_mojibake_is_decoded_back(codepage, text):
    fixed, note = repair_mojibake(g.mojibake(text, codepage))
    assert fixed == text and "mis-read" in note


def test_only_the_lines_that_are_mojibake_are_decoded_back():
    text = g.SENTENCES[0] + "\n" + g.mojibake(g.SENTENCES[1]) + "\n" + g.SENTENCES[2]
    fixed, note = repair_mojibake(text)
    assert fixed == g.TEXT and note.startswith("1 line ")


@pytest.mark.parametrize("text", [
    g.mojibake(g.TEXT)[:-7] + "ظ",                        # cut: the round trip is not exact
    g.mojibake(g.TEXT).replace("ط§", "ط"),                 # a byte lost upstream
    g.mojibake(g.TEXT, "cp1252"),                          # cp1252 lost five of the bytes
    g.mojibake(g.TEXT, "cp1256").replace("\n", "ظ\n"),     # a stray lead byte on every line
])
def test_mojibake_that_cannot_be_undone_is_refused(text):
    with pytest.raises(DecodeError) as e:
        repair_mojibake(text)
    assert e.value.status == "mojibake"


@pytest.mark.parametrize("text", [TEXT, g.TEXT, "ضغط، ربط؛ ظ؟ خطأ", "Ø ordinary Latin: Ù, Øresund"])
def test_ordinary_text_is_left_alone(text):
    assert repair_mojibake(text) == (text, None)
