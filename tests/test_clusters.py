"""Clustering (codebook §8): mentions of one real-world event share a cluster_id."""
import pandas as pd
import pytest

from analysis import schemas
from analysis.clusters import assign_clusters


def ev(i, doc="d1", date="2017-09-09", typ="armed_clash", a1="opposition", adm="SY-DI", loc="جوبر",
       killed=None, text="نص", low=None, high=..., wounded=None, scope="current", country="SY", update=False):
    return {"event_id": f"{doc}:{i}-{i + 5}", "doc_id": doc, "char_start": i, "char_end": i + 5, "text": text,
            "event_date": date, "date_precision": "day", "event_type": "battles",
            "sub_event_type": typ, "actor1": a1, "admin1": adm, "location": loc, "killed": killed,
            "killed_low": killed if low is None else low, "killed_high": killed if high is ... else high,
            "wounded": wounded, "wounded_low": wounded, "wounded_high": wounded,
            "civilian_targeting": False, "scope": scope, "country": country, "admin1_basis": "gazetteer",
            "toll_update": update, "cluster_id": "", "count_conflict": False}


def clusters(rows):
    for r in rows:
        from analysis.taxonomy import SUB_EVENT_TYPES
        r["event_type"] = SUB_EVENT_TYPES[r["sub_event_type"]]
    out, _ = assign_clusters(schemas.frame("events", rows))
    schemas.validate("events", out)
    ids = dict(zip(out.event_id, out.cluster_id))
    groups = {}
    for r in rows:
        groups.setdefault(ids[r["event_id"]], []).append(r["event_id"])
    return sorted(sorted(g) for g in groups.values()), dict(zip(out.event_id, out.count_conflict))


@pytest.mark.parametrize("rows, expected", [
    # the same ambush in two documents, place written differently
    ([ev(0, loc="حي جوبر", killed=15), ev(0, doc="d2", loc="جوبر", killed=15)], [["d1:0-5", "d2:0-5"]]),
    # a day apart still joins; two days apart does not
    ([ev(0), ev(10, date="2017-09-10")], [["d1:0-5", "d1:10-15"]]),
    ([ev(0), ev(10, date="2017-09-11")], [["d1:0-5"], ["d1:10-15"]]),
    # other side, other place, other governorate: separate events
    ([ev(0), ev(10, a1="government", typ="shelling_artillery_missile_attack")], [["d1:0-5"], ["d1:10-15"]]),
    ([ev(0), ev(10, loc="برزة")], [["d1:0-5"], ["d1:10-15"]]),
    ([ev(0, loc="المحطة", adm="SY-HI"), ev(10, loc="المحطة", adm="SY-HM")], [["d1:0-5"], ["d1:10-15"]]),
    # a clash and a suicide car bomb at the same place by the same side are one attack
    ([ev(0, a1="isis", loc="حميمة"), ev(10, a1="isis", typ="suicide_bomb", loc="منطقة حميمة")],
     [["d1:0-5", "d1:10-15"]]),
    # an arrest campaign and a clash never join
    ([ev(0, typ="arrests", a1="government"), ev(10, a1="government")], [["d1:0-5"], ["d1:10-15"]]),
])
def test_clusters(rows, expected):
    assert clusters(rows)[0] == expected


def test_conflicting_counts_are_flagged():
    rows = [dict(ev(0, killed=15), munitions="15"), dict(ev(0, doc="d2", killed=15), munitions="10"),
            ev(50, loc="برزة", killed=3), ev(0, doc="d3", loc="برزة", killed=3)]
    _, conflict = clusters(rows)
    assert conflict == {"d1:0-5": True, "d2:0-5": True, "d1:50-55": False, "d3:0-5": False}


def test_cluster_ids_are_stable():
    rows = [ev(0), ev(0, doc="d2")]
    a, _ = assign_clusters(schemas.frame("events", [dict(r, event_type="battles") for r in rows]))
    b, _ = assign_clusters(schemas.frame("events", [dict(r, event_type="battles") for r in reversed(rows)]))
    assert list(a.cluster_id) == list(b.cluster_id)


SOURCES = {"d1": "Shaam", "d2": "Shaam", "d3": "SOHR", "d4": None, "d5": None}


@pytest.mark.parametrize("rows, expected", [
    # outlets that disagree: the most conservative figure, from the mention that states it
    ([ev(0, killed=5), ev(0, doc="d3", killed=3)], dict(killed=3, event_id="d3:0-5", n_sources=2)),
    # one outlet's toll update is its latest word, even when it is higher
    ([ev(0, killed=3), ev(0, doc="d2", killed=6, update=True)], dict(killed=6, event_id="d2:0-5", n_sources=1)),
    # ... but between outlets the conservative rule still holds
    ([ev(0, killed=3), ev(0, doc="d2", killed=6, update=True), ev(0, doc="d3", killed=4)],
     dict(killed=4, event_id="d3:0-5", n_sources=2)),
    # documents without a known outlet count as outlets of their own
    ([ev(0, doc="d4", killed=2), ev(0, doc="d5", killed=2)], dict(killed=2, n_sources=2, count_conflict=False)),
    # a range or an open-ended count is an estimate; an exact count is not; none stated is unknown
    ([ev(0, killed=10, high=None)], dict(killed=10, killed_estimate=True)),
    ([ev(0, killed=10, low=10, high=15)], dict(killed=10, killed_estimate=True)),
    ([ev(0, killed=4)], dict(killed=4, killed_estimate=False)),
    ([ev(0)], dict(killed=None, killed_estimate=None, event_id="d1:0-5")),
    # the wounded figure has its own source mention
    ([ev(0, killed=2), ev(0, doc="d3", killed=2, wounded=7)], dict(killed=2, wounded=7, wounded_event_id="d3:0-5",
                                                                   count_conflict=False)),
    # only current events in Syria count
    ([ev(0, killed=2, scope="past")], dict(counted=False, scope="past")),
    ([ev(0, killed=2, scope="period_total")], dict(counted=False)),
    ([ev(0, killed=2, country="IQ", adm=None)], dict(counted=False, country="IQ")),
    ([ev(0, killed=2, country=None, adm=None)], dict(counted=False)),
    ([ev(0, killed=2)], dict(counted=True, n_mentions=1)),
])
def test_a_cluster_takes_one_figure_and_says_how_sure_it_is(rows, expected):
    for r in rows:
        r["event_type"] = "battles"
    _, table = assign_clusters(schemas.frame("events", rows), SOURCES)
    schemas.validate("clusters", table)
    assert len(table) == 1
    got = {k: (None if pd.isna(v) else v) for k, v in table.iloc[0].to_dict().items()}
    assert {k: got[k] for k in expected} == expected


# A toll update read from text: the same outlet's later, higher toll is its latest word; another
# outlet's lower figure still holds (the conservative rule between outlets).
TOLL_FIRST = "قتل 3 مدنيين بقصف مدفعي لقوات الأسد على مدينة الأتارب بريف حلب الغربي."
TOLL_UPDATES = ["ارتفاع حصيلة مجزرة الأتارب إلى 5 شهداء جراء قصف مدفعي من قوات الأسد على المدينة.",
                "ارتفعت حصيلة ضحايا القصف المدفعي على مدينة الأتارب بريف حلب إلى 5 قتلى."]


@pytest.mark.parametrize("update", TOLL_UPDATES)
@pytest.mark.parametrize("outlets, killed", [(("Shaam", "Shaam"), 5), (("Shaam", "SOHR"), 3)])
def test_a_toll_update_is_its_outlets_latest_word(tmp_path, update, outlets, killed):
    import json

    from analysis.pipeline import run_extract
    from analysis.store import read_table

    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": f"d{i}", "text": t, "source": o, "published": "2021-03-21"},
                                        ensure_ascii=False)
                             for i, (t, o) in enumerate(zip((TOLL_FIRST, update), outlets))) + "\n", encoding="utf-8")
    run_extract([src], tmp_path / "out", progress=False)
    ev, cl = read_table(tmp_path / "out", "events"), read_table(tmp_path / "out", "clusters")
    assert list(ev.toll_update) == [False, True]
    assert ev.cluster_id.nunique() == 1
    assert (int(cl.killed.iloc[0]), int(cl.n_sources.iloc[0])) == (killed, len(set(outlets)))
