"""Scale-out: the same tables from every engine, no half-written output, and the shortcuts
taken for speed (gates, clustering blocks, one folding per document) change nothing."""
import datetime as dt
import hashlib
import json
import subprocess
import sys

import pytest
import regex
from hypothesis import given, settings, strategies as st

from analysis import bench, config, pipeline, schemas, store
from analysis.bench import repeat_corpus
from analysis.clusters import Mention, _cid, _compatible, assign_clusters, cluster
from analysis.extract import control, cues, extract_document
from analysis.extract.gate import scan
from analysis.extract.quantities import _lexicon, _tokens, find_casualties
from analysis.ingest import iter_documents
from analysis.ingest.metadata import load_sidecar
from analysis.store import read_table
from analysis.text.normalize import NormText, arabic_share, normalize
from analysis.text.segment import segment


def digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def extract(out, **kw):
    pipeline.run_extract([config.DATA_RAW], out, metadata=config.SAMPLE_METADATA, progress=False, **kw)
    return out


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    return extract(tmp_path_factory.mktemp("serial"))


@pytest.fixture
def small_batches(monkeypatch):
    """Several batches, chunks and spooled event runs even on the five sample documents."""
    monkeypatch.setattr(pipeline, "BATCH", 2)
    monkeypatch.setattr(pipeline, "CHUNK", 1)
    monkeypatch.setattr(pipeline, "SPOOL_ROWS", 3)


@pytest.mark.parametrize("jobs", [1, 2])
def test_local_engines_write_the_serial_tables_byte_for_byte(serial, small_batches, tmp_path, jobs):
    assert digest(extract(tmp_path / "out", jobs=jobs)) == digest(serial)


def test_dask_cluster_writes_the_serial_tables_byte_for_byte(serial, small_batches, tmp_path):
    pytest.importorskip("distributed")
    import dask
    from dask.distributed import LocalCluster

    with dask.config.set({"distributed.comm.timeouts.connect": "20s", "distributed.comm.timeouts.tcp": "20s"}), \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        out = extract(tmp_path / "out", engine="dask", scheduler=cluster.scheduler_address)
    assert digest(out) == digest(serial)


def test_smaller_row_groups_hold_the_same_rows(serial, small_batches, monkeypatch, tmp_path):
    monkeypatch.setattr(store, "FLUSH_ROWS", 4)
    out = extract(tmp_path / "out")
    for table in ("documents", "events", "casualties", "control_changes"):
        assert read_table(out, table).equals(read_table(serial, table))


def test_spooled_events_are_the_whole_table_clustered_at_once(small_batches, tmp_path):
    files = sorted(config.DATA_RAW.glob("*.txt"), reverse=True)   # read order is not table order
    meta = load_sidecar(config.SAMPLE_METADATA)
    docs = list(iter_documents(files, meta))
    whole, table = assign_clusters(schemas.frame("events", [e for d in docs for e in extract_document(d).events]),
                                   {d.doc_id: d.source for d in docs})
    pipeline.run_extract(files, tmp_path, metadata=config.SAMPLE_METADATA, progress=False)
    assert read_table(tmp_path, "events").equals(whole)
    assert read_table(tmp_path, "clusters").equals(table)


def _fail_at_third_document(monkeypatch):
    calls = []
    real = pipeline.extract_document

    def flaky(doc):
        calls.append(doc.doc_id)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(doc)

    monkeypatch.setattr(pipeline, "extract_document", flaky)


def _fail_while_clustering(monkeypatch):
    def broken(mentions):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pipeline, "cluster", broken)


@pytest.mark.parametrize("interrupt, error", [
    (_fail_at_third_document, KeyboardInterrupt),   # mid-run, after a batch was written
    (_fail_while_clustering, RuntimeError),         # at the end, every other table written
])
def test_an_interrupted_run_leaves_the_previous_tables_untouched(small_batches, monkeypatch, tmp_path,
                                                                 interrupt, error):
    out = extract(tmp_path / "out")
    before = digest(out)
    interrupt(monkeypatch)
    with pytest.raises(error):
        extract(out)
    assert digest(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".partial")]


# -- clustering: blocks by date, family and governorate, equal mentions as one node

def pairwise(mentions):
    """The definition, pair by pair over every two mentions a day apart at most."""
    n = len(mentions)
    parent = list(range(n))

    def find(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for x in range(n):
        for y in range(x + 1, n):
            a, b = mentions[x], mentions[y]
            near = a.date == b.date or (a.date and b.date and abs((a.date - b.date).days) == 1)
            if near and _compatible(a.node, b.node):
                parent[find(x)] = find(y)
    first, members = {}, {}
    for i in sorted(range(n), key=lambda i: mentions[i].order):
        first.setdefault(find(i), mentions[i].event_id)
        members.setdefault(find(i), []).append(i)
    conflict = [False] * n
    for idx in members.values():
        killed = {mentions[i].counts[0] for i in idx} - {None}
        wounded = {mentions[i].counts[3] for i in idx} - {None}
        if len(killed) > 1 or len(wounded) > 1 or len({mentions[i].munitions for i in idx} - {()}) > 1:
            for i in idx:
                conflict[i] = True
    return [_cid(first[find(i)]) for i in range(n)], conflict


DAY = dt.date(2017, 9, 9)
MENTION = st.builds(
    lambda doc, start, typ, a1, adm, loc_id, place, day, killed, munitions: Mention(
        (doc, start, start + 5), f"{doc}:{start}-{start + 5}", typ, a1, adm, loc_id, place,
        None if day is None else DAY + dt.timedelta(days=day), (killed, killed, None, None, None, None), munitions,
        doc, "current", "SY", False),
    st.sampled_from(["d1", "d2", "d3"]), st.integers(0, 40),
    st.sampled_from(["armed_clash", "suicide_bomb", "air_drone_strike", "arrests", "peaceful_protest"]),
    st.sampled_from([None, "", "isis", "government"]), st.sampled_from([None, "", "SY-DI", "SY-HL"]),
    st.sampled_from([None, "", "p1", "p2"]), st.sampled_from(["", "جوبر", "حيجوبر", "برزه"]),
    st.sampled_from([None, 0, 1, 2, 3]), st.sampled_from([None, 3, 15]), st.sampled_from([(), (10,), (15,)]))


def mention(start, place="", admin1=None, day=0, typ="armed_clash"):
    return Mention(("d", start, start + 5), f"d:{start}", typ, None, admin1, None, place,
                   DAY + dt.timedelta(days=day), (None,) * 6, (), "d", "current", "SY", False)


@pytest.mark.parametrize("mentions", [
    [mention(0), mention(10)],                                # equal, nothing to place them: apart
    [mention(0), mention(10), mention(20, admin1="SY-DI")],   # equal, both joined to a third
    [mention(0, "جوبر"), mention(10, "جوبر")],                # equal and placed: together
    [mention(0, admin1="SY-DI"), mention(10, admin1="SY-DI", day=1), mention(20, admin1="SY-HL", day=1)],
])
def test_equal_mentions_cluster_as_the_pairwise_definition_says(mentions):
    assert cluster(mentions)[:2] == pairwise(mentions)


@settings(max_examples=300, deadline=None)
@given(st.lists(MENTION, max_size=30, unique_by=lambda m: m.event_id))
def test_blocked_clustering_equals_the_pairwise_definition(mentions):
    assert cluster(mentions)[:2] == pairwise(mentions)


# -- one folding per document, and the gates that let sentences skip matchers

ARABIC = st.text(alphabet=st.sampled_from(list("قصفعلىحلبإدلبأآٱةى ٣٥۱.،\nًٌٍَُِّْـ\u200f\u200babc")), max_size=200)


@settings(max_examples=300, deadline=None)
@given(ARABIC, st.data())
def test_a_slice_of_a_folded_document_is_the_folded_slice(text, data):
    whole = NormText(text)
    assert whole.text == normalize(text)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    part, alone = whole.slice(a, b), NormText(text[a:b])
    assert part.text == alone.text == whole.folded(a, b)
    assert [part.start(i) for i in range(len(part.text) + 1)] == [alone.start(i) for i in range(len(alone.text) + 1)]
    assert [part.end(j) for j in range(len(part.text) + 1)] == [alone.end(j) for j in range(len(alone.text) + 1)]


@settings(max_examples=300, deadline=None)
@given(st.one_of(ARABIC, st.text(max_size=200)))
def test_arabic_share_counts_the_letters_the_regexes_count(text):
    letters = len(regex.findall(r"\p{L}", text))
    arabic = len(regex.findall(r"[\p{Script=Arabic}&&\p{L}]", text, flags=regex.V1))
    assert arabic_share(text) == (arabic / letters if letters else 0.0)


@pytest.fixture(scope="module")
def sample_sentences():
    out = []
    for doc in iter_documents([config.DATA_RAW]):
        s = segment(doc.text, doc.title)
        out += [s.norm.slice(x.start, x.end).text for x in s.sentences]
    return out


def test_gated_sentences_hold_nothing_that_opens_an_event(sample_sentences):
    skipped = [t for t in sample_sentences if scan(t).actors_only and not cues.is_background(t)]
    assert skipped and len(skipped) < len(sample_sentences)
    for t in skipped:
        assert not cues.find_cues(t) and not control.find_cues(t, lambda i: 0), t
        assert not [c for c in find_casualties(t) if (c.best or 0) > 0 and not c.subset], t


def test_the_casualty_gate_passes_every_sentence_with_a_casualty_word(sample_sentences):
    lx = _lexicon()
    for t in sample_sentences:
        hurt = [k for k in _tokens(t, lx) if k.kind in ("cue", "zero") or (k.kind == "noun" and k.noun.noun.outcome)]
        assert lx.gate.found(t) or not hurt, t


# -- bench

def test_repeated_corpus_has_every_record_k_times_under_new_ids(tmp_path):
    src = tmp_path / "c.jsonl"
    src.write_text("\n".join(json.dumps({"id": i, "text": f"نص {i}"}) for i in ("a", "b")) + "\n", encoding="utf-8")
    docs = list(iter_documents([repeat_corpus([src], 3, tmp_path)]))
    assert len(docs) == 6 and len({d.doc_id for d in docs}) == 6
    assert all(d.status == "ok" for d in docs)


def test_bench_prints_throughput_ceiling_and_memory(tmp_path):
    src = tmp_path / "c.jsonl"
    src.write_text(json.dumps({"id": "a", "text": (config.DATA_RAW / "000_575a162d0ffe51db.txt").read_text(
        encoding="utf-8")}, ensure_ascii=False) + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "analysis", "bench", str(src)],
                          capture_output=True, text=True, check=True)
    assert "1 documents" in done.stdout
    for label in ("read + decode (ceiling)", "extract", "MB/s", "peak RSS", "of the ceiling's throughput"):
        assert label in done.stdout


def test_bench_with_repeat_compares_time_and_memory(tmp_path, monkeypatch):
    src = tmp_path / "c.jsonl"
    src.write_text(json.dumps({"text": "نص"}) + "\n", encoding="utf-8")

    def measured(label, mode, inputs, jobs=1, engine="local"):   # 3× the documents: 3× the time
        k = 3 if "x3" in inputs[0].name else 1
        return bench.Measure(label, k, k * (1 if mode == "read" else 10), k * 12.0, 100 + 10 * (k > 1), 0)

    monkeypatch.setattr(bench, "measure", measured)
    out = bench.run_bench([src], repeat=3)
    assert "×3: " in out.splitlines()[0] and "extract ×3 " in out
    assert out.splitlines()[-1] == "×3 against ×1: 3.0× the time, 1.10× the peak memory"


def test_bench_scaling_prints_time_per_doubling_size():
    done = subprocess.run([sys.executable, "-m", "analysis", "bench", "--scaling", "--doublings", "3", "--only", "CSV"],
                          capture_output=True, text=True, check=True)
    lines = done.stdout.splitlines()
    assert lines[0].split()[:2] == ["input", "size"]
    sizes = [int(x[34:43].replace(",", "")) for x in lines[1:4]]
    assert sizes[1] == 2 * sizes[0] and sizes[2] == 2 * sizes[1]
    assert "per doubling" in lines[4] and all(x.split()[-1] == "ok" for x in lines[1:4])


def test_bench_needs_a_corpus_or_scaling():
    done = subprocess.run([sys.executable, "-m", "analysis", "bench"], capture_output=True, text=True)
    assert done.returncode == 2 and "--scaling" in done.stderr


# -- word windows: a widening window, the same words as a scan from the floor

WINDOWED = st.text(alphabet=st.sampled_from(list("قصف لا،.\n_-ـx1")), max_size=400)


@settings(max_examples=400, deadline=None)
@given(WINDOWED, st.data())
def test_word_windows_equal_a_scan_from_the_floor(text, data):
    from analysis.text import arabic

    floor = data.draw(st.integers(0, len(text)))
    pos = data.draw(st.integers(floor, len(text)))
    n = data.draw(st.integers(0, 6))
    scan = list(arabic.WORD.finditer(text, floor, pos))
    assert arabic.words_before(text, pos, n, floor) == ([m.group() for m in scan][max(0, len(scan) - n):] if n else [])
    expected = pos if n == 0 else (scan[-n].start() if len(scan) >= n else floor)
    assert arabic.window_start(text, pos, n, floor) == expected
