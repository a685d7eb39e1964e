"""Runs that lose nothing: one bad document costs itself only, the output folder switches as
one set, stale and foreign files are never read, one run at a time, workers die with it."""
from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis import cli, pipeline, schemas, store
from analysis.clusters import cluster, mention
from analysis.pipeline import run_extract
from analysis.store import read_table
from tests.adversarial import generate as g

GOOD = g.SENTENCES


def corpus(folder: Path, texts=GOOD, name="d") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, t in enumerate(texts):
        (folder / f"{name}{i}.txt").write_text(t, encoding="utf-8")
    return folder


def tables(folder: Path) -> dict[str, str]:
    """Digest of every file the run wrote (the lock file aside)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())
            if p.is_file() and p.name != store.LOCK}


def events_of(out: Path) -> pd.DataFrame:
    return read_table(out, "events")


# -- one document, whatever goes wrong in it, costs that document only ------------------------

def _patch_rows(monkeypatch, table, change):
    """Make the middle document's rows of `table` bad in a way `change` says."""
    real = pipeline.extract_document

    def bad(doc):
        res = real(doc)
        if doc.doc_id == "d1":
            rows = getattr(res, table)
            if not rows:
                rows.append({"event_id": res.events[0]["event_id"], "doc_id": doc.doc_id, "char_start": 0,
                             "char_end": 5, "group": "civilians", "outcome": "killed", "low": 1, "best": 1,
                             "high": 1, "quantity_text": "x"})
            change(rows[0])
        return res

    monkeypatch.setattr(pipeline, "extract_document", bad)


def _raise(exc):
    def stage(monkeypatch):
        real = pipeline.extract_document

        def broken(doc):
            if doc.doc_id == "d1":
                raise exc
            return real(doc)

        monkeypatch.setattr(pipeline, "extract_document", broken)
    return stage


def _rows(table, **values):
    return lambda monkeypatch: _patch_rows(monkeypatch, table, lambda row: row.update(values))


def _mention_breaks(monkeypatch):
    def broken(row, *args):
        if row["doc_id"] == "d1":
            raise OverflowError("date value out of range")
        return mention(row, *args)

    monkeypatch.setattr(pipeline, "mention", broken)


def _duplicate_event(monkeypatch):
    real = pipeline.extract_document

    def twice(doc):
        res = real(doc)
        if doc.doc_id == "d1":
            res.events.append(dict(res.events[0]))
        return res

    monkeypatch.setattr(pipeline, "extract_document", twice)


INJECTED = [
    ("a rule raises", _raise(IndexError("rule bug"))),
    ("a rule recurses", _raise(RecursionError("maximum recursion depth exceeded"))),
    ("a number overflows", _raise(OverflowError("int too large to convert to float"))),
    ("killed beyond Int64", _rows("events", killed=10 ** 20)),
    ("killed_high beyond Int64", _rows("events", killed_high=2 ** 63)),
    ("a negative count", _rows("casualties", best=-1)),
    ("a count that is text", _rows("casualties", low="three")),
    ("a code outside the codebook", _rows("events", sub_event_type="martian_landing")),
    ("a date that is no date", _rows("events", event_date="2017-02-30")),
    ("a date in the wrong form", _rows("events", event_date="9/9/2017")),
    ("a latitude off the globe", _rows("events", latitude=123.0)),
    ("an infinite longitude", _rows("events", longitude=float("inf"))),
    ("a lone surrogate in text", _rows("events", text="قصف \udc80")),
    ("a missing required value", _rows("events", civilian_targeting=None)),
    ("a facility outside the codebook", _rows("casualties", group="kids")),
    ("the same event twice", _duplicate_event),
    ("clustering cannot compare it", _mention_breaks),
]


@pytest.mark.parametrize("name, inject", INJECTED, ids=[x[0] for x in INJECTED])
def test_one_bad_document_costs_only_itself(tmp_path, monkeypatch, name, inject):
    src = corpus(tmp_path / "in")
    clean = run_extract([src], tmp_path / "clean", progress=False)
    inject(monkeypatch)
    summary = run_extract([src], tmp_path / "out", progress=False)
    docs = read_table(tmp_path / "out", "documents").set_index("doc_id")
    assert docs.loc["d1", "status"] == "extract_error" and docs.loc["d1", "error"]
    assert list(docs.loc[["d0", "d2"], "status"]) == ["ok", "ok"]
    assert summary.documents == clean.documents == 3
    ev, ev_clean = events_of(tmp_path / "out"), events_of(tmp_path / "clean")
    assert not (ev.doc_id == "d1").any()
    kept = ev_clean[ev_clean.doc_id != "d1"].drop(columns=["cluster_id"]).reset_index(drop=True)
    assert ev.drop(columns=["cluster_id"]).reset_index(drop=True).equals(kept)
    for t in ("casualties", "facility_attacks", "control_changes", "statistics"):
        assert not (read_table(tmp_path / "out", t).doc_id == "d1").any()


@pytest.mark.parametrize("dates", [
    ["9999-12-31"], ["9999-12-30", "9999-12-31"], ["0001-01-01", "0001-01-02"], ["9999-12-31", None],
])
def test_clustering_takes_extreme_dates(dates):
    rows = [{"event_id": f"d:{i}", "doc_id": "d", "char_start": i, "char_end": i + 1, "text": "قصف",
             "event_date": d, "sub_event_type": "armed_clash", "admin1": "SY-DI", "location": "جوبر"}
            for i, d in enumerate(dates)]
    ids = cluster([mention(r) for r in rows])[0]
    assert len(ids) == len(dates) and all(ids)


def test_a_document_that_runs_over_its_budget_gets_timeout(tmp_path, monkeypatch):
    real = pipeline.extract_document

    def slow(doc):
        if doc.doc_id == "d1":
            while True:          # a rule that never ends
                time.sleep(0.001)
        return real(doc)

    monkeypatch.setattr(pipeline, "extract_document", slow)
    src = corpus(tmp_path / "in")
    start = time.monotonic()
    summary = run_extract([src], tmp_path / "out", progress=False, seconds=0.5)
    assert time.monotonic() - start < 30
    docs = read_table(tmp_path / "out", "documents").set_index("doc_id")
    assert docs.loc["d1", "status"] == "timeout" and "0.5 s" in docs.loc["d1", "error"]
    assert summary.statuses == {"ok": 2, "timeout": 1}
    assert set(events_of(tmp_path / "out").doc_id) == {"d0", "d2"}


@pytest.mark.parametrize("seconds", [None, 0, 60])
def test_a_budget_never_touches_documents_within_it(tmp_path, seconds):
    src = corpus(tmp_path / "in")
    a = run_extract([src], tmp_path / "a", progress=False, seconds=seconds)
    b = run_extract([src], tmp_path / "b", progress=False, seconds=None)
    assert a.statuses == {"ok": 3} and tables(tmp_path / "a") == tables(tmp_path / "b")


def test_the_budget_holds_in_worker_processes(tmp_path):
    """A --jobs 2 run whose document never ends: the worker's own watchdog stops it."""
    src = corpus(tmp_path / "in")
    code = f"""
import time
from analysis import pipeline
real = pipeline.extract_document
def slow(doc):
    while doc.doc_id == "d1":
        time.sleep(0.001)
    return real(doc)
pipeline.extract_document = slow
s = pipeline.run_extract([{str(src)!r}], {str(tmp_path / 'out')!r}, jobs=2, progress=False, seconds=0.5)
print(sorted(s.statuses.items()))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[('ok', 2), ('timeout', 1)]"


# -- the output folder: one set, switched at once, never read back, one run at a time ----------

@pytest.mark.parametrize("first, second", [("parquet", "csv"), ("csv", "parquet"), ("csv", "csv")])
def test_a_rerun_in_another_format_leaves_no_stale_tables(tmp_path, first, second):
    src = corpus(tmp_path / "in")
    run_extract([src], tmp_path / "out", fmt=first, progress=False)
    run_extract([corpus(tmp_path / "in2", GOOD[:1])], tmp_path / "out", fmt=second, progress=False)
    names = {p.name for p in (tmp_path / "out").iterdir()}
    assert names == {f"{t}.{second}" for t in schemas.TABLE_NAMES} | {store.MANIFEST, store.LOCK}
    assert list(read_table(tmp_path / "out", "documents").doc_id) == ["d0"]


@pytest.mark.parametrize("layout", ["out inside the input", "out is the input", "out beside, input named twice"])
@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_an_output_folder_is_never_read_back_as_input(tmp_path, layout, fmt):
    src = corpus(tmp_path / "in")
    out = {"out inside the input": src / "tables", "out is the input": src,
           "out beside, input named twice": tmp_path / "tables"}[layout]
    inputs = [src, src] if layout.endswith("twice") else [src]
    first = run_extract(inputs, out, fmt=fmt, progress=False)
    again = run_extract(inputs, out, fmt=fmt, progress=False)
    assert again.documents == first.documents and again.rows == first.rows
    if layout == "out is the input":
        # a table named as an explicit input is refused, with a row that says why
        (doc,) = [d for d in pipeline.iter_documents([out / f"events.{fmt}"], out=out)]
        assert doc.status == "read_error" and "never read back" in doc.error


def test_tables_of_an_earlier_run_elsewhere_are_not_inputs(tmp_path):
    src = corpus(tmp_path / "in")
    run_extract([src], src / "old", fmt="csv", progress=False)
    summary = run_extract([src], tmp_path / "new", progress=False)
    assert summary.documents == 3


def _crash_at(monkeypatch, n):
    """os.replace in the store fails at its n-th call (the commit is the first)."""
    calls = []
    real = os.replace

    def replace(a, b):
        calls.append(b)
        if len(calls) == n:
            raise KeyboardInterrupt("killed while switching")
        return real(a, b)

    monkeypatch.setattr(store.os, "replace", replace)


@pytest.mark.parametrize("n", range(1, len(schemas.TABLE_NAMES) + 3))
def test_a_crash_between_renames_never_mixes_two_runs(tmp_path, monkeypatch, n):
    """Killed at every step of the switch: readers see the old set or the new one, whole,
    and the next run finishes or drops what was left."""
    old_in, new_in = corpus(tmp_path / "a", GOOD[:1]), corpus(tmp_path / "b", GOOD, name="n")
    out = tmp_path / "out"
    run_extract([old_in], out, progress=False)
    old = {t: read_table(out, t) for t in schemas.TABLE_NAMES}
    run_extract([new_in], tmp_path / "ref", progress=False)
    new = {t: read_table(tmp_path / "ref", t) for t in schemas.TABLE_NAMES}
    with monkeypatch.context() as m:
        _crash_at(m, n)
        with pytest.raises(KeyboardInterrupt):
            run_extract([new_in], out, progress=False)
    seen = {t: read_table(out, t) for t in schemas.TABLE_NAMES}
    whole = [s for s in (old, new) if all(seen[t].equals(s[t]) for t in schemas.TABLE_NAMES)]
    assert len(whole) == 1, "the tables read are one run's, whole"
    assert (whole[0] is old) == (n == 1), "the set is committed once its manifest is written"
    run_extract([new_in], out, progress=False)
    assert tables(out) == tables(tmp_path / "ref")
    assert not list(out.glob(".partial-*"))


@pytest.mark.parametrize("leftover", ["uncommitted", "committed", "empty"])
def test_partial_folders_left_by_earlier_runs_are_cleaned(tmp_path, leftover):
    src = corpus(tmp_path / "in")
    out = tmp_path / "out"
    run_extract([src], out, progress=False)
    junk = out / ".partial-old"
    junk.mkdir()
    if leftover != "empty":
        (junk / "events.parquet").write_bytes(b"half a table")
    if leftover == "committed":     # a committed set of another run: finished, then replaced
        for t in schemas.TABLE_NAMES:
            (junk / f"{t}.csv").write_bytes(b"")
        (junk / store.MANIFEST).write_text(json.dumps({"format": "csv", "generation": "x", "tables": {
            t: {"file": f"{t}.csv", "bytes": 0, "rows": 0} for t in schemas.TABLE_NAMES}}))
    run_extract([src], out, progress=False)
    assert not list(out.glob(".partial-*"))
    assert read_table(out, "documents").status.tolist() == ["ok"] * 3
    assert not list(out.glob("*.csv"))


def test_readers_refuse_a_table_that_is_not_the_one_listed(tmp_path):
    out = tmp_path / "out"
    run_extract([corpus(tmp_path / "in")], out, progress=False)
    (out / "events.parquet").write_bytes((out / "events.parquet").read_bytes() + b"\0")
    with pytest.raises(FileNotFoundError, match="run extract again"):
        read_table(out, "events")
    assert len(read_table(out, "documents")) == 3


def test_a_second_run_into_the_same_folder_is_refused(tmp_path, capsys):
    src = corpus(tmp_path / "in")
    out = tmp_path / "out"
    run_extract([src], out, progress=False)
    holder = subprocess.Popen([sys.executable, "-c", f"""
import fcntl, sys, time
fh = open({str(out / store.LOCK)!r}, "a")
fcntl.flock(fh, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(60)
"""], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        before = tables(out)
        assert cli.main(["extract", str(src), "--out", str(out), "--quiet"]) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: another extract run is writing into") and err.count("\n") == 1
        assert tables(out) == before and not list(out.glob(".partial-*"))
    finally:
        holder.kill()
        holder.wait()
    assert cli.main(["extract", str(src), "--out", str(out), "--quiet"]) == 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find the workers")
def test_workers_die_with_a_killed_run(tmp_path):
    src = corpus(tmp_path / "in", [GOOD[0] + " " + GOOD[1]] * 4000)
    run = subprocess.Popen([sys.executable, "-m", "analysis", "extract", str(src), "--out", str(tmp_path / "out"),
                            "--jobs", "2", "--quiet"], stderr=subprocess.PIPE)
    try:
        workers = []
        for _ in range(600):
            workers = [int(p) for p in Path(f"/proc/{run.pid}/task/{run.pid}/children").read_text().split()]
            if len(workers) >= 2:
                break
            time.sleep(0.05)
        assert len(workers) >= 2, "the run started its workers"
        time.sleep(0.5)
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait()
    for _ in range(100):
        alive = [w for w in workers if Path(f"/proc/{w}").exists()
                 and Path(f"/proc/{w}/stat").read_text().split()[2] != "Z"]
        if not alive:
            break
        time.sleep(0.1)
    assert not alive, f"workers {alive} outlived their run"
    assert not (tmp_path / "out" / "events.parquet").exists()


# -- CSV tables a spreadsheet can open, and read back the same ---------------------------------

FORMULAS = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "'=already quoted",
            "''=twice", "=", "a=b", "NA", "None", "null", "nan", "N/A", "-", "#N/A"]


@pytest.mark.parametrize("value", FORMULAS)
def test_csv_cells_are_formula_safe_and_read_back_the_same(tmp_path, value):
    rows = [{"doc_id": "a", "source": value, "title": value, "published_basis": "none", "status": "ok",
             "n_chars": 3}]
    s = store.TableStore(tmp_path / "out", "csv")
    s.append("documents", schemas.frame("documents", rows))
    s.finish()
    raw = pd.read_csv(tmp_path / "out" / "documents.csv", dtype=str, keep_default_na=False)
    cell = raw.loc[0, "source"]
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), "a spreadsheet would run it"
    back = read_table(tmp_path / "out", "documents")
    assert back.loc[0, "source"] == value and back.loc[0, "title"] == value
    assert back.loc[0, "n_chars"] == 3


def test_only_text_cells_are_prefixed():
    df = pd.DataFrame({"n": pd.array([-3, 5], dtype="Int64"), "x": pd.array([-1.5, None], dtype="Float64"),
                       "t": pd.array(["-3", None], dtype="string")})
    safe = store.formula_safe(df)
    assert safe.n.tolist() == [-3, 5] and safe.x.iloc[0] == -1.5
    assert safe.t.iloc[0] == "'-3" and safe.t.isna().iloc[1]


def test_a_whole_csv_run_round_trips(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(g.jsonl([{"id": "=1+1", "source": "NA", "title": "None", "text": GOOD[0]},
                             {"id": "@x", "source": "-", "text": "=" + GOOD[1]}]))
    run_extract([src], tmp_path / "csv", fmt="csv", progress=False)
    run_extract([src], tmp_path / "pq", progress=False)
    for t in schemas.TABLE_NAMES:
        assert read_table(tmp_path / "csv", t).equals(read_table(tmp_path / "pq", t)), t


# -- one clear line where one line is due ------------------------------------------------------

@pytest.mark.parametrize("args, message", [
    (["--out", "{file}"], "is a file, not a folder"),
    (["--out", "{file}/sub"], "cannot create the output folder"),
    (["--out", "{tmp}/o", "--metadata", "{bad_meta}"], "meta.csv:2"),
    (["--out", "{tmp}/o", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"], "cannot use the dask scheduler"),
])
def test_bad_arguments_are_one_line(tmp_path, args, message):
    pytest.importorskip("distributed")
    f = tmp_path / "afile"
    f.write_text("x")
    meta = tmp_path / "meta.csv"
    meta.write_text('doc_id,source\na,"unclosed\n', encoding="utf-8")
    src = corpus(tmp_path / "in", GOOD[:1])
    argv = [a.format(file=f, tmp=tmp_path, bad_meta=meta) for a in args]
    env = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"}
    done = subprocess.run([sys.executable, "-m", "analysis", "extract", str(src), *argv, "--quiet"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2
    assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1 and message in done.stderr, done.stderr


def test_the_acled_export_is_formula_safe(tmp_path, monkeypatch):
    from analysis import export

    out = tmp_path / "tables"
    run_extract([corpus(tmp_path / "in")], out, progress=False)
    table = pd.DataFrame({"notes": ["=HYPERLINK(\"http://x\")", "قصف"], "location": ["@x", "-y"],
                          "fatalities": pd.array([-1, 3], dtype="Int64")})
    monkeypatch.setattr(export, "acled_table", lambda events, documents: table)
    export.write_acled(out, tmp_path / "acled.csv")
    raw = pd.read_csv(tmp_path / "acled.csv", dtype=str, keep_default_na=False)
    assert raw.notes.tolist() == ["'=HYPERLINK(\"http://x\")", "قصف"]
    assert raw.location.tolist() == ["'@x", "'-y"] and raw.fatalities.tolist() == ["-1", "3"]


def test_the_first_document_of_a_process_may_also_load_the_lexicons():
    code = """
import time
from analysis.budget import Overrun, budget
out = []
for _ in range(2):
    try:
        with budget(0.3, warm_up=5):
            time.sleep(1)
        out.append("done")
    except Overrun:
        out.append("overrun")
print(out)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "['done', 'overrun']", done.stderr
