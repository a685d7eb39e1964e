"""Built objects kept on disk: reused when nothing they come from changed, rebuilt otherwise,
and never a reason for a run to fail."""
from __future__ import annotations

import pickle

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


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_second_process_reads_what_the_first_built(folder):
    build = Builds({"a": [1, 2]})
    assert cache.cached("thing", ["x"], build) == {"a": [1, 2]}
    assert cache.cached("thing", ["x"], build) == {"a": [1, 2]}
    assert build.calls == 1
    assert len(list(folder.glob("thing-*.pickle"))) == 1


def test_changed_inputs_rebuild_and_drop_the_old_file(folder):
    cache.cached("thing", ["v1"], Builds(1))
    build = Builds(2)
    assert cache.cached("thing", ["v2"], build) == 2 and build.calls == 1
    files = list(folder.glob("thing-*.pickle"))
    assert len(files) == 1 and pickle.loads(files[0].read_bytes()) == 2


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", pickle.dumps(1)[:-3]])
def test_unreadable_file_is_rebuilt(folder, garbage):
    cache.cached("thing", ["x"], Builds(1))
    (path,) = folder.glob("thing-*.pickle")
    path.write_bytes(garbage)
    build = Builds(7)
    assert cache.cached("thing", ["x"], build) == 7 and build.calls == 1
    assert pickle.loads(path.read_bytes()) == 7


@pytest.mark.parametrize("setting", ["off", "0", "OFF", ""])
def test_off_builds_every_time_and_writes_nothing(tmp_path, monkeypatch, setting):
    monkeypatch.setenv("ANALYSIS_CACHE", setting)
    monkeypatch.chdir(tmp_path)
    build = Builds(3)
    assert cache.cached("thing", [], build) == 3 and cache.cached("thing", [], build) == 3
    assert build.calls == 2 and cache.cache_dir() is None
    assert not list(tmp_path.rglob("*.pickle"))


def test_unwritable_folder_costs_speed_not_the_run(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv("ANALYSIS_CACHE", str(blocker / "cache"))
    assert cache.cached("thing", [], Builds(5)) == 5
    assert not list(tmp_path.rglob("*.pickle"))


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
        assert list(folder.glob("gazetteer-*.pickle"))
        gazetteer.clear_cache()
        reread = gazetteer.load_gazetteer()
        assert reread is not fresh
        t = normalize(text)
        assert [(m.start, m.end, [p.id for p in m.candidates]) for m in reread.find(t)] == \
               [(m.start, m.end, [p.id for p in m.candidates]) for m in fresh.find(t)]
        assert reread.find(t), "the sentence names a known place"
    finally:
        gazetteer.clear_cache()
