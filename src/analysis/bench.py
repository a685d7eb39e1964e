"""How fast `extract` runs and how much memory it takes, against the ceiling of reading alone.

Each configuration runs in a fresh Python process (`python -m analysis.bench`), so one
peak does not hide in another and every run pays its own start-up, as a user's run does.
The ceiling is `iter_documents` alone: reading, decoding and checking every document.
`repeat` writes the corpus K times over under new ids into a temporary JSONL, to see that
10× the corpus costs about 10× the time and about the same memory.
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from analysis import config
from analysis.ingest.readers import expand


@dataclass
class Measure:
    """One configuration run in its own process."""
    label: str
    documents: int
    seconds: float        # the work itself (reading, or the whole extract run with its writes)
    wall: float           # the process, start-up and imports included
    peak_mb: float        # peak resident memory of the process
    worker_peak_mb: float  # of its largest worker process (0 without workers)


def _peak_mb(who: int) -> float:
    kb = resource.getrusage(who).ru_maxrss
    return kb / 1024 / (1024 if sys.platform == "darwin" else 1)  # macOS reports bytes


def _work(mode: str, inputs: list[str], jobs: int | None, engine: str) -> dict:
    """Run one configuration in this process; what the parent reads back as JSON. The clock
    starts after the imports (pandas and pyarrow for extract), which `wall` counts."""
    if mode == "read":
        from analysis.ingest import iter_documents

        start = time.perf_counter()
        documents = sum(1 for _ in iter_documents(inputs))
    else:
        from analysis.pipeline import run_extract

        start = time.perf_counter()
        out = tempfile.mkdtemp(prefix="analysis-bench-")
        try:
            documents = run_extract(inputs, out, jobs=jobs, engine=engine, progress=False).documents
        finally:
            shutil.rmtree(out, ignore_errors=True)
    return {"documents": documents, "seconds": time.perf_counter() - start,
            "peak_mb": _peak_mb(resource.RUSAGE_SELF), "worker_peak_mb": _peak_mb(resource.RUSAGE_CHILDREN)}


def measure(label: str, mode: str, inputs: list[Path], jobs: int | None = 1, engine: str = "local") -> Measure:
    """Run `mode` ("read" or "extract") on `inputs` in a fresh process."""
    spec = json.dumps({"mode": mode, "inputs": [str(p) for p in inputs], "jobs": jobs, "engine": engine})
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "analysis.bench", spec], capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode:
        raise RuntimeError(f"{label} failed:\n{done.stderr.strip()}")
    got = json.loads(done.stdout.strip().splitlines()[-1])
    return Measure(label, got["documents"], got["seconds"], wall, got["peak_mb"], got["worker_peak_mb"])


def repeat_corpus(inputs: list[Path], k: int, folder: Path) -> Path:
    """The JSONL records of `inputs` written `k` times, each copy under new ids."""
    out = folder / f"corpus-x{k}.jsonl"
    files = list(expand(inputs))
    if not files or any(f.suffix.lower() != ".jsonl" for f in files):
        raise ValueError("--repeat needs .jsonl inputs")
    with open(out, "w", encoding="utf-8") as fh:
        for copy in range(k):
            for f in files:
                with open(f, encoding="utf-8-sig") as src:
                    for line_no, line in enumerate(src, start=1):
                        if not line.strip():
                            continue
                        rec = json.loads(line)
                        rec["id"] = f"r{copy}:{rec.get('id') or rec.get('doc_id') or f'{f.stem}:{line_no}'}"
                        fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return out


def corpus_mb(inputs: list[Path]) -> float:
    return sum(f.stat().st_size for f in expand(inputs)) / 1e6


def _row(label: str, mb: float, m: Measure, cores: int) -> list[str]:
    rows = [f"{label:28}{m.seconds:8.2f}{mb / m.seconds:8.2f}{mb / m.seconds / cores:11.2f}"
            f"{m.documents / m.seconds:8.0f}{m.peak_mb:7.0f} MB{m.wall:15.2f} s {mb / m.wall:6.2f} MB/s"]
    if m.worker_peak_mb:
        rows.append(f"{'':61}+{m.worker_peak_mb:.0f} MB per worker")
    return rows


def _best(label: str, mode: str, inputs: list[Path], jobs: int | None, engine: str, runs: int) -> Measure:
    """The fastest of `runs` fresh runs (a shared machine's noise only ever slows a run down),
    with the highest peak memory any of them reached."""
    done = [measure(label, mode, inputs, jobs, engine) for _ in range(runs)]
    fastest = min(done, key=lambda m: m.seconds)
    fastest.peak_mb = max(m.peak_mb for m in done)
    fastest.worker_peak_mb = max(m.worker_peak_mb for m in done)
    return fastest


def run_bench(inputs: list[Path], repeat: int = 1, jobs: int | None = 1, engine: str = "local",
              runs: int = 1) -> str:
    """The figures, as a table, of reading and of extracting `inputs` — and, with `repeat`
    K > 1, of the corpus K times over, with how time and peak memory grew.

    Each row: time and throughput of the work (per core when several extracted), its peak
    memory, and the whole process with its start-up; then each extract's share of the ceiling.
    With `runs` R > 1 each figure is the best of R runs."""
    cores = jobs or (os.cpu_count() or 1 if engine == "dask" else 1)  # a LocalCluster: one worker per core
    label = "extract" + (f" ({engine})" if engine != "local" else "") + (f" ×{cores} jobs" if cores > 1 else "")
    tmp = Path(tempfile.mkdtemp(prefix="analysis-bench-"))
    try:
        sizes = {1: inputs} | ({repeat: [repeat_corpus(inputs, repeat, tmp)]} if repeat > 1 else {})
        figures = {k: (corpus_mb(c), _best("read", "read", c, 1, "local", runs),
                       _best("extract", "extract", c, jobs, engine, runs)) for k, c in sizes.items()}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    name = ", ".join(Path(p).name for p in inputs)
    lines = [f"corpus: {name} — " + "; ".join(f"{'' if k == 1 else f'×{k}: '}{mb:.1f} MB, {r.documents:,} documents"
                                             for k, (mb, r, _) in figures.items())
             + " (each run in a fresh process" + (f", best of {runs}" if runs > 1 else "") + ")",
             f"{'':28}{'seconds':>8}{'MB/s':>8}{'MB/s/core':>11}{'docs/s':>8}{'peak RSS':>10}"
             f"{'process, start-up included':>30}"]
    for k, (mb, read, run) in figures.items():
        times = "" if k == 1 else f" ×{k}"
        lines += _row(f"read + decode (ceiling){times}", mb, read, 1) + _row(label + times, mb, run, cores)
    for k, (_, read, run) in figures.items():
        lines.append(f"{label}{'' if k == 1 else f' ×{k}'}: {read.seconds / run.seconds:.1%} of the ceiling's throughput")
    if repeat > 1:
        (_, _, one), (_, _, many) = figures[1], figures[repeat]
        lines.append(f"×{repeat} against ×1: {many.seconds / one.seconds:.1f}× the time, "
                     f"{many.peak_mb / one.peak_mb:.2f}× the peak memory")
    return "\n".join(lines)


if __name__ == "__main__":
    args = json.loads(sys.argv[1])
    print(json.dumps(_work(args["mode"], args["inputs"], args["jobs"], args["engine"])))


# -- scaling: time per size for doubling adversarial inputs -------------------------------------

def _generator():
    """The adversarial input generator of a checkout (tests/adversarial/generate.py)."""
    import importlib.util

    path = config.PROJECT_ROOT / "tests" / "adversarial" / "generate.py"
    if not path.exists():
        raise ValueError(f"--scaling needs the generator {path}, which only a checkout of the project has")
    spec = importlib.util.spec_from_file_location("adversarial_generate", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The fitted exponent below which growth counts as linear (×2.38 per doubling).
LINEAR_EXPONENT = 1.25


@dataclass
class Step:
    """One size of one adversarial input: the time to read it and to extract it."""
    size: int            # the generator's size parameter
    mb: float
    read: float          # seconds: reading, decoding, HTML to text
    extract: float       # seconds: every document extracted (None in `status` when it ran over)
    status: str          # the documents' statuses, e.g. "ok" or "timeout"


def _step(make, suffix: str, size: int, folder: Path, seconds: float | None, runs: int) -> Step:
    from analysis.pipeline import extract_chunk
    from analysis.ingest import iter_documents

    f = folder / f"input{suffix}"
    f.write_bytes(make(size))
    best = None
    for _ in range(runs):
        start = time.perf_counter()
        docs = list(iter_documents([f]))
        read = time.perf_counter() - start
        results = extract_chunk(docs, seconds)
        extract = time.perf_counter() - start - read
        statuses = sorted({s or (d.status if not r.error else "extract_error") for d, (s, r) in zip(docs, results)})
        step = Step(size, f.stat().st_size / 1e6, read, extract, ",".join(statuses))
        if best is None or step.read + step.extract < best.read + best.extract:
            best = step
    return best


def _exponent(steps: list[Step]) -> float | None:
    """k in time ∝ size^k, fitted over the sizes that took long enough to time (1 is linear)."""
    import math

    pts = [(math.log(s.size), math.log(s.read + s.extract)) for s in steps
           if s.read + s.extract >= 0.05 and "timeout" not in s.status and "too_large" not in s.status]
    if len(pts) < 2:
        return None
    mx, my = sum(x for x, _ in pts) / len(pts), sum(y for _, y in pts) / len(pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sum((x - mx) ** 2 for x, _ in pts)


def run_scaling(doublings: int = 6, runs: int = 1, seconds: float | None = 60.0,
                only: str | None = None) -> str:
    """Time per size of every input in the generator's SCALING table, each size doubling the
    one before: read and extract times, and the exponent k of time ∝ size^k fitted over
    them (1 is linear; up to LINEAR_EXPONENT passes, for a shared machine's noise). A size
    whose extraction runs over `seconds` stops that input's doubling."""
    gen = _generator()
    from analysis.extract import extract_document
    from analysis.ingest import Document

    extract_document(Document("warm-up", gen.TEXT))    # lexicons and gazetteer loaded once
    lines = [f"{'input':34}{'size':>9}{'MB':>8}{'read s':>9}{'extract s':>11}{'×time':>7}  statuses"]
    tmp = Path(tempfile.mkdtemp(prefix="analysis-scaling-"))
    try:
        for name, (suffix, make, first) in gen.SCALING.items():
            if only and only not in name:
                continue
            steps: list[Step] = []
            for k in range(doublings):
                step = _step(make, suffix, first * 2 ** k, tmp, seconds, runs)
                prev = steps[-1] if steps else None
                times = (f"{(step.read + step.extract) / (prev.read + prev.extract):7.2f}"
                         if prev and prev.read + prev.extract > 0 else f"{'':7}")
                lines.append(f"{name if not steps else '':34}{step.size:>9,}{step.mb:8.2f}{step.read:9.3f}"
                             f"{step.extract:11.3f}{times}  {step.status}")
                steps.append(step)
                if "timeout" in step.status:
                    break
            k = _exponent(steps)
            timed_out = any("timeout" in s.status for s in steps)
            verdict = ("ran over the budget: FASTER THAN LINEAR" if timed_out else
                       "n/a (too fast to time)" if k is None else
                       f"time ∝ size^{k:.2f}, ×{2 ** k:.2f} per doubling: "
                       + ("linear" if k <= LINEAR_EXPONENT else "FASTER THAN LINEAR"))
            lines.append(f"{'':34}{verdict}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return "\n".join(lines)
