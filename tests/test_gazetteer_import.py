"""Importing user gazetteers (OCHA CSV, simple CSV, Open-Syria JSON) and their precedence."""
from __future__ import annotations

import csv
import json
import re

import pytest

from analysis import cli, config
from analysis.places.gazetteer import add_user_gazetteer, clear_cache, load_gazetteer, user_dir
from analysis.places.imports import GazetteerImportError, read_user_gazetteers
from analysis.text.normalize import normalize
from tests.conftest import need_shared


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    """Imports go to a fresh folder, never to the user's or the package's."""
    monkeypatch.setenv("ANALYSIS_HOME", str(tmp_path / "home"))
    clear_cache()
    yield tmp_path / "home"
    clear_cache()


def write_csv(path, header, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def resolved(sentence, hint=frozenset()):
    gaz = load_gazetteer()
    t = normalize(sentence)
    return {t[m.start:m.end]: gaz.resolve(m, hint) for m in gaz.find(t)}


OCHA_HEADER = ["ADM0_EN", "ADM0_PCODE", "ADM1_EN", "ADM1_AR", "ADM1_PCODE", "ADM2_EN", "ADM2_AR", "ADM2_PCODE",
               "ADM3_EN", "ADM3_AR", "ADM3_PCODE", "ADM4_EN", "ADM4_AR", "ADM4_PCODE", "Latitude", "Longitude"]
OCHA_ROWS = [
    # a community (line 2)
    ["Syria", "SY", "Deir-ez-Zor", "دير الزور", "SY09", "Deir-ez-Zor", "دير الزور", "SY0900", "Kisra", "الكسرة",
     "SY090002", "Al-Tayyana", "الطيانة", "C9001", "34.92", "40.58"],
    # the governorate given only by its Arabic name, no coordinates (line 3)
    ["Syria", "SY", "", "حماة", "", "", "", "", "", "", "", "Umm Rujaym", "أم رجيم", "C9002", "", ""],
    # a subdistrict row (line 4)
    ["Syria", "SY", "Aleppo", "حلب", "SY02", "Al Bab", "الباب", "SY0202", "Tadaf", "تادف", "SY020201",
     "", "", "", "36.35", "37.53"],
    # bad: unknown governorate (line 5)
    ["Syria", "SY", "Atlantis", "", "SY99", "", "", "", "", "", "", "Nowhere", "لا مكان", "C9003", "", ""],
    # bad: no Arabic name (line 6)
    ["Syria", "SY", "Homs", "حمص", "SY04", "", "", "", "", "", "", "Only English", "", "C9004", "", ""],
    # bad: latitude is not a number (line 7)
    ["Syria", "SY", "Homs", "حمص", "SY04", "", "", "", "", "", "", "Bad Lat", "خطأ العرض", "C9005", "abc", "36.7"],
    # bad: outside Syria (line 8)
    ["Syria", "SY", "Homs", "حمص", "SY04", "", "", "", "", "", "", "Far", "البعيدة", "C9006", "48.8", "2.3"],
]


def test_ocha_csv(tmp_path, home):
    path = write_csv(tmp_path / "syr_admin4.csv", OCHA_HEADER, OCHA_ROWS)
    result = add_user_gazetteer(path, "ocha", user_dir())
    assert len(result.places) == 3
    assert result.saved == home / "gazetteers" / "ocha.json" and result.saved.exists()
    reasons = "\n".join(result.skipped)
    for line, why in [(5, "unknown governorate"), (6, "no Arabic name"), (7, "not a number"), (8, "outside Syria")]:
        assert f"syr_admin4.csv:line {line}: " in reasons and why in reasons
    by_id = {p["id"]: p for p in result.places}
    assert by_id["C9001"] == {"id": "C9001", "name": "الطيانة", "name_en": "Al-Tayyana", "variants": [],
                              "admin1": "SY-DY", "feature": "village", "lat": 34.92, "lon": 40.58, "coords": "import"}
    assert by_id["C9002"]["admin1"] == "SY-HM" and by_id["C9002"]["lat"] is None
    assert by_id["SY020201"]["feature"] == "subdistrict"

    found = resolved("قصف على قرية الطيانة وبلدة أم رجيم")
    assert found["الطيانه"].id == "C9001" and found["الطيانه"].source == "user:ocha"
    assert found["ام رجيم"].admin1 == "SY-HM"


SIMPLE_HEADER = ["name_ar", "aliases", "admin1", "latitude", "longitude", "feature", "id"]


def test_simple_csv_and_precedence_over_the_lexicon(tmp_path):
    assert resolved("حي جوبر")["جوبر"].source == "lexicon"
    path = write_csv(tmp_path / "mine.csv", SIMPLE_HEADER, [
        ["جوبر", "جوبر الشرقي;جوبر الغربي", "SY-DI", "33.531", "36.334", "neighbourhood", ""],   # same place, mine wins
        ["الطحطوح", "", "SY-DY", "35.31", "40.17", "neighbourhood", "sy-dy-tahtouh"],          # same id, mine wins
        ["تل المعز", "", "حلب", "", "", "", ""],                                               # governorate by name
        ["تل الشمس", "", "Aleppo", "", "", "hill", "my-hill"],                                 # English name
        ["", "x", "SY-HL", "", "", "", ""],                                                    # line 6: no name
        ["مكان", "", "Narnia", "", "", "", ""],                                                # line 7: unknown
        ["مكان آخر", "", "SY-HL", "36.2", "", "", ""],                                         # line 8: lat only
    ])
    result = add_user_gazetteer(path, None, user_dir())
    assert result.name == "mine" and len(result.places) == 4
    assert [r.split(": ")[0] for r in result.skipped] == ["mine.csv:line 6", "mine.csv:line 7", "mine.csv:line 8"]
    assert "Narnia" in result.skipped[1] and "both lat and lon" in result.skipped[2]

    found = resolved("حي جوبر وحي جوبر الشرقي وتل المعز")
    assert found["جوبر"].source == "user:mine" and found["جوبر"].lat == 33.531
    assert found["جوبر الشرقي"].id == found["جوبر"].id
    assert found["تل المعز"].admin1 == "SY-HL" and found["تل المعز"].feature == "village"
    gaz = load_gazetteer()
    assert gaz.by_id("sy-dy-tahtouh").source == "user:mine" and gaz.by_id("sy-dy-tahtouh").lat == 35.31
    assert gaz.by_id("my-hill").feature == "hill"
    assert gaz.by_id("sy-di-jobar").source == "lexicon"   # still there by id


def test_reimport_replaces_and_cache_is_cleared(tmp_path):
    path = write_csv(tmp_path / "mine.csv", SIMPLE_HEADER, [["بلدة اختبار", "", "SY-HL", "", "", "town", "t1"]])
    add_user_gazetteer(path, "mine", user_dir())
    assert load_gazetteer().by_id("t1").feature == "town"
    write_csv(path, SIMPLE_HEADER, [["بلدة اختبار", "", "SY-HL", "", "", "village", "t1"]])
    add_user_gazetteer(path, "mine", user_dir())
    assert load_gazetteer().by_id("t1").feature == "village"
    assert [d["name"] for d in read_user_gazetteers(user_dir())] == ["mine"]


@pytest.mark.parametrize("content, suffix, message", [
    ("a,b\n1,2\n", ".csv", "unknown CSV layout"),
    ("name_ar,admin1\nمكان,Narnia\n", ".csv", "no place could be imported"),
    ("{not json", ".json", "not readable JSON"),
    ("hello", ".txt", "unknown file type"),
])
def test_unreadable_inputs(tmp_path, content, suffix, message):
    path = tmp_path / f"input{suffix}"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GazetteerImportError, match=message):
        add_user_gazetteer(path, None, user_dir())


def test_missing_input_and_bad_name(tmp_path):
    with pytest.raises(GazetteerImportError, match="no such file"):
        add_user_gazetteer(tmp_path / "nope.csv", None, user_dir())
    path = write_csv(tmp_path / "x.csv", SIMPLE_HEADER, [["مكان", "", "SY-HL", "", "", "", ""]])
    with pytest.raises(GazetteerImportError, match="gazetteer name"):
        add_user_gazetteer(path, "../escape", user_dir())


def test_open_syria_layout_from_a_small_file(tmp_path):
    records = [
        {"id": "g1", "name": {"en": "Hama", "ar": "حماة"}, "iso31662": "SY-HM",
         "centroid": {"latitude": 35.2, "longitude": 37.0},
         "aliases": [{"value": "محافظة حماة", "language": "ar"}, {"value": "Hamah", "language": "en"}]},
        {"id": "d1", "governorateId": "g1", "name": {"en": "Test", "ar": "منطقة الاختبار"},
         "centroid": {"latitude": 35.1, "longitude": 36.9}, "aliases": []},
        {"id": "s1", "governorateId": "g1", "districtId": "d1", "name": {"en": "Sub", "ar": "ناحية الاختبار"},
         "centroid": {"latitude": 35.1, "longitude": 36.9}, "externalIds": {"ochaPcode": "SY050101"}},
        {"id": "bad", "name": {"en": "No Arabic"}},
    ]
    path = tmp_path / "districts.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    result = add_user_gazetteer(path, None, user_dir())
    assert [p["feature"] for p in result.places] == ["governorate", "district", "subdistrict"]
    assert all(p["admin1"] == "SY-HM" for p in result.places)
    assert result.places[0]["variants"] == ["محافظة حماة"]
    assert result.skipped == ["districts.json:record 3 (bad): no name.ar"]


def test_open_syria_shared_folder():
    folder = need_shared("gazetteers", "open-syria")
    result = add_user_gazetteer(folder, None, user_dir())
    assert result.name == "open-syria"
    assert len(result.places) >= 340          # 14 governorates, 62 districts, 272 subdistricts
    assert any(r.startswith("sources.json") for r in result.skipped)
    features = {p["feature"] for p in result.places}
    assert features == {"governorate", "district", "subdistrict"}
    gaz = load_gazetteer()
    assert gaz.counts()["user:open-syria"] == len(result.places)
    found = resolved("قرب قرية حمادة عمر بناحية عقيربات وفي محافظة دير الزور")
    sub = next(p for text, p in found.items() if "عقيربات" in text)
    assert sub.source == "user:open-syria" and sub.feature == "subdistrict" and sub.admin1 == "SY-HM"
    gov = next(p for text, p in found.items() if "دير الزور" in text)
    assert gov.admin1 == "SY-DY" and gov.source == "user:open-syria"
    # the built-in governorate of the same name is overridden, the city is not
    assert "sy-dy" not in {p.id for p in gaz.lookup("دير الزور")}
    assert "sy-dy-deir-ez-zor" in {p.id for p in gaz.lookup("دير الزور")}


def test_cli_import_and_list(tmp_path, home, capsys):
    path = write_csv(tmp_path / "mine.csv", SIMPLE_HEADER, [
        ["بلدة اختبار", "", "SY-HL", "36.1", "37.1", "town", ""], ["مكان", "", "Narnia", "", "", "", ""]])
    assert cli.main(["gazetteer", "import", str(path), "--name", "test"]) == 0
    out = capsys.readouterr().out
    assert "imported 1 places" in out and "skipped 1" in out and "mine.csv:line 3" in out
    assert (home / "gazetteers" / "test.json").exists()
    assert not list(config.PACKAGE_DIR.rglob("test.json"))
    assert load_gazetteer().counts()["user:test"] == 1   # the command cleared the cache
    assert cli.main(["gazetteer", "list"]) == 0
    listing = capsys.readouterr().out
    assert "user:test" in listing and "lexicon" in listing and "geonames" in listing
    assert cli.main(["gazetteer", "import", str(tmp_path / "missing.csv")]) == 1
    assert "no such file" in capsys.readouterr().err


PLACE = {"id": "t1", "name": "بلدة اختبار", "admin1": "SY-HL", "feature": "town", "lat": 36.1, "lon": 37.1}


def saved(places=None, **over):
    doc = {"format": "analysis-gazetteer", "version": 1, "name": "x", "places": [PLACE] if places is None else places}
    return json.dumps({**doc, **over}, ensure_ascii=False)


BROKEN_SAVED = [
    (saved([{"id": "a"}]), "place 0: record: 'name' is a required property"),
    (saved([{**PLACE, "lat": "north"}]), "place 0: lat: 'north' is not of type"),
    (saved([{**PLACE, "admin1": "SY-XX"}]), "unknown admin1 'SY-XX'"),
    (saved([{**PLACE, "name": "في"}]), "'في' is a function word"),
    (saved([PLACE, {**PLACE, "id": "t2", "variants": ["من"]}]), "place 1: 'من' is a function word"),
    (saved([PLACE, "a string"]), "place 1: not a record"),
    (saved(places={"a": 1}), "not an analysis-gazetteer file"),
    (saved(format="other"), "not an analysis-gazetteer file"),
    ("[1, 2]", "not an analysis-gazetteer file"),
    ('{"format": "analysis-gaz', "is unreadable"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ("\udcff", "is unreadable"),
]


@pytest.mark.parametrize("content, why", BROKEN_SAVED)
def test_a_broken_saved_gazetteer_fails_clearly(home, capsys, content, why):
    folder = home / "gazetteers"
    folder.mkdir(parents=True)
    (folder / "x.json").write_text(content, encoding="utf-8", errors="surrogateescape")
    with pytest.raises(ValueError, match=re.escape(why)):
        load_gazetteer()
    assert cli.main(["gazetteer", "list"]) == 1
    assert "x.json" in capsys.readouterr().err


@pytest.mark.parametrize("content, why", BROKEN_SAVED[::3])
def test_a_broken_saved_gazetteer_stops_extract_before_any_document(home, tmp_path, capsys, monkeypatch,
                                                                    content, why):
    """One clear line and exit status 2, no traceback, no documents read, no tables written."""
    from analysis.ingest import readers

    folder = home / "gazetteers"
    folder.mkdir(parents=True)
    (folder / "x.json").write_text(content, encoding="utf-8", errors="surrogateescape")
    doc = tmp_path / "a.txt"
    doc.write_text("قصف الطيران الحربي مدينة دوما في ريف دمشق.", encoding="utf-8")
    read = []
    monkeypatch.setattr(readers, "_read_file", lambda *a: read.append(a) or iter(()))
    assert cli.main(["extract", str(doc), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "x.json" in err and why in err
    assert not read and not list((tmp_path / "out").glob("*.parquet"))


@pytest.mark.parametrize("name, aliases, refused", [
    ("في", "", "'في'"),
    ("من", "", "'من'"),
    ("بلدة اختبار", "على;البلدة", "'على'"),
    ("إلى", "", "'إلى'"),
    ("بلدة اختبار", "قرية اختبار", None),
])
def test_function_words_are_refused_as_names(tmp_path, name, aliases, refused):
    path = write_csv(tmp_path / "stop.csv", SIMPLE_HEADER, [[name, aliases, "SY-HL", "36.1", "37.1", "town", ""],
                                                            ["بلدة ثانية", "", "SY-HL", "36.2", "37.2", "town", ""]])
    result = add_user_gazetteer(path, "stop", user_dir())
    if refused:
        assert len(result.places) == 1 and refused in result.skipped[0] and "function word" in result.skipped[0]
    else:
        assert len(result.places) == 2 and not result.skipped


def test_a_function_word_place_does_not_swallow_locations(tmp_path):
    """A researcher's import that named a place "في" once swallowed 72 of 96 locations."""
    path = write_csv(tmp_path / "stop.csv", SIMPLE_HEADER, [["في", "", "SY-HL", "36.1", "37.1", "town", ""],
                                                            ["بلدة ثانية", "", "SY-HL", "36.2", "37.2", "town", ""]])
    add_user_gazetteer(path, "stop", user_dir())
    found = resolved("قصف الطيران الحربي مدينة دوما في ريف دمشق")
    assert "في" not in found and found["دوما"].admin1 == "SY-RD"


@pytest.mark.parametrize("content", ["[" * 100_000 + "]" * 100_000, '{"a": ' * 50_000 + "1" + "}" * 50_000])
def test_a_deeply_nested_json_import_is_one_clear_error(tmp_path, capsys, content):
    path = tmp_path / "deep.json"
    path.write_text(content, encoding="utf-8")
    assert cli.main(["gazetteer", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "nested too deeply" in err