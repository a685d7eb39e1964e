import pytest

from analysis.ingest.encoding import DecodeError, decode

TEXT = "تعرضت قرية دير سمعان قرب مدينة دارة عزة لقصف صاروخي."


@pytest.mark.parametrize("data, encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("utf-16"), "utf-16"),
    (TEXT.encode("utf-16-le"), "utf-16"),
    (TEXT.encode("utf-16-be"), "utf-16"),
    (TEXT.encode("cp1256"), "cp1256"),
])
def test_detects_encoding(data, encoding):
    text, enc = decode(data)
    assert text == TEXT
    assert enc == encoding


@pytest.mark.parametrize("data, status", [
    (b"\x00\x01\x02\x03binary\x00\xff\xfe\x00\x00\x10", "binary"),
    (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)), "binary"),
])
def test_refuses_binary(data, status):
    with pytest.raises(DecodeError) as e:
        decode(data)
    assert e.value.status == status
