"""ACLED export: ACLED's own columns, one row per counted cluster, its figure, ACLED's labels and codes."""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from analysis import schemas, taxonomy as tx
from analysis.cli import main
from analysis.export import acled_table, event_id_cnty
from analysis.lexicon import load_lexicon
from analysis.store import TableStore

# ACLED's published column list (ACLED codebook; the `acled_old_dummy` layout of ACLED's R package acledR).
ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                 "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                 "fatalities", "tags", "timestamp"]
AMBUSH_1 = "أعلن فيلق الرحمن عن تمكنه من قتل اكثر من 15 عنصر من الفرقة الرابعة في كمين محكم في حي جوبر"
AMBUSH_2 = "قتل 12 عنصرا من قوات الأسد في كمين"
SHELLING = "استهدفت قوات الأسد حي جوبر وبلدة عين ترما بـ 15 صاروخ فيل"


def mention(event_id, doc_id, start, end, text, cluster, sub, **kw):
    row = {"event_id": event_id, "doc_id": doc_id, "char_start": start, "char_end": end, "text": text,
           "date_precision": "day", "event_type": tx.SUB_EVENT_TYPES[sub], "sub_event_type": sub,
           "civilian_targeting": False, "scope": "current", "country": "SY", "admin1_basis": "gazetteer",
           "toll_update": False, "cluster_id": cluster, "count_conflict": False}
    return {**row, **kw}


JOBAR = dict(location="جوبر", admin1="SY-DI", latitude=33.53, longitude=36.33, geo_precision=1)
EVENTS = [
    # K1: the ambush, reported three times with conflicting counts
    mention("B:10-60", "B", 10, 60, AMBUSH_1, "K1", "armed_clash", event_date="2017-09-09",
            actor1="opposition", actor2="government", killed=15, count_conflict=True, **JOBAR),
    mention("A:0-90", "A", 0, 90, AMBUSH_1, "K1", "armed_clash", event_date="2017-09-09",
            actor1="opposition", actor2="government", killed=15, count_conflict=True, **JOBAR),
    mention("A:300-335", "A", 300, 335, AMBUSH_2, "K1", "armed_clash", event_date="2017-09-09",
            actor1="opposition", killed=12, count_conflict=True, admin1="SY-DI"),
    # K2: shelling, no death count, civilians hit in one report
    mention("A:400-460", "A", 400, 460, SHELLING, "K2", "shelling_artillery_missile_attack",
            event_date="2017-09-09", actor1="government", weapon="rocket", **JOBAR),
    mention("B:100-160", "B", 100, 160, SHELLING, "K2", "shelling_artillery_missile_attack",
            event_date="2017-09-09", actor1="russia", weapon="rocket;artillery",
            civilian_targeting=True, **JOBAR),
    # K3: a coalition air strike on ISIS, dated the day before
    mention("B:200-240", "B", 200, 240, "أغارت طائرات التحالف على مشفى الرقة الوطني", "K3",
            "air_drone_strike", event_date="2017-09-08", actor1="coalition", actor2="isis",
            admin1="SY-RA", location="الرقة", killed=3, weapon="airstrike"),
    mention("A:500-540", "A", 500, 540, "غارات للتحالف على الرقة", "K3", "air_drone_strike",
            event_date="2017-09-08", actor1="coalition", admin1="SY-RA", killed=0),
    # K4: after the regime fell, known only to the month
    mention("C:0-40", "C", 0, 40, "سيطرت إدارة العمليات العسكرية على المدينة", "K4",
            "government_regains_territory", event_date="2024-12-01", date_precision="month",
            actor1="transitional_government", admin1="SY-HM"),
    # K5: no date at all
    mention("D:0-30", "D", 0, 30, "اعتقلت قوات النظام شابين", "K5", "arrests",
            date_precision="none", actor1="government", actor2="civilians"),
    # not counted: a bombing in Kuwait, a massacre recalled from 2013, a killing in no known country
    mention("E:0-40", "E", 0, 40, "تفجير انتحاري في مسجد الإمام الصادق في الكويت", "K6", "suicide_bomb",
            event_date="2015-06-26", actor1="isis", country="KW", admin1_basis="none", location="الكويت", killed=27),
    mention("E:100-140", "E", 100, 140, "مجزرة الغوطة عام 2013", "K7", "chemical_weapon", event_date="2013-08-21",
            actor1="government", scope="past", admin1="SY-RD", killed=1400),
    mention("E:200-240", "E", 200, 240, "اغتيال قيادي", "K8", "attack", event_date="2015-06-27",
            actor1="unknown", country=None, admin1_basis="none", killed=1),
]


def cluster(cid, event_id, n, sources, counted=True, killed=None, conflict=False):
    ev = next(e for e in EVENTS if e["event_id"] == event_id)
    return {"cluster_id": cid, "event_id": event_id, "n_mentions": n, "n_sources": sources, "scope": ev["scope"],
            "country": ev["country"], "counted": counted, "killed": killed, "killed_low": killed,
            "killed_high": killed, "killed_estimate": None if killed is None else False, "count_conflict": conflict}


# The extraction's choices: K1 takes its most conservative figure (12), K3 its stated zero.
CLUSTERS = [cluster("K1", "A:300-335", 3, 2, killed=12, conflict=True), cluster("K2", "A:400-460", 2, 2),
            cluster("K3", "A:500-540", 2, 2, killed=0), cluster("K4", "C:0-40", 1, 1), cluster("K5", "D:0-30", 1, 1),
            cluster("K6", "E:0-40", 1, 1, counted=False, killed=27), cluster("K7", "E:100-140", 1, 1, counted=False,
                                                                            killed=1400),
            cluster("K8", "E:200-240", 1, 1, counted=False, killed=1)]
DOCUMENTS = [
    {"doc_id": "A", "source": "Shaam News Network", "published": "2017-09-09", "published_basis": "metadata",
     "status": "ok"},
    {"doc_id": "B", "source": "Radio Alwan", "published": "2017-09-09", "published_basis": "metadata",
     "status": "ok"},
    {"doc_id": "C", "source": "Asharq Al-Awsat", "published": "2024-12-20", "published_basis": "metadata",
     "status": "ok"},
    {"doc_id": "D", "published_basis": "none", "status": "ok"},
    {"doc_id": "E", "source": "Al Riyadh", "published": "2015-06-28", "published_basis": "metadata", "status": "ok"},
]


def write_tables(folder, events, documents=DOCUMENTS, clusters=CLUSTERS, fmt="parquet"):
    store = TableStore(folder, fmt)
    store.append("events", schemas.frame("events", events))
    store.append("documents", schemas.frame("documents", documents))
    store.append("clusters", schemas.frame("clusters", clusters))
    store.finish()
    return folder


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = write_tables(tmp_path_factory.mktemp("tables"), EVENTS)
    out = folder / "acled.csv"
    assert main(["export", str(folder), "--acled", str(out), "--quiet"]) == 0
    return pd.read_csv(out, dtype=str, keep_default_na=False).set_index(
        pd.Index(["K3", "K1", "K2", "K4", "K5"]))  # rows come in date order, undated last


def test_the_header_is_acleds_published_column_list(exported):
    assert list(exported.columns) == ACLED_COLUMNS == load_lexicon("acled")["columns"]


def test_one_row_per_counted_cluster(exported):
    assert len(exported) == 5  # K6-K8 do not count: abroad, recalled from the past, no known country
    assert list(exported.event_date) == ["2017-09-08", "2017-09-09", "2017-09-09", "2024-12-01", ""]
    assert set(exported.country) == {"Syria"} and set(exported.region) == {"Middle East"}


def test_fatalities_are_the_clusters_figure(exported):
    assert exported.loc["K1", "fatalities"] == "12"
    assert exported.loc["K2", "fatalities"] == "0"  # no mention states a number
    assert exported.loc["K3", "fatalities"] == "0"  # "no one killed" is the lowest count


def test_an_event_is_described_by_the_mention_its_figure_comes_from(exported):
    notes = exported.loc["K1", "notes"]
    assert notes.startswith(AMBUSH_2) and "[A:300-335]" in notes and "[also: A:0-90; B:10-60]" in notes
    assert exported.loc["K1", "location"] == "جوبر"  # what it leaves out, from the other reports
    assert exported.loc["K1", "actor2"] == "Military Forces of Syria (2000-2024)"


@pytest.mark.parametrize("cluster_id, assoc_1, assoc_2", [
    ("K2", "Military Forces of Russia (2000-)", ""),  # another report blames Russia
    ("K1", "", ""), ("K3", "", ""),  # every report names the same sides
])
def test_sides_other_reports_name_are_associated_actors(exported, cluster_id, assoc_1, assoc_2):
    assert (exported.loc[cluster_id, "assoc_actor_1"], exported.loc[cluster_id, "assoc_actor_2"]) == (assoc_1, assoc_2)


def test_ids_are_acled_style_and_stable(exported):
    assert all(re.fullmatch(r"SYR\d{1,12}", i) for i in exported.event_id_cnty)
    assert exported.event_id_cnty.is_unique
    assert exported.loc["K4", "event_id_cnty"] == event_id_cnty("K4", "SYR")
    assert exported.loc["K4", "timestamp"] == str(int(dt.datetime(2024, 12, 20, tzinfo=dt.timezone.utc).timestamp()))


@pytest.mark.parametrize("cluster_id, country, iso, region, prefix", [
    ("K6", "Kuwait", "414", "Middle East", "KWT"),  # abroad: its own country, never Syria
    ("K7", "Syria", "760", "Middle East", "SYR"),  # in Syria, but recalled from 2013
    ("K8", "", "", "", "XXX"),                     # no known country
])
def test_all_events_each_with_its_own_country(tmp_path, cluster_id, country, iso, region, prefix):
    folder = write_tables(tmp_path / "t", EVENTS)
    out = tmp_path / "all.csv"
    assert main(["export", str(folder), "--acled", str(out), "--all-events", "--quiet"]) == 0
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    row = table[table.notes.str.contains(next(e["event_id"] for e in EVENTS if e["cluster_id"] == cluster_id))].iloc[0]
    assert (row.country, row.iso, row.region, row.event_id_cnty[:3]) == (country, iso, region, prefix)
    assert len(table) == 8


@pytest.mark.parametrize("code, name, iso3", [("IQ", "Iraq", "IRQ"), ("TN", "Tunisia", "TUN"), ("TR", "Turkey", "TUR"),
                                              ("LB", "Lebanon", "LBN"), ("SA", "Saudi Arabia", "SAU")])
def test_rows_abroad_never_say_syria(code, name, iso3):
    events = [mention("X:0-9", "A", 0, 9, "انفجار", "X1", "suicide_bomb", event_date="2015-07-01", country=code,
                      admin1_basis="none", actor1="isis")]
    clusters = [{"cluster_id": "X1", "event_id": "X:0-9", "n_mentions": 1, "n_sources": 1, "scope": "current",
                 "country": code, "counted": False, "count_conflict": False}]
    data = {"events": schemas.frame("events", events), "documents": schemas.frame("documents", DOCUMENTS),
            "clusters": schemas.frame("clusters", clusters)}
    assert acled_table(data).empty  # not counted: left out by default
    row = acled_table(data, include_all=True).iloc[0]
    assert (row.country, row.event_id_cnty[:3]) == (name, iso3)


def test_acled_labels_and_codes(exported):
    k1, k2, k3 = exported.loc["K1"], exported.loc["K2"], exported.loc["K3"]
    assert (k1.event_type, k1.sub_event_type, k1.disorder_type) == ("Battles", "Armed clash", "Political violence")
    assert (k1.actor1, k1.inter1, k1.inter2, k1.interaction) == ("Opposition Rebels (Syria)", "2", "1", "12")
    assert (k2.sub_event_type, k2.event_type) == ("Shelling/artillery/missile attack", "Explosions/Remote violence")
    assert (k2.actor1, k2.inter1, k2.actor2, k2.inter2, k2.interaction) == (
        "Military Forces of Syria (2000-2024)", "1", "", "", "10")
    assert (k3.sub_event_type, k3.actor1, k3.actor2, k3.interaction) == (
        "Air/drone strike", "Military Forces of the United States (2017-2021)", "Islamic State (Syria)", "28")
    assert (k1.iso, k1.country, k1.admin1, k3.admin1) == ("760", "Syria", "Damascus", "Ar-Raqqa")
    assert (k1.latitude, k1.geo_precision, k1.time_precision, k1.year) == ("33.53", "1", "1", "2017")


def test_sources_civilian_targeting_and_tags_cover_the_cluster(exported):
    assert exported.loc["K1", "source"] == "Radio Alwan; Shaam News Network"
    assert exported.loc["K2", "civilian_targeting"] == "Civilian targeting"
    assert exported.loc["K1", "civilian_targeting"] == ""
    assert exported.loc["K2", "tags"] == "artillery; rockets"
    assert exported.loc["K3", "tags"] == "airstrike"


def test_dates_precision_and_dated_actor_names(exported):
    k4, k5 = exported.loc["K4"], exported.loc["K5"]
    assert (k4.time_precision, k4.actor1, k4.sub_event_type, k4.admin1) == (
        "3", "Military Forces of Syria (2024-)", "Government regains territory", "Hama")
    assert (k5.event_date, k5.year, k5.time_precision, k5.source) == ("", "", "", "")
    assert (k5.actor2, k5.inter2, k5.interaction) == ("Civilians (Syria)", "7", "17")
    assert k5.notes == "اعتقلت قوات النظام شابين [D:0-30]"


def _export(folder) -> bytes:
    assert main(["export", str(folder), "--acled", str(folder / "a.csv"), "--quiet"]) == 0
    return (folder / "a.csv").read_bytes()


def test_export_is_deterministic(tmp_path):
    a = _export(write_tables(tmp_path / "a", EVENTS))
    b = _export(write_tables(tmp_path / "b", list(reversed(EVENTS)), clusters=list(reversed(CLUSTERS))))
    assert a == b and a.decode("utf-8").count("\n") == 6


def test_export_reads_csv_tables_too(tmp_path):
    assert _export(write_tables(tmp_path / "c", EVENTS, fmt="csv")) == _export(write_tables(tmp_path / "p", EVENTS))


def test_empty_events_give_a_header_only_csv(tmp_path):
    folder = write_tables(tmp_path / "t", [], clusters=[])
    out = tmp_path / "out" / "acled.csv"
    assert main(["export", str(folder), "--acled", str(out), "--quiet"]) == 0
    assert out.read_text(encoding="utf-8") == ",".join(load_lexicon("acled")["columns"]) + "\n"


def test_missing_folder_or_table_is_a_clear_error(tmp_path, capsys):
    assert main(["export", str(tmp_path / "nope"), "--acled", str(tmp_path / "a.csv")]) == 2
    assert "does not exist" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main(["export", str(tmp_path / "empty"), "--acled", str(tmp_path / "a.csv")]) == 2
    assert "no events.parquet or events.csv" in capsys.readouterr().err
    assert not (tmp_path / "a.csv").exists()


def test_dated_actor_names_tile_time():
    """Each actor's dated ACLED names follow one another without gap or overlap."""
    for key, entries in tx.acled_labels()["actors"].items():
        assert entries[0].get("valid_from") is None and entries[-1].get("valid_to") is None, key
        for a, b in zip(entries, entries[1:]):
            assert a["valid_to"] == b["valid_from"], key


def test_acled_table_of_frames():
    """The library function, without files: a cluster's rows collapse to one."""
    data = {"events": schemas.frame("events", EVENTS[:3]), "documents": schemas.frame("documents", DOCUMENTS),
            "clusters": schemas.frame("clusters", CLUSTERS[:1])}
    table = acled_table(data)
    assert len(table) == 1 and table.loc[0, "fatalities"] == 12
    assert dt.date.fromisoformat(table.loc[0, "event_date"]) == dt.date(2017, 9, 9)


def test_tables_without_clusters_are_a_clear_error(tmp_path, capsys):
    folder = write_tables(tmp_path / "t", EVENTS, clusters=[])
    assert main(["export", str(folder), "--acled", str(tmp_path / "a.csv")]) == 2
    assert "extract them again" in capsys.readouterr().err
