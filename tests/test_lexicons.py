"""The data files under `data/`: each shipped file passes its schema and checks, and each kind
of breakage fails at load with one line naming the file, the key and the value.

Every broken case is a minimal mutation of a real file, written to tmp_path and loaded from
there; the schema and the codebook are always the package's.
"""
from __future__ import annotations

import copy
import csv
import datetime as dt
import json
import os
import re
import subprocess
import sys

import jsonschema
import pytest
import yaml

from analysis import config, lexicon, schemas, taxonomy as tx
from analysis.lexicon import LexiconError, load_lexicon
from analysis.places import locate
from analysis.places.words import words as place_words
from analysis.reports import labels

NAMES = sorted(p.name.removesuffix(".schema.json") for p in config.LEXICON_DIR.glob("*.schema.json"))


def real(name: str) -> dict:
    return copy.deepcopy(load_lexicon(name))


def write(tmp_path, name: str, data) -> None:
    (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def first_of_type(cues: list[dict], other_than: str) -> dict:
    return next(c for c in cues if c["type"] != other_than)


def move_word(section: dict, frm: str, to: str) -> None:
    """List `frm`'s first word under `to` as well."""
    section[to].append(section[frm][0])


# --- shipped files ---------------------------------------------------------------------------
def test_every_lexicon_has_its_schema_beside_it():
    yamls = {p.stem for p in config.LEXICON_DIR.glob("*.yaml")}
    assert yamls == set(NAMES) and len(NAMES) >= 15


@pytest.mark.parametrize("name", NAMES)
def test_shipped_lexicon_is_valid(name):
    lexicon.validate_lexicon(name, load_lexicon(name))


@pytest.mark.parametrize("name", NAMES)
def test_schema_is_json_schema_and_documents_every_key(name):
    raw = json.loads(lexicon.schema_path(name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(raw)
    jsonschema.Draft202012Validator.check_schema(lexicon.schema(name))
    assert raw["description"] and raw["title"] == f"{name}.yaml"
    undocumented = [k for k, s in raw["properties"].items() if "description" not in s]
    assert name == "codebook" or not undocumented, undocumented


@pytest.mark.parametrize("table, derived", [
    ("actors", tx.ACTOR_KEYS), ("victim_groups", tx.VICTIM_GROUPS), ("weapons", tx.WEAPONS),
    ("document_statuses", tx.DOCUMENT_STATUSES), ("sub_event_types", list(tx.SUB_EVENT_TYPES)),
    ("governorates", list(tx.ADMIN1)), ("place_features", list(locate.RANK)),
    ("place_features", sorted(place_words().feature_rank, key=place_words().feature_rank.get)),
])
def test_python_lists_derive_from_the_codebook(table, derived):
    assert derived == list(load_lexicon("codebook")[table]["codes"])


@pytest.mark.parametrize("column, table", [
    ("sub_event_type", "sub_event_types"), ("event_type", "event_types"), ("actor1", "actors"),
    ("admin1", "governorates"), ("date_precision", "date_precisions"),
])
def test_data_dictionary_reads_the_codebook(column, table):
    d = schemas.describe("events").set_index("column")
    assert d.loc[column, "allowed"] == ", ".join(tx.codes(table))
    codes = schemas.describe_codes("events")
    mine = codes[codes.column == column]
    assert list(mine.code) == tx.codes(table)
    assert list(mine.meaning) == [tx.entry(table, c)["description"] for c in tx.codes(table)]


# --- broken files: (lexicon, mutation, message) ----------------------------------------------
def _cb_gap(d):
    d["actors"]["codes"]["coalition"]["acled"][1]["valid_from"] = dt.date(2017, 2, 1)


BROKEN = [
    # codebook
    ("codebook", lambda d: d["sub_event_types"]["codes"]["armed_clash"].update(family="battle"),
     r"codebook\.yaml: sub_event_types/codes/armed_clash/family: 'battle' is not a code of the codebook's event_types"),
    ("codebook", lambda d: d["sub_event_types"]["codes"]["grenade"].update(disorder="violence"),
     r"sub_event_types/codes/grenade/disorder: 'violence' is not a code of the codebook's disorder_types"),
    ("codebook", lambda d: d["actors"]["codes"]["isis"].pop("ar"), r"actors/codes/isis: 'ar' is a required property"),
    ("codebook", lambda d: d["victim_groups"]["codes"]["women"].update(en="Children"),
     r"victim_groups/codes/women/en: label 'Children' is listed under both victim_groups/codes/children/en"),
    ("codebook", _cb_gap, r"actors/codes/coalition/acled/1: valid_from 2017-02-01 is not valid_to 2017-01-20 of the period before"),
    ("codebook", lambda d: d["actors"]["codes"]["iraq"]["acled"][0].update(valid_from=dt.date(2019, 1, 1)),
     r"actors/codes/iraq/acled/0: valid_from 2019-01-01 is after valid_to 2018-10-25"),
    ("codebook", lambda d: d["place_features"]["codes"]["village"].update(specificity=7),
     r"place_features/codes/village/specificity: 7 is greater than the maximum of 4"),
    ("codebook", lambda d: d["governorates"]["codes"].update({"SY-X1": d["governorates"]["codes"]["SY-HA"]}),
     r"governorates/codes: 'SY-X1' does not match"),
    ("codebook", lambda d: d.pop("weapons"), r"<root>: 'weapons' is a required property"),
    ("codebook", lambda d: d["outcomes"]["codes"]["killed"].update(family="battles"),
     r"outcomes/codes/killed: Additional properties are not allowed \('family' was unexpected\)"),
    # dates
    ("dates", lambda d: d["months"].update({"13": ["شهر"]}), r"dates\.yaml: months: .*'13'"),
    ("dates", lambda d: d["relative_days"].update({"غدا": 9}), r"dates\.yaml: relative_days/غدا: 9 is greater than the maximum"),
    ("dates", lambda d: d.pop("few"), r"<root>: 'few' is a required property"),
    ("dates", lambda d: d["units"]["week"].pop("two"), r"units/week: 'two' is a required property"),
    # layout
    ("layout", lambda d: d.update(max_title_chars=5), r"layout\.yaml: max_title_chars: 5 is less than the minimum of 20"),
    ("layout", lambda d: d.update(clutter_lines=[]), r"layout\.yaml: clutter_lines: \[\] should be non-empty"),
    ("layout", lambda d: d["lead_verbs"].append(""), r"lead_verbs/\d+: '' should be non-empty"),
    # labels
    ("labels", lambda d: d["ui"]["admin1"].pop("ar"), r"labels\.yaml: ui/admin1: 'ar' is a required property"),
    ("labels", lambda d: d.update(actors={"government": {"en": "Regime", "ar": "النظام"}}),
     r"labels\.yaml: <root>: Additional properties are not allowed \('actors' was unexpected\)"),
    # report_text
    ("report_text", lambda d: d["prose"]["quality.intro"].pop("ar"), r"report_text\.yaml: prose/quality\.intro: 'ar' is a required property"),
    ("report_text", lambda d: d["countries"].update({"Syria": {"en": "Syria", "ar": "سوريا"}}), r"countries: 'Syria' does not match"),
    ("report_text", lambda d: d.pop("reasons"), r"report_text\.yaml: <root>: 'reasons' is a required property"),
    # acled
    ("acled", lambda d: d["countries"]["SY"].update(iso="760"), r"acled\.yaml: countries/SY/iso: '760' is not of type 'integer'"),
    ("acled", lambda d: d["countries"]["IQ"].update(iso3="IQ"), r"acled\.yaml: countries/IQ/iso3: 'IQ' does not match"),
    ("acled", lambda d: d.update(event_types={"battles": "Battles"}), r"acled\.yaml: <root>: .*'event_types' was unexpected"),
    ("acled", lambda d: d.pop("separator"), r"acled\.yaml: <root>: 'separator' is a required property"),
    # actors
    ("actors", lambda d: d["actors"][4].update(key="rusia"),
     r"actors\.yaml: actors/4/key: 'rusia' is not a code of the codebook's actors \(did you mean 'russia'\?\)"),
    ("actors", lambda d: d["actors"][4]["names"].append(d["actors"][2]["names"][0]),
     r"actors\.yaml: actors/4 \(russia\): name '.+' is also actors/2 \(pro_government_militias\) on the same dates"),
    ("actors", lambda d: d["actors"][-1]["names"].append(d["actors"][6]["names"][1]),
     r"actors/\d+ \(civilians\): name '.+' is also actors/6 \(isis\)"),
    ("actors", lambda d: d["actors"][1].update(valid_from=dt.date(2024, 12, 1)),
     r"actors/1 \(transitional_government\): name '.+' is also actors/0 \(government\) on the same dates"),
    ("actors", lambda d: d["actors"][0].update(valid_from=dt.date(2025, 1, 1)),
     r"actors/0 \(government\): valid_from 2025-01-01 is after valid_to 2024-12-07"),
    ("actors", lambda d: d["back_references"][0].update(prefer=["daesh"]),
     r"back_references/0/prefer/0: 'daesh' is not a code of the codebook's actors"),
    ("actors", lambda d: d["back_references"][1].update(default="HTS"), r"back_references/1/default: 'HTS' is not a code"),
    ("actors", lambda d: d["actors"][4].pop("strikes"), r"actors/4 \(russia\): a state's `adjectives` and `strikes` come together"),
    ("actors", lambda d: d["vehicles"][0].update(count=False), r"vehicles/0 \(.+\): a mass noun \(count: false\) has no plural"),
    ("actors", lambda d: d["vehicles"][0].update(gender="n"), r"actors\.yaml: vehicles/0/gender: 'n' is not one of"),
    # morphology
    ("morphology", lambda d: d["adjective"]["f"].pop("du"), r"morphology\.yaml: adjective/f: 'du' is a required property"),
    ("morphology", lambda d: d.update(dual=[]), r"morphology\.yaml: dual: \[\] should be non-empty"),
    # events
    ("events", lambda d: d["cues"][5].update(type="air_strike"),
     r"events\.yaml: cues/5/type: 'air_strike' is not a code of the codebook's sub_event_types"),
    ("events", lambda d: d["cues"][0].update(weapon="suicide_vest"), r"cues/0/weapon: 'suicide_vest' is not a code of the codebook's weapons"),
    ("events", lambda d: d["weapons"].update(napalm={"type": "air_drone_strike", "words": ["نابالم"]}),
     r"events\.yaml: weapons: 'napalm' is not a code of the codebook's weapons"),
    ("events", lambda d: d["weapons"]["mortar"].update(type="mortar_attack"), r"weapons/mortar/type: 'mortar_attack' is not a code"),
    ("events", lambda d: first_of_type(d["cues"], d["cues"][0]["type"])["words"].append(d["cues"][0]["words"][0]),
     r"events\.yaml: cues/\d+ \(\w+\): cue '.+' is listed under both cues/0 \(suicide_bomb\) and cues/\d+"),
    ("events", lambda d: d["generic"][1]["words"].append(d["cues"][5]["words"][0]),
     r"generic/1 \(attack\): cue '.+' is listed under both cues/5 \(air_drone_strike\) and generic/1 \(attack\)"),
    ("events", lambda d: d["weapons"]["rocket"]["words"].append(d["weapons"]["mortar"]["words"][0]),
     r"weapons/rocket: weapon word '.+' is listed under both weapons/mortar and weapons/rocket"),
    ("events", lambda d: d["roles"].pop("exposed"), r"roles: 'exposed' is a required property"),
    # facilities
    ("facilities", lambda d: d["types"].update(medicl=["عيادة"]),
     r"facilities\.yaml: types: 'medicl' is not a code of the codebook's facility_types \(did you mean 'medical'\?\)"),
    ("facilities", lambda d: move_word(d["types"], "medical", "prison"),
     r"facilities\.yaml: types/prison: '.+' is listed under both types/medical and types/prison"),
    # control
    ("control", lambda d: d["changes"].update(surrendered=["استسلم"]),
     r"control\.yaml: changes: 'surrendered' is not a code of the codebook's control_changes"),
    ("control", lambda d: move_word(d["changes"], "captured", "withdrawal"),
     r"changes/withdrawal: '.+' is listed under both changes/captured and changes/withdrawal"),
    # statistics
    ("statistics", lambda d: d["metrics"].update({"Killed Count": ["قتيلا"]}), r"statistics\.yaml: metrics: 'Killed Count' does not match"),
    ("statistics", lambda d: move_word(d["reporters"], "snhr", "sohr"),
     r"reporters/sohr: '.+' is listed under both reporters/snhr and reporters/sohr"),
    ("statistics", lambda d: move_word(d["metrics"], "killed", "arrests"), r"metrics/arrests: '.+' is listed under both metrics/killed"),
    # numbers
    ("numbers", lambda d: d["words"].update({"x": ["كذا"]}), r"numbers\.yaml: words: .*'x'"),
    ("numbers", lambda d: d.pop("vague"), r"<root>: 'vague' is a required property"),
    ("numbers", lambda d: d["words"]["3"].append(d["words"]["4"][0]), r"words/[34]: '.+' is listed under both words/3 and words/4"),
    # casualties
    ("casualties", lambda d: d["victims"].update(soldiers={"one": ["جندي"]}),
     r"casualties\.yaml: victims: 'soldiers' is not a code of the codebook's victim_groups"),
    ("casualties", lambda d: d["outcome_nouns"].update(killed_or_wounded={"many": ["ضحايا"]}),
     r"outcome_nouns/killed_or_wounded: made from a killed and a wounded cue side by side"),
    ("casualties", lambda d: d["cues"].update(injured={"lead": ["أصيب"]}), r"cues: 'injured' is not a code of the codebook's outcomes"),
    ("casualties", lambda d: d["victims"]["children"]["one"].append("مدني"), r"'مدني' is listed under both victims/civilians/one"),
    ("casualties", lambda d: d["cues"]["wounded"]["lead"].append(d["cues"]["killed"]["lead"][0]),
     r"cues/wounded: cue '.+' is listed under both cues/killed and cues/wounded"),
    ("casualties", lambda d: d["party"].update(partitive=["ضمن"]), r"party/partitive: 'ضمن' is not in party/links"),
    # places
    ("places", lambda d: d["places"][20].update(feature="vilage"),
     r"places\.yaml: places/20/feature: 'vilage' is not a code of the codebook's place_features \(did you mean 'village'\?\)"),
    ("places", lambda d: d["places"][3].update(feature="neighborhood"), r"places/3/feature: 'neighborhood' is not a code .*'neighbourhood'"),
    ("places", lambda d: d["places"][0].update(coords="gps"), r"places/0/coords: 'gps' is not a code of the codebook's coordinate_sources"),
    ("places", lambda d: d["places"][30].update(admin1="SY-XX"), r"places/30 \(.+\): unknown admin1 'SY-XX'"),
    ("places", lambda d: d["places"].append(dict(d["places"][7])), r"places/\d+: duplicate id"),
    ("places", lambda d: d["places"][40].update(lat=40.0, lon=36.0), r"places/40 \(.+\): lat/lon 40.0, 36.0 is outside Syria"),
    # place_words
    ("place_words", lambda d: d["feature_words"][0].update(feature="vilage"),
     r"place_words\.yaml: feature_words/0/feature: 'vilage' is not a code of the codebook's place_features"),
    ("place_words", lambda d: d["dash_features"].append("raod"), r"dash_features/1: 'raod' is not a code .*'road'"),
    ("place_words", lambda d: d["feature_words"].append({"word": d["feature_words"][0]["word"], "feature": "town"}),
     r"feature_words/\d+ \(town\): feature word '.+' is listed under both feature_words/0 \(village\)"),
    ("place_words", lambda d: d["admin1"].pop("SY-HA"), r"place_words\.yaml: admin1: 'SY-HA' is a required property"),
    ("place_words", lambda d: d["admin1"]["SY-DI"].update(rif="SY-RF"), r"admin1/SY-DI/rif: 'SY-RF' is not a code of the codebook's governorates"),
    ("place_words", lambda d: d["admin1"]["SY-HM"]["names"].append(d["admin1"]["SY-HL"]["names"][0]),
     r"admin1/SY-HM/names: governorate name '.+' is listed under both admin1/SY-HL/names and admin1/SY-HM/names"),
    ("place_words", lambda d: d.update(feature_rank=["city", "town"]), r"<root>: .*'feature_rank' was unexpected"),
    ("place_words", lambda d: d["admin1"]["SY-HM"]["names"].append(real("admin_codes")["names"]["SY-HL"][-1]),
     r"place_words\.yaml: .*: governorate name '.+' is listed under both "
     r"place_words\.yaml admin1/SY-HM/names and admin_codes\.yaml names/SY-HL"),
    ("place_words", lambda d: d["admin1"]["SY-HM"].update(names=["مدينة حماة"]),
     r"admin1/SY-HM/names: the codebook's name 'حماة' is not listed"),
    ("place_words", lambda d: d["header_regions"].update({"الساحل": ["SY-LT"]}), r"header_regions/الساحل/0: 'SY-LT' is not a code"),
    # admin_codes
    ("admin_codes", lambda d: d["geonames_admin1"].update({"01": "SY-D1"}), r"admin_codes\.yaml: geonames_admin1/01: 'SY-D1' is not a code"),
    ("admin_codes", lambda d: d["ocha_pcode"].pop("SY01"), r"admin_codes\.yaml: ocha_pcode: no entry for SY-"),
    ("admin_codes", lambda d: d["names"].pop("SY-TA"), r"names: 'SY-TA' is a required property"),
    ("admin_codes", lambda d: d["names"]["SY-DR"].append(real("place_words")["admin1"]["SY-SU"]["names"][0]),
     r"admin_codes\.yaml: .*: governorate name '.+' is listed under both "
     r"place_words\.yaml admin1/SY-SU/names and admin_codes\.yaml names/SY-DR"),
]


def _ids(cases) -> list[str]:
    return [f"{name}-{sum(c[0] == name for c in cases[:i])}" for i, (name, _, _) in enumerate(cases)]


@pytest.mark.parametrize("name, mutate, message", BROKEN, ids=_ids(BROKEN))
def test_broken_file_fails_with_one_line_naming_the_problem(tmp_path, name, mutate, message):
    data = real(name)
    mutate(data)
    write(tmp_path, name, data)
    with pytest.raises(LexiconError) as err:
        load_lexicon(name, tmp_path)
    lines = str(err.value).splitlines()
    assert any(re.search(message, line) for line in lines), str(err.value)
    assert all(line.startswith(f"{name}.yaml: ") for line in lines)


def test_every_lexicon_has_broken_cases():
    assert {name for name, _, _ in BROKEN} == set(NAMES)


@pytest.mark.parametrize("text, message", [
    ("a: [unclosed", "is not valid YAML"),
    ("!!python/object/apply:os.system [echo hi]", "is not valid YAML"),
    ("- just\n- a list\n", "is not of type 'object'"),
])
def test_unreadable_file_fails_clearly(tmp_path, text, message):
    (tmp_path / "layout.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError, match=re.escape(message)):
        load_lexicon("layout", tmp_path)


def test_missing_file_and_unknown_lexicon(tmp_path):
    with pytest.raises(LexiconError, match="is missing"):
        load_lexicon("layout", tmp_path)
    with pytest.raises(LexiconError, match="no schema"):
        lexicon.validate_lexicon("weather", {})


@pytest.mark.parametrize("feature, kept", [
    ("village", True), ("Hill", True), ("military_base", True),
    ("vilage", False), ("neighborhood", False), ("hamlet", False),
])
def test_imported_gazetteer_features_are_the_codebooks(tmp_path, feature, kept):
    from analysis.places.imports import import_gazetteer

    path = tmp_path / "mine.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["name_ar", "admin1", "latitude", "longitude", "feature"],
                                 ["تل الشمس", "SY-HL", "36.3", "37.2", "town"],
                                 ["تل المعز", "SY-HL", "36.2", "37.1", feature]])
    result = import_gazetteer(path, None, tmp_path / "gazetteers")
    assert [p["feature"] for p in result.places] == ["town"] + ([feature.lower()] if kept else [])
    assert kept or (len(result.skipped) == 1 and f"line 3: feature: '{feature}' is not one of" in result.skipped[0])


CODED = sorted((c, k) for c, k in labels.COLUMN_KINDS.items() if c in schemas.FIELDS and schemas.FIELDS[c].codes)


@pytest.mark.parametrize("column, kind", CODED)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_reports_name_a_columns_codes_as_the_codebook_does(column, kind, lang):
    table = schemas.FIELDS[column].codes
    assert [labels.name(kind, c, lang) for c in schemas.FIELDS[column].allowed] == \
        [tx.label(table, c, lang) for c in tx.codes(table)]


_LOAD = """
import sys
from pathlib import Path
from analysis.lexicon import LexiconError, load_lexicon
try:
    load_lexicon("layout", Path(sys.argv[1]))
    print("ok", "jsonschema" in sys.modules)
except LexiconError as e:
    print("error", str(e).splitlines()[0])
"""


def _load_in_new_process(folder, cache_folder) -> str:
    env = {**os.environ, "ANALYSIS_CACHE": str(cache_folder)}
    done = subprocess.run([sys.executable, "-c", _LOAD, str(folder)], env=env, capture_output=True,
                          text=True, check=True)
    return done.stdout.strip()


def test_a_file_is_checked_again_whenever_it_changes(tmp_path):
    """A file that passed is remembered (the next process neither checks it nor imports
    jsonschema); the same path with other bytes, or a file that failed, is checked again."""
    data = real("layout")
    write(tmp_path, "layout", data)
    assert _load_in_new_process(tmp_path, tmp_path / "cache") == "ok True"
    assert _load_in_new_process(tmp_path, tmp_path / "cache") == "ok False"
    data["clutter_lines"] = "not a list"
    write(tmp_path, "layout", data)
    for _ in range(2):   # a failure is never remembered
        assert _load_in_new_process(tmp_path, tmp_path / "cache").startswith("error layout.yaml: clutter_lines")
