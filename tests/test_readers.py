"""Every input document appears in `documents` with a status; bad files never sink a run."""
import json

import pandas as pd
import pytest

from analysis import config
from analysis.ingest import iter_documents
from analysis.pipeline import run_extract
from analysis.store import read_table

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
