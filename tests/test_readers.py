"""Every input document appears in `documents` with a status; bad files never sink a run."""
import json

import pandas as pd
import pytest

from analysis import config
from analysis.ingest import iter_documents
from analysis.pipeline import run_extract
from analysis.store import read_table
from tests.adversarial import generate as g

AR = "تعرضت قرية دير سمعان قرب مدينة دارة عزة بالريف الشمالي لقصف صاروخي من قوات سوريا الديمقراطية."


def write(path, data):
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


@pytest.fixture
def mixed(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    write(d / "good.txt", AR)
    write(d / "bom.txt", b"\xef\xbb\xbf" + AR.encode())
    write(d / "utf16.txt", AR.encode("utf-16"))
    write(d / "cp1256.txt", AR.encode("cp1256"))
    write(d / "empty.txt", b"")
    write(d / "blank.txt", "  \n\n ")
    write(d / "binary.txt", bytes(range(256)) * 4)
    write(d / "english.txt", "The quick brown fox jumps over the lazy dog. " * 5)
    write(d / "page.html", f"<html><head><title>عنوان</title><script>var x=1;</script></head>"
                           f"<body><p>{AR}</p></body></html>")
    lines = [json.dumps({"id": "r1", "text": AR, "date": "2017-09-09", "source": "Enab Baladi"},
                        ensure_ascii=False),
             "{not json",
             json.dumps({"id": "r3", "body": AR}, ensure_ascii=False),
             json.dumps({"id": "r1", "content": AR}, ensure_ascii=False),
             json.dumps([1, 2]),
             json.dumps({"text": AR, "date_extracted": "2015-07-21 02:51:32"}, ensure_ascii=False)]
    write(d / "records.jsonl", "\n".join(lines) + "\n")
    write(d / "no_text.csv", "id,body\n1,x\n")
    write(d / "good.csv", f"id,content,published\nc1,{AR},2017-09-08\n")
    write(d / "notes.md", "not an input type")  # folders are walked for input types only
    return d


EXPECTED = {
    "good": "ok", "bom": "ok", "utf16": "ok", "cp1256": "ok", "empty": "empty", "blank": "empty",
    "binary": "binary", "english": "not_arabic", "page": "ok", "r1": "ok", "records:2": "parse_error",
    "r3": "parse_error", "r1~2": "duplicate_id", "records:5": "parse_error", "records:6": "ok",
    "no_text": "no_text_column", "c1": "ok",
}


def test_mixed_folder_one_row_per_document(mixed):
    docs = {d.doc_id: d for d in iter_documents([mixed])}
    assert {k: d.status for k, d in docs.items()} == EXPECTED
    for d in docs.values():
        assert (d.error is None) == (d.status == "ok"), d
    assert docs["cp1256"].text == AR and docs["utf16"].text == AR
    assert docs["page"].title == "عنوان" and "var x" not in docs["page"].text
    assert docs["r1"].published == "2017-09-09" and docs["r1"].source == "Enab Baladi"
    assert docs["records:6"].published == "2015-07-21"
    assert docs["c1"].published == "2017-09-08"


def test_too_large_file_is_refused_without_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "MAX_DOCUMENT_BYTES", 1000)
    big = write(tmp_path / "big.txt", "قصف " * 2000)
    small = write(tmp_path / "small.txt", AR)
    got = {d.doc_id: (d.status, d.error) for d in iter_documents([big, small])}
    assert got["big"][0] == "too_large" and "limit" in got["big"][1]
    assert got["small"][0] == "ok"


def test_unsupported_explicit_file_gets_a_row(tmp_path):
    f = write(tmp_path / "x.pdf", b"%PDF-1.4")
    (doc,) = iter_documents([f])
    assert doc.status == "unsupported_type" and ".pdf" in doc.error


def test_run_writes_a_row_for_every_document(mixed, tmp_path):
    out = tmp_path / "out"
    summary = run_extract([mixed], out, progress=False)
    docs = read_table(out, "documents")
    assert len(docs) == len(EXPECTED) == summary.documents
    assert dict(zip(docs.doc_id, docs.status)) == EXPECTED


def test_sample_documents(sample_tables):
    docs = read_table(sample_tables, "documents").set_index("doc_id")
    assert list(docs.status) == ["ok"] * 5
    assert docs.loc["000_575a162d0ffe51db", "published"] == "2017-09-09"
    assert docs.loc["002_c66de1a6bf6267ce", "published"] == "2018-05-02"
    assert docs.loc["004_d5c31eed6dcb728b", "published"] == "2017-08-04"
    assert pd.isna(docs.loc["003_c2a23875659d4254", "published"])
    assert docs.loc["003_c2a23875659d4254", "published_basis"] == "none"
    assert set(docs.published_basis) == {"metadata", "none"}


def test_seeds_from_shared_with_sidecar(tmp_path):
    from tests.conftest import need_shared
    seeds = need_shared("seeds")
    out = tmp_path / "x"
    run_extract(sorted(seeds.glob("*.txt")), out, metadata=seeds / "seeds.csv", progress=False)
    docs = read_table(out, "documents")
    assert (docs.status == "ok").sum() == 5


def test_bad_metadata_names_file_and_line(tmp_path):
    from analysis.ingest.metadata import MetadataError, load_sidecar
    f = write(tmp_path / "meta.csv", "doc_id,published\na,2017-09-09\nb,yesterday\n")
    with pytest.raises(MetadataError, match=r"meta.csv:3"):
        load_sidecar(f)


def test_a_failing_document_does_not_sink_the_run(tmp_path, monkeypatch):
    import analysis.extract.document as ex
    real = ex._extract

    def flaky(doc):
        if doc.doc_id == "bad":
            raise IndexError("rule bug")
        return real(doc)

    monkeypatch.setattr(ex, "_extract", flaky)
    d = tmp_path / "in"
    d.mkdir()
    write(d / "bad.txt", AR)
    write(d / "good.txt", AR)
    run_extract([d], tmp_path / "out", progress=False)
    docs = read_table(tmp_path / "out", "documents").set_index("doc_id")
    assert docs.loc["bad", "status"] == "extract_error" and "rule bug" in docs.loc["bad", "error"]
    assert docs.loc["good", "status"] == "ok"
    assert len(read_table(tmp_path / "out", "events")) == 1


# -- every physical CSV record accounted for ----------------------------------------------------

def csv_docs(tmp_path, data, name="c.csv"):
    return [(d.doc_id, d.status) for d in iter_documents([write(tmp_path / name, data)])]


OK9 = [(f"r{i}", "ok") for i in range(9)]


@pytest.mark.parametrize("data, expected", [
    (g.csv_corpus(9), OK9),
    # an unclosed quote in the middle, at the start, at the end: the rest is read again
    (g.csv_corpus(9, "unclosed_quote", 4), OK9[:4] + [("c:6", "parse_error")] + OK9[5:]),
    (g.csv_corpus(9, "unclosed_quote", 0), [("c:2", "parse_error")] + OK9[1:]),
    (g.csv_corpus(9, "unclosed_quote", 8), OK9[:8] + [("c:10", "parse_error")]),
    # a runaway closed by a later field's quote
    (f'id,text\nr0,"{AR}\nr1,"{AR}"\nr2,{AR}\n', [("c:2", "parse_error"), ("r1", "ok"), ("r2", "ok")]),
    # an unquoted comma: more fields than the header
    (g.csv_corpus(9, "extra_comma", 3), OK9[:3] + [("c:5", "parse_error")] + OK9[4:]),
    # legitimate multi-line and quoted fields stay one record each
    (f'id,text\nr0,"{AR}\n\n{AR}"\nr1,"قال ""الناشط"" {AR}"\nr2,{AR} "بين قوسين"\n',
     [("r0", "ok"), ("r1", "ok"), ("r2", "ok")]),
    (f'id,text\r\nr0,"{AR}\r\n{AR}"\r\nr1,{AR}\r\n', [("r0", "ok"), ("r1", "ok")]),
    # a header that never closes its quote
    (f'id,"text\nr0,{AR}\n', [("c", "parse_error")]),
])
def test_every_csv_record_is_accounted_for(tmp_path, data, expected):
    assert csv_docs(tmp_path, data) == expected


@pytest.mark.parametrize("data, too_large", [
    (f'id,text\nr0,{AR}\nr1,{"قصف " * 400}\nr2,{AR}\n', "c:3"),
    (f'id,text\nr0,{AR}\nr1,"{("قصف " * 40 + chr(10)) * 10}"\nr2,{AR}\n', "c:3"),
])
def test_an_oversized_csv_field_is_skipped_not_held(tmp_path, monkeypatch, data, too_large):
    monkeypatch.setattr(config, "MAX_DOCUMENT_BYTES", 1000)
    got = csv_docs(tmp_path, data)
    assert got == [("r0", "ok"), (too_large, "too_large"), ("r2", "ok")]


@pytest.mark.parametrize("data, warned", [
    (g.csv_corpus(9, "stray_byte", 4), {"r4": "1 invalid UTF-8 byte replaced"}),
    (f"id,text\nr0,{AR}\nr1,".encode() + AR.encode("cp1256") + f"\nr2,{AR}\n".encode(),
     {"r1": "Windows-1256"}),
])
def test_bad_bytes_in_a_csv_cost_only_their_record(tmp_path, data, warned):
    docs = list(iter_documents([write(tmp_path / "c.csv", data)]))
    assert all(d.status == "ok" for d in docs)
    assert {d.doc_id: d.decode_warning for d in docs if d.decode_warning} == \
           {k: next(d.decode_warning for d in docs if d.doc_id == k) for k in warned}
    for k, note in warned.items():
        assert note in next(d.decode_warning for d in docs if d.doc_id == k)
    assert all("ق" in d.text for d in docs)


def test_one_stray_byte_loses_no_event(tmp_path):
    clean = run_extract([write(tmp_path / "a.csv", g.csv_corpus(30))], tmp_path / "clean", progress=False)
    bad = run_extract([write(tmp_path / "b.csv", g.csv_corpus(30, "stray_byte", 7))], tmp_path / "bad", progress=False)
    assert clean.rows["events"] == bad.rows["events"] >= 30
    assert bad.statuses == {"ok": 30}
    docs = read_table(tmp_path / "bad", "documents")
    assert docs.decode_warning.notna().sum() == 1


# -- JSONL: one line, one record, whatever it holds --------------------------------------------

@pytest.mark.parametrize("data, expected", [
    (g.nested_json(5000) + g.jsonl([{"id": "after", "text": AR}]), [("j:1", "parse_error"), ("after", "ok")]),
    (g.nested_json(100_000), [("j:1", "parse_error")]),
    (g.jsonl([{"id": "c1", "text": None, "content": AR}]), [("c1", "ok")]),
    (g.jsonl([{"id": "c1", "content": AR, "text": None}]), [("c1", "ok")]),
    (g.jsonl([{"id": "c1", "text": None, "content": None}]), [("c1", "parse_error")]),
    (g.jsonl([{"id": "c1", "text": 5, "content": AR}]), [("c1", "parse_error")]),
    (g.jsonl([{"id": "u1", "text": AR + "\u2028" + AR}, {"id": "u2", "text": AR + "\u0085\u2029\x1c"}], "utf-16"),
     [("u1", "ok"), ("u2", "ok")]),
    (g.jsonl([{"id": "u1", "text": AR + "\u2028" + AR}], "utf-16-le"), [("u1", "ok")]),
    (g.jsonl([{"id": "u1", "text": AR + "\u2028" + AR}, {"id": "u2", "text": AR}], "utf-8"),
     [("u1", "ok"), ("u2", "ok")]),
    (b'{"id": "s1", "text": "' + AR.encode() + b' \\udc80 \\ud83d"}\n', [("s1", "ok")]),
    (g.stray_bytes(json.dumps({"id": "b1", "text": AR}, ensure_ascii=False), 1) + b"\n", [("b1", "ok")]),
])
def test_every_jsonl_line_is_one_record(tmp_path, data, expected):
    docs = list(iter_documents([write(tmp_path / "j.jsonl", data)]))
    assert [(d.doc_id, d.status) for d in docs] == expected
    for d in docs:
        if d.status == "ok":
            assert AR in d.text.replace("\ufffd", "")
            assert not any("\ud800" <= c <= "\udfff" for c in d.text)


@pytest.mark.parametrize("text, status", [
    (g.mojibake(AR), "ok"),                       # decoded back, with a warning
    (g.mojibake(AR, "latin-1"), "ok"),
    (g.mojibake(AR, "cp1252"), "mojibake"),       # bytes lost upstream: refused, never ok with 0 events
    (g.mojibake(AR) + "ط", "mojibake"),
])
def test_a_mojibake_document_is_never_silently_ok(tmp_path, text, status):
    (doc,) = iter_documents([write(tmp_path / "m.jsonl", g.jsonl([{"id": "m", "text": text}]))])
    assert doc.status == status
    if status == "ok":
        assert doc.text == AR and "mis-read" in doc.decode_warning
    else:
        assert "mis-read" in doc.error


# -- the metadata sidecar ----------------------------------------------------------------------

@pytest.mark.parametrize("data, error", [
    ('doc_id,source,published\na,"Enab Baladi,2017-09-09\nb,x,2017-09-10\n', r"meta.csv:2: a quoted field"),
    ("doc_id,source,published\na,x,2017-09-09,extra\n", r"meta.csv:2: 4 fields"),
    ("doc_id,published\na,2017-9-9 garbage\n", r"meta.csv:2: published date '2017-9-9 garbage'"),
    ("doc_id,published\na,9999-12-31\n", r"meta.csv:2: published date '9999-12-31'"),
    ("doc_id,published\na,2017-09-09T10:00:00+03:00\nb,yesterday\n", r"meta.csv:3"),
])
def test_a_broken_metadata_file_names_file_and_line(tmp_path, data, error):
    from analysis.ingest.metadata import MetadataError, load_sidecar
    with pytest.raises(MetadataError, match=error):
        load_sidecar(write(tmp_path / "meta.csv", data))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1256", "utf-16"])
def test_metadata_in_any_encoding(tmp_path, encoding):
    from analysis.ingest.metadata import load_sidecar
    data = "doc_id,source,published,title,url\na,عنب بلدي,2017-09-09,قصف على دوما,http://example.com/a/b\n"
    got = load_sidecar(write(tmp_path / "meta.csv", data.encode(encoding)))
    assert got["a"] == {"source": "عنب بلدي", "published": "2017-09-09", "title": "قصف على دوما",
                        "url": "http://example.com/a/b"}


@pytest.mark.parametrize("value, expected", [
    ("2017-09-09", "2017-09-09"), ("2017-9-9", "2017-09-09"), (" 2015-07-21 02:51:32 ", "2015-07-21"),
    ("2017-09-09T10:00:00Z", "2017-09-09"), ("2017-09-09T10:00:00.123+03:00", "2017-09-09"),
    ("9/9/2017", "2017-09-09"), ("2017-9-9 garbage", None), ("2017-09-09x", None), ("2017-02-30", None),
    ("9999-12-31", None), ("0001-01-01", None), ("None", None), ("", None),
])
def test_dates_are_whole_dates_or_nothing(value, expected):
    from analysis.ingest.metadata import parse_date
    assert parse_date(value) == expected


# -- what a folder walk reads ------------------------------------------------------------------

def test_hidden_files_and_table_folders_are_not_inputs(tmp_path):
    d = tmp_path / "in"
    (d / ".git").mkdir(parents=True)
    (d / "old_tables").mkdir()
    write(d / "a.txt", AR)
    write(d / ".hidden.txt", AR)
    write(d / ".git" / "x.txt", AR)
    write(d / "old_tables" / "tables.json", "{}")
    write(d / "old_tables" / "events.csv", f"event_id,text\ne1,{AR}\n")
    assert [doc.doc_id for doc in iter_documents([d])] == ["a"]
