"""The issue's classes of bad, hostile or interrupted input, checked through the command line.

Each check runs `python -m analysis …` (whichever `analysis` the interpreter imports, so
the same census measures an older checkout: `PYTHONPATH=old/src python -m
tests.adversarial.census`) and reads the tables with pandas; it says whether the package
handled the case. Slow (a few minutes): it is a measurement, not a unit test.

    python -m tests.adversarial.census [--only CLASS]
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from tests.adversarial import generate as g

SHARED = Path(os.environ.get("ANALYSIS_SHARED") or Path(__file__).resolve().parents[3] / "shared")
CHECKS: list[tuple[str, str, Callable[[Path], bool]]] = []


def check(cls: str, name: str):
    def add(fn):
        CHECKS.append((cls, name, fn))
        return fn
    return add


def run(*args, timeout=300, env=None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})}, **kw)


def extract(tmp: Path, *inputs, out=None, extra=(), **kw) -> tuple[subprocess.CompletedProcess, Path]:
    out = out or Path(tempfile.mkdtemp(dir=tmp, prefix="out-"))
    return run("extract", *inputs, "--out", out, "--quiet", *extra, **kw), out


def table(out: Path, name: str) -> pd.DataFrame:
    for ext in ("parquet", "csv"):
        f = out / f"{name}.{ext}"
        if f.exists():
            return pd.read_parquet(f) if ext == "parquet" else pd.read_csv(f, dtype=str, keep_default_na=False)
    raise FileNotFoundError(f"no {name} table in {out}")


def write(tmp: Path, name: str, data: bytes | str) -> Path:
    p = tmp / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


def same_events(tmp: Path, name: str, bad: bytes, clean: bytes) -> bool:
    """The events of the bad file are those of the clean one (same kinds, same counts)."""
    (_, a), (_, b) = extract(tmp, write(tmp, f"clean/{name}", clean)), extract(tmp, write(tmp, f"bad/{name}", bad))
    ea, eb = table(a, "events"), table(b, "events")
    key = ["sub_event_type", "killed"]
    return len(ea) > 0 and ea[key].astype(str).values.tolist() == eb[key].astype(str).values.tolist()


def one_line_error(done: subprocess.CompletedProcess) -> bool:
    return done.returncode != 0 and done.stderr.startswith("error") and done.stderr.count("\n") == 1


# 1. One stray byte loses a whole corpus -------------------------------------------------------

@check("1 encodings", "CSV corpus with one \\xe9 byte keeps its events")
def _(tmp):
    return same_events(tmp, "c.csv", g.csv_corpus(60, "stray_byte", 30), g.csv_corpus(60))


@check("1 encodings", "the real corpus as CSV with one \\xe9 byte keeps its events")
def _(tmp):
    src = SHARED / "corpora/saudinewsnet-syria-2015/syria_subset.jsonl"
    if not src.exists():
        return None
    recs = [json.loads(x) for x in src.read_text(encoding="utf-8").splitlines() if x.strip()]
    df = pd.DataFrame(recs)
    clean = df.to_csv(index=False).encode("utf-8")
    cut = clean.index(b"\n", len(clean) // 2) + 5
    bad = clean[:cut] + b"\xe9" + clean[cut:]
    (_, a), (_, b) = extract(tmp, write(tmp, "rc/c.csv", clean)), extract(tmp, write(tmp, "rb/c.csv", bad))
    return len(table(b, "events")) == len(table(a, "events")) > 1000


@check("1 encodings", "UTF-8 cut in the middle of a character")
def _(tmp):
    return same_events(tmp, "a.txt", g.cut_mid_character(g.TEXT), g.TEXT.rstrip(".").encode())


@check("1 encodings", "UTF-8 with one bad byte")
def _(tmp):
    return same_events(tmp, "a.txt", g.stray_bytes(g.TEXT, 1, seed=3), g.TEXT.encode())


@check("1 encodings", "a file of UTF-8 and Windows-1256 lines")
def _(tmp):
    return same_events(tmp, "a.txt", g.mixed_utf8_cp1256(g.SENTENCES), "\n".join(g.SENTENCES).encode())


@check("1 encodings", "random bytes without NUL are not `ok`")
def _(tmp):
    _, out = extract(tmp, write(tmp, "r/a.txt", g.random_bytes(5000, seed=5)))
    return (table(out, "documents").status != "ok").all()


@check("1 encodings", "mojibake text is never ok with 0 events")
def _(tmp):
    f = write(tmp, "m/a.jsonl", g.jsonl([{"id": "m1", "text": g.mojibake(g.TEXT)},
                                         {"id": "m2", "text": g.mojibake(g.TEXT, "cp1252")}]))
    _, out = extract(tmp, f)
    docs, ev = table(out, "documents"), table(out, "events")
    return all(s != "ok" or (ev.doc_id == d).any() for d, s in zip(docs.doc_id, docs.status))


# 3. Unclosed CSV quotes ------------------------------------------------------------------------

@check("3 CSV quotes", "an input CSV with an unclosed quote: every record accounted for")
def _(tmp):
    _, out = extract(tmp, write(tmp, "q/c.csv", g.csv_corpus(9, "unclosed_quote", 3)))
    docs = table(out, "documents")
    return len(docs) == 9 and (docs.status == "parse_error").sum() == 1


@check("3 CSV quotes", "a metadata file with an unclosed quote: an error, or every row applied")
def _(tmp):
    files = [write(tmp, f"mq/d{i}.txt", s) for i, s in enumerate(g.SENTENCES)]
    meta = write(tmp, "mq/meta.csv", 'doc_id,source,published\nd0,"Enab Baladi,2017-09-09\n'
                                     'd1,SOHR,2017-09-10\nd2,Shaam,2017-09-11\n')
    done, out = extract(tmp, *files, extra=["--metadata", meta])
    if done.returncode != 0:
        return "meta.csv:2" in done.stderr
    docs = table(out, "documents").set_index("doc_id")
    return docs.loc["d1", "source"] == "SOHR" and docs.loc["d2", "source"] == "Shaam"


# 4. Stale and self-read outputs ----------------------------------------------------------------

@check("4 stale outputs", "a CSV rerun into a Parquet folder leaves no Parquet")
def _(tmp):
    src = write(tmp, "s/in/a.txt", g.TEXT).parent
    out = tmp / "s/out"
    extract(tmp, src, out=out)
    extract(tmp, src, out=out, extra=["--format", "csv"])
    return not list(out.glob("*.parquet"))


@check("4 stale outputs", "an --out inside the input folder is not read back")
def _(tmp):
    src = write(tmp, "o/in/a.txt", g.TEXT).parent
    _, out = extract(tmp, src, out=src / "tables", extra=["--format", "csv"])
    first = len(table(out, "documents")), len(table(out, "events"))
    extract(tmp, src, out=out, extra=["--format", "csv"])
    return (len(table(out, "documents")), len(table(out, "events"))) == first


# 5. A broken imported gazetteer ----------------------------------------------------------------

@check("5 gazetteer", "a broken imported gazetteer stops the run with one line")
def _(tmp):
    home = tmp / "home5"
    write(tmp, "home5/gazetteers/x.json", '{"format": "analysis-gazetteer", "version": 1, "name": "x", '
                                          '"places": [{"id": "a"}]}')
    done, out = extract(tmp, write(tmp, "g5/a.txt", g.TEXT), env={"ANALYSIS_HOME": str(home)})
    return one_line_error(done) and not (out / "documents.parquet").exists()


# 6. Text from PDFs and the web -----------------------------------------------------------------

for _name, _variant in [("presentation forms", g.presentation_forms),
                        ("soft hyphens", lambda t: g.interleave(t, "\u00ad", 2)),
                        ("isolates after every letter", lambda t: g.interleave(t, "\u2068")),
                        ("word joiners after every letter", lambda t: g.interleave(t, "\u2060"))]:
    @check("6 PDF and web text", _name)
    def _(tmp, v=_variant, n=_name):
        return same_events(tmp, "a.txt", v(g.TEXT).encode(), g.TEXT.encode())


# 7. A whole run lost for one record ------------------------------------------------------------

def _kept(tmp: Path, name: str, bad: Path) -> bool:
    good = write(tmp, f"{name}/good.txt", g.TEXT)
    done, out = extract(tmp, good, bad)
    return done.returncode == 0 and (table(out, "events").doc_id == "good").any()


@check("7 run lost", "a 20-digit number")
def _(tmp):
    return _kept(tmp, "n20", write(tmp, "n20/big.txt", "قتل 12345678901234567890 مدنيا جراء قصف مدفعي على مدينة دوما."))


@check("7 run lost", "a published date of 9999-12-31")
def _(tmp):
    return _kept(tmp, "d9", write(tmp, "d9/f.jsonl", g.jsonl([{"id": "f", "text": g.TEXT, "published": "9999-12-31"}])))


@check("7 run lost", "a JSONL line nested 5,000 deep")
def _(tmp):
    return _kept(tmp, "j5", write(tmp, "j5/n.jsonl", g.nested_json(5000)))


# 8. Time that grows faster than the input ------------------------------------------------------

def _finishes(tmp: Path, name: str, data: bytes, limit: float) -> bool:
    f = write(tmp, name, data)
    start = time.monotonic()
    try:
        done, out = extract(tmp, f, timeout=limit)
    except subprocess.TimeoutExpired:
        return False
    return done.returncode == 0 and time.monotonic() - start < limit


# Repeated words the event engine once took quadratic time on: (name, folder, text, repeats, seconds).
_REPEATS = [
    ("'قصف ' × 80,000 within 60 s", "t1", "قصف ", 80_000, 60),
    ("'\"قصف\" ' × 80,000 within 60 s", "t2", '"قصف" ', 80_000, 60),
    ("'قصف ' × 100,000 finishes (within 90 s)", "t3", "قصف ", 100_000, 90),
    ("'مقتل ثلاثة و ' × 80,000 within 60 s", "t4", "مقتل ثلاثة و ", 80_000, 60),
]
for _name, _folder, _text, _times, _limit in _REPEATS:
    check("8 time", _name)(lambda tmp, f=_folder, t=_text, k=_times, s=_limit: _finishes(tmp, f"{f}/a.txt", g.repeated(t, k), s))


def _read_seconds(tmp: Path, name: str, data: bytes) -> float:
    f = write(tmp, name, data)
    code = f"import time; from analysis.ingest import iter_documents; t=time.perf_counter(); " \
           f"list(iter_documents([{str(f)!r}])); print(time.perf_counter()-t)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    return float(done.stdout.strip().splitlines()[-1])


@check("8 time", "HTML nested 20,000 deep: reading ×2.6 or less per doubling")
def _(tmp):
    a, b = _read_seconds(tmp, "h1/a.html", g.nested_html(10_000)), _read_seconds(tmp, "h2/a.html", g.nested_html(20_000))
    return b / a < 2.6


@check("8 time", "10,000 flat <p>: reading ×2.6 or less per doubling")
def _(tmp):
    a, b = _read_seconds(tmp, "p1/a.html", g.flat_html(5_000)), _read_seconds(tmp, "p2/a.html", g.flat_html(10_000))
    return b / a < 2.6


# 9. The cache is a pickle ----------------------------------------------------------------------

class _Plant:
    def __init__(self, proof):
        self.proof = str(proof)

    def __reduce__(self):
        return (os.system, (f"touch {self.proof}",))


@check("9 cache", "a planted pickle in the cache folder runs nothing")
def _(tmp):
    import pickle

    cache, proof = tmp / "cache9", tmp / "ran9"
    env = {"ANALYSIS_CACHE": str(cache), "ANALYSIS_HOME": str(tmp / "home9")}
    f = write(tmp, "c9/a.txt", g.TEXT)
    extract(tmp, f, env=env)
    for p in list(cache.glob("gazetteer-*")):
        key = p.name.split("-", 1)[1].split(".")[0]
        for name in (f"gazetteer-{key}.pickle", f"gazetteer-{key}.json"):
            (cache / name).write_bytes(pickle.dumps(_Plant(proof)))
    extract(tmp, f, env=env)
    return not proof.exists()


# 10. Spreadsheet formula injection -------------------------------------------------------------

@check("10 formulas", "CSV tables hold no cell a spreadsheet runs")
def _(tmp):
    f = write(tmp, "f/a.jsonl", g.jsonl([{"id": "=1+1", "source": "@SUM(A1)", "title": "-2+3", "text": g.TEXT}]))
    _, out = extract(tmp, f, extra=["--format", "csv"])
    cells = [c for t in ("documents", "events") for c in table(out, t).astype(str).values.ravel()]
    return not any(c.startswith(("=", "+", "-", "@")) for c in cells)


# 12. Processes and edges -----------------------------------------------------------------------

@check("12 processes", "kill -9 of a --jobs 2 run leaves no worker alive")
def _(tmp):
    src = tmp / "k/in"
    for i in range(3000):
        write(tmp, f"k/in/d{i}.txt", g.SENTENCES[i % 3] + " " + g.SENTENCES[(i + 1) % 3])
    p = subprocess.Popen([sys.executable, "-m", "analysis", "extract", str(src), "--out", str(tmp / "k/out"),
                          "--jobs", "2", "--quiet"], stderr=subprocess.DEVNULL)
    workers = []
    for _ in range(1200):
        try:
            workers = [int(x) for x in Path(f"/proc/{p.pid}/task/{p.pid}/children").read_text().split()]
        except OSError:
            break
        if len(workers) >= 2:
            break
        time.sleep(0.05)
    time.sleep(0.5)
    p.send_signal(signal.SIGKILL)
    p.wait()
    time.sleep(3)
    alive = [w for w in workers if Path(f"/proc/{w}").exists() and Path(f"/proc/{w}/stat").read_text().split()[2] != "Z"]
    for w in alive:
        os.kill(w, signal.SIGKILL)
    return bool(workers) and not alive


@check("12 processes", "a crash between the final renames never mixes two runs")
def _(tmp):
    a, b = write(tmp, "x/a/a.txt", g.SENTENCES[0]).parent, write(tmp, "x/b/b.txt", g.TEXT).parent
    out = tmp / "x/out"
    extract(tmp, a, out=out)
    code = f"""
import os
from analysis import store
from analysis.pipeline import run_extract
real, calls = os.replace, []
def replace(x, y):
    calls.append(y)
    if len(calls) == 2:
        os._exit(9)
    return real(x, y)
store.os.replace = replace
run_extract([{str(b)!r}], {str(out)!r}, progress=False)
"""
    subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=300)
    try:
        from analysis.store import read_table
        docs = {t: set(read_table(out, t).doc_id) for t in ("documents", "events")}
    except Exception:  # noqa: BLE001 — a reader that cannot read the set fails the check
        return False
    ids = set().union(*docs.values())
    return ids in ({"a"}, {"b"})


@check("12 processes", "stale .partial-* folders are cleaned")
def _(tmp):
    src = write(tmp, "p12/in/a.txt", g.TEXT).parent
    out = tmp / "p12/out"
    extract(tmp, src, out=out)
    write(tmp, "p12/out/.partial-old/events.parquet", b"half")
    extract(tmp, src, out=out)
    return not list(out.glob(".partial-*"))


@check("12 processes", "a second concurrent run into one --out is refused")
def _(tmp):
    src = tmp / "c12/in"
    for i in range(5000):
        write(tmp, f"c12/in/d{i}.txt", g.SENTENCES[i % 3])
    out = tmp / "c12/out"
    first = subprocess.Popen([sys.executable, "-m", "analysis", "extract", str(src), "--out", str(out), "--quiet"],
                             stderr=subprocess.DEVNULL)
    time.sleep(3)
    second = run("extract", src, "--out", out, "--quiet")
    busy = first.poll() is None
    first.kill()
    first.wait()
    return busy and second.returncode != 0 and "--out" in second.stderr


# 13. Tracebacks where one line is due -----------------------------------------------------------

@check("13 one line", "a deeply nested gazetteer JSON")
def _(tmp):
    f = write(tmp, "n13/deep.json", "[" * 100_000 + "]" * 100_000)
    return one_line_error(run("gazetteer", "import", f, env={"ANALYSIS_HOME": str(tmp / "home13")}))


@check("13 one line", "--out pointing at a file")
def _(tmp):
    done, _ = extract(tmp, write(tmp, "o13/a.txt", g.TEXT), out=write(tmp, "o13/file", "x"))
    return one_line_error(done)


@check("13 one line", "an unreachable dask scheduler")
def _(tmp):
    done, _ = extract(tmp, write(tmp, "d13/a.txt", g.TEXT), extra=["--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"],
                      env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"})
    return one_line_error(done)


# 14. Small data losses -------------------------------------------------------------------------

@check("14 small losses", "UTF-16 JSONL records with U+2028 and U+0085 stay whole")
def _(tmp):
    f = write(tmp, "u/a.jsonl", g.jsonl([{"id": "u1", "text": g.SENTENCES[0] + "\u2028" + g.SENTENCES[1]},
                                         {"id": "u2", "text": g.SENTENCES[2] + "\u0085"}], "utf-16"))
    _, out = extract(tmp, f)
    docs = table(out, "documents")
    return sorted(docs.doc_id) == ["u1", "u2"] and (docs.status == "ok").all()


@check("14 small losses", "a valid content is read when text is null")
def _(tmp):
    _, out = extract(tmp, write(tmp, "n/a.jsonl", g.jsonl([{"id": "c", "text": None, "content": g.TEXT}])))
    return table(out, "documents").status.tolist() == ["ok"]


@check("14 small losses", "cp1256 metadata is read as Arabic")
def _(tmp):
    f = write(tmp, "cp/a.txt", g.TEXT)
    meta = write(tmp, "cp/meta.csv", "doc_id,source,title,url\na,عنب بلدي,قصف,http://example.com/a/b/c\n".encode("cp1256"))
    _, out = extract(tmp, f, extra=["--metadata", meta])
    return table(out, "documents").source.tolist() == ["عنب بلدي"]


@check("14 small losses", "a CSV round trip keeps 'NA' and 'None'")
def _(tmp):
    f = write(tmp, "na/a.jsonl", g.jsonl([{"id": "a", "source": "NA", "title": "None", "text": g.TEXT}]))
    _, out = extract(tmp, f, extra=["--format", "csv"])
    from analysis.store import read_table
    docs = read_table(out, "documents")
    return docs.source.tolist() == ["NA"] and docs.title.tolist() == ["None"]


@check("14 small losses", "a published '2017-9-9 garbage' is refused")
def _(tmp):
    f = write(tmp, "pg/a.txt", g.TEXT)
    meta = write(tmp, "pg/meta.csv", "doc_id,published\na,2017-9-9 garbage\n")
    done, out = extract(tmp, f, extra=["--metadata", meta])
    return done.returncode != 0 or table(out, "documents").published.isna().all()


@check("14 small losses", "a function word as a place name is refused on import")
def _(tmp):
    f = write(tmp, "sw/g.csv", "name_ar,aliases,admin1,latitude,longitude,feature,id\n"
                               "في,,SY-HL,36.1,37.1,town,\nبلدة ثانية,,SY-HL,36.2,37.2,town,\n")
    home = tmp / "home14"
    run("gazetteer", "import", f, "--name", "sw", env={"ANALYSIS_HOME": str(home)})
    saved = home / "gazetteers" / "sw.json"
    return saved.exists() and all(p["name"] != "في" for p in json.loads(saved.read_text(encoding="utf-8"))["places"])


@check("14 small losses", "a 100 MB CSV field is streamed (peak memory under 400 MB)")
def _(tmp):
    f = tmp / "big/c.csv"
    f.parent.mkdir(parents=True)
    with open(f, "wb") as fh:
        fh.write(b"id,text\nr0,")
        chunk = ("قصف " * 25_000).encode()
        for _ in range(100_000_000 // len(chunk)):
            fh.write(chunk)
        fh.write(("\nr1," + g.SENTENCES[0] + "\n").encode())
    code = f"""
import resource
from analysis.ingest import iter_documents
docs = list(iter_documents([{str(f)!r}]))
print(len(docs), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    n, kb = map(int, done.stdout.split())
    return n == 2 and kb / 1024 < 400


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--only", help="run only the classes whose name holds this")
    p.add_argument("--json", type=Path, help="also write the verdicts here")
    a = p.parse_args()
    import analysis
    print(f"analysis from {Path(analysis.__file__).parent}")
    verdicts = []
    with tempfile.TemporaryDirectory(prefix="census-") as d:
        for cls, name, fn in CHECKS:
            if a.only and a.only not in cls:
                continue
            tmp = Path(tempfile.mkdtemp(dir=d))
            env_backup = dict(os.environ)
            os.environ.setdefault("ANALYSIS_CACHE", str(Path(d) / "cache"))
            os.environ["ANALYSIS_HOME"] = str(tmp / "home")
            start = time.monotonic()
            try:
                ok = fn(tmp)
            except Exception as e:  # noqa: BLE001 — a check that crashes is a case not handled
                ok, name = False, f"{name} ({type(e).__name__}: {str(e)[:60]})"
            finally:
                os.environ.clear()
                os.environ.update(env_backup)
            verdict = "skipped" if ok is None else "handled" if ok else "DEFECT"
            verdicts.append({"class": cls, "case": name, "verdict": verdict})
            print(f"{verdict:8} {cls:20} {name}  ({time.monotonic() - start:.0f} s)", flush=True)
    by_class: dict[str, list[int]] = {}
    for v in verdicts:
        c = by_class.setdefault(v["class"], [0, 0])
        c[0] += v["verdict"] == "handled"
        c[1] += v["verdict"] == "DEFECT"
    print("\nclass                 handled  defects")
    for cls, (ok, bad) in by_class.items():
        print(f"{cls:20} {ok:8} {bad:8}")
    if a.json:
        a.json.write_text(json.dumps(verdicts, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
