"""ACLED export: one row per cluster, conservative fatalities, ACLED's labels and codes."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis import schemas, taxonomy as tx
from analysis.cli import main
from analysis.export import acled_table
from analysis.lexicon import load_lexicon
from analysis.store import TableStore

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
            event_date="2017-09-09", actor1="government", weapon="rocket;artillery",
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
]
DOCUMENTS = [
    {"doc_id": "A", "source": "Shaam News Network", "published": "2017-09-09", "published_basis": "metadata",
     "status": "ok"},
    {"doc_id": "B", "source": "Radio Alwan", "published": "2017-09-09", "published_basis": "metadata",
     "status": "ok"},
    {"doc_id": "C", "source": "Asharq Al-Awsat", "published": "2024-12-20", "published_basis": "metadata",
     "status": "ok"},
    {"doc_id": "D", "published_basis": "none", "status": "ok"},
]


def write_tables(folder, events, documents=DOCUMENTS, fmt="parquet"):
    store = TableStore(folder, fmt)
    store.append("events", schemas.frame("events", events))
    store.append("documents", schemas.frame("documents", documents))
    store.finish()
    return folder


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = write_tables(tmp_path_factory.mktemp("tables"), EVENTS)
    out = folder / "acled.csv"
    assert main(["export", str(folder), "--acled", str(out), "--quiet"]) == 0
    return pd.read_csv(out, dtype=str, keep_default_na=False).set_index(
        pd.Index(["K3", "K1", "K2", "K4", "K5"]))  # rows come in date order, undated last


def test_one_row_per_cluster_in_acled_columns(exported):
    assert list(exported.columns) == load_lexicon("acled")["columns"]
    assert len(exported) == 5
    assert list(exported.event_date) == ["2017-09-08", "2017-09-09", "2017-09-09", "2024-12-01", ""]


def test_fatalities_are_the_most_conservative_stated_count(exported):
    assert exported.loc["K1", "fatalities"] == "12"
    assert exported.loc["K2", "fatalities"] == "0"  # no mention states a number
    assert exported.loc["K3", "fatalities"] == "0"  # "no one killed" is the lowest count


def test_representative_is_the_most_complete_earliest_mention(exported):
    notes = exported.loc["K1", "notes"]
    assert notes.startswith(AMBUSH_1)
    assert "[A:0-90]" in notes and "[also: A:300-335; B:10-60]" in notes
    assert exported.loc["K1", "location"] == "جوبر"
    assert exported.loc["K1", "actor2"] == "Military Forces of Syria (2000-2024)"


def test_acled_labels_and_codes(exported):
    k1, k2, k3 = exported.loc["K1"], exported.loc["K2"], exported.loc["K3"]
    assert (k1.event_type, k1.sub_event_type, k1.disorder_type) == ("Battles", "Armed clash", "Political violence")
    assert (k1.actor1, k1.inter1, k1.inter2, k1.interaction) == ("Opposition Rebels (Syria)", "2", "1", "12")
    assert (k2.sub_event_type, k2.event_type) == ("Shelling/artillery/missile attack", "Explosions/Remote violence")
    assert (k2.inter1, k2.actor2, k2.inter2, k2.interaction) == ("1", "", "", "10")
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
    b = _export(write_tables(tmp_path / "b", list(reversed(EVENTS))))
    assert a == b and a.decode("utf-8").count("\n") == 6


def test_export_reads_csv_tables_too(tmp_path):
    assert _export(write_tables(tmp_path / "c", EVENTS, fmt="csv")) == _export(write_tables(tmp_path / "p", EVENTS))


def test_empty_events_give_a_header_only_csv(tmp_path):
    folder = write_tables(tmp_path / "t", [])
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


def test_acled_table_of_a_frame():
    """The library function, without files: a cluster's rows collapse to one."""
    table = acled_table(schemas.frame("events", EVENTS[:3]), schemas.frame("documents", DOCUMENTS))
    assert len(table) == 1 and table.loc[0, "fatalities"] == 12
    assert dt.date.fromisoformat(table.loc[0, "event_date"]) == dt.date(2017, 9, 9)
