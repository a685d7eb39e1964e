"""Built objects kept on disk: reused when nothing they come from changed, rebuilt otherwise,
never a reason for a run to fail, and never code: a planted file in a shared cache folder
runs nothing."""
from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys

import pytest

from analysis import cache
from analysis.places import gazetteer
from analysis.text.normalize import normalize


class Builds:
    """A builder that counts its calls."""

    def __init__(self, value):
        self.value, self.calls = value, 0

    def __call__(self):
        self.calls += 1
        return self.value


def same(x):
    return x


def cached(name, inputs, build):
    """A JSON value kept as it is."""
    return cache.cached(name, inputs, build, same, same)


def stored(path):
    return json.loads(path.read_text(encoding="utf-8"))["data"]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_second_process_reads_what_the_first_built(folder):
    build = Builds({"a": [1, 2]})
    assert cached("thing", ["x"], build) == {"a": [1, 2]}
    assert cached("thing", ["x"], build) == {"a": [1, 2]}
    assert build.calls == 1
    assert len(list(folder.glob("thing-*.json"))) == 1


def test_changed_inputs_rebuild_and_drop_the_old_file(folder):
    cached("thing", ["v1"], Builds(1))
    build = Builds(2)
    assert cached("thing", ["v2"], build) == 2 and build.calls == 1
    files = list(folder.glob("thing-*.json"))
    assert len(files) == 1 and stored(files[0]) == 2


@pytest.mark.parametrize("garbage", [
    b"", b"not json", b'{"format": "analysis-cache", "key": "x"', json.dumps([1, 2]).encode(),
    json.dumps({"format": "other", "key": "k", "data": 1}).encode(), b"[" * 100_000 + b"]" * 100_000,
    pickle.dumps(1),
])
def test_unreadable_file_is_rebuilt(folder, garbage):
    cached("thing", ["x"], Builds(1))
    (path,) = folder.glob("thing-*.json")
    path.write_bytes(garbage)
    build = Builds(7)
    assert cached("thing", ["x"], build) == 7 and build.calls == 1
    assert stored(path) == 7


@pytest.mark.parametrize("setting", ["off", "0", "OFF", ""])
def test_off_builds_every_time_and_writes_nothing(tmp_path, monkeypatch, setting):
    monkeypatch.setenv("ANALYSIS_CACHE", setting)
    monkeypatch.chdir(tmp_path)
    build = Builds(3)
    assert cached("thing", [], build) == 3 and cached("thing", [], build) == 3
    assert build.calls == 2 and cache.cache_dir() is None
    assert not list(tmp_path.rglob("*.json"))


def test_unwritable_folder_costs_speed_not_the_run(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv("ANALYSIS_CACHE", str(blocker / "cache"))
    assert cached("thing", [], Builds(5)) == 5
    assert not list(tmp_path.rglob("*.json"))


@pytest.mark.parametrize("env, expected", [
    ({"ANALYSIS_CACHE": "/x/c"}, "/x/c"),
    ({"ANALYSIS_HOME": "/h"}, "/h/cache"),
    ({"XDG_CACHE_HOME": "/xdg"}, "/xdg/syria-bulletins"),
])
def test_where_the_cache_lives(monkeypatch, env, expected):
    for k in ("ANALYSIS_CACHE", "ANALYSIS_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(k, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert str(cache.cache_dir()) == expected


def test_content_key_follows_the_bytes(tmp_path):
    f = tmp_path / "g.json"
    f.write_text("{}")
    before = cache.content(f)
    f.write_text("{ }")
    assert cache.content(f) != before
    assert cache.content(tmp_path / "none.json").endswith(":missing")


@pytest.mark.parametrize("text", [
    "قصف الطيران الحربي مدينة دوما في ريف دمشق",
    "سيطرت الفصائل على بلدة كفرنبودة بريف حماة الشمالي",
    "سقطت قذائف على حي الوعر في مدينة حمص",
])
def test_cached_gazetteer_finds_what_a_fresh_one_finds(folder, monkeypatch, text):
    gazetteer.clear_cache()
    try:
        fresh = gazetteer.load_gazetteer()  # built, then written to `folder`
        assert list(folder.glob("gazetteer-*.json"))
        gazetteer.clear_cache()
        reread = gazetteer.load_gazetteer()
        assert reread is not fresh
        t = normalize(text)
        assert [(m.start, m.end, [p.id for p in m.candidates]) for m in reread.find(t)] == \
               [(m.start, m.end, [p.id for p in m.candidates]) for m in fresh.find(t)]
        assert reread.find(t), "the sentence names a known place"
    finally:
        gazetteer.clear_cache()


class Plant:
    """A pickle that, once loaded, writes a file: proof that a cache file ran code."""

    def __init__(self, proof):
        self.proof = str(proof)

    def __reduce__(self):
        return (os.system, (f"touch {self.proof}",))


@pytest.mark.parametrize("name", [
    "gazetteer-{key}.pickle",     # what the cache once read
    "gazetteer-{key}.json",       # the name it reads now, holding a pickle
    "gazetteer-planted.pickle",
    "thing-{key}.pickle",
])
def test_a_planted_pickle_runs_nothing(tmp_path, name):
    """A whole extract run in a fresh process, with the cache folder holding planted pickles
    under every name the cache ever used: nothing runs, and the tables come out."""
    folder, proof = tmp_path / "cache", tmp_path / "ran"
    env = {**os.environ, "ANALYSIS_CACHE": str(folder), "ANALYSIS_HOME": str(tmp_path / "home")}
    doc = tmp_path / "in" / "a.txt"
    doc.parent.mkdir()
    doc.write_text("قصف الطيران الحربي مدينة دوما في ريف دمشق.", encoding="utf-8")
    run = [sys.executable, "-m", "analysis", "extract", str(doc), "--out", str(tmp_path / "out"), "--quiet"]
    subprocess.run(run, env=env, check=True)            # the cache now holds its real file
    keys = [p.name.split("-", 1)[1].split(".")[0] for p in folder.glob("gazetteer-*")]
    assert keys, "the run kept its gazetteer in the cache"
    folder.joinpath(name.format(key=keys[0])).write_bytes(pickle.dumps(Plant(proof)))
    done = subprocess.run(run, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert not proof.exists()
    assert (tmp_path / "out" / "events.parquet").exists()
