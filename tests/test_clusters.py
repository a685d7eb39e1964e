"""Clustering (codebook §8): mentions of one real-world event share a cluster_id."""
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from analysis import schemas
from analysis.clusters import SHARED_TOLL, assign_clusters


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


# A mention that names no place joins a compatible one by a toll of at least SHARED_TOLL dead
# stated alike, the same day (±1), in the same country; a smaller or different toll, another
# country, or no date keeps them apart.
NOWHERE = dict(adm=None, loc=None)


@pytest.mark.parametrize("other", [dict(), dict(adm="SY-HL", loc="أعزاز"), dict(doc="d2", date="2017-09-10"),
                                   dict(a1=None, typ="suicide_bomb")])
@pytest.mark.parametrize("toll, joined", [(25, True), (SHARED_TOLL, True), (SHARED_TOLL - 1, False), (1, False)])
def test_a_mention_with_no_place_joins_by_its_toll(other, toll, joined):
    rows = [ev(0, killed=toll, **NOWHERE), ev(10, **{**dict(killed=toll, doc="d3"), **NOWHERE, **other})]
    assert (len(clusters(rows)[0]) == 1) is joined


@pytest.mark.parametrize("second", [dict(killed=24), dict(killed=25, low=20), dict(killed=25, country="TR"),
                                    dict(killed=25, date=None), dict(killed=25, date="2017-09-12"),
                                    dict(killed=25, a1="government"),
                                    dict(killed=25, typ="arrests", a1="government")])
def test_a_toll_joins_only_when_everything_else_agrees(second):
    rows = [ev(0, killed=25, **NOWHERE), ev(10, doc="d2", **{**NOWHERE, **second})]
    assert len(clusters(rows)[0]) == 2


def test_mentions_in_two_countries_are_two_events():
    rows = [ev(0, loc="حمرين", killed=19, country="IQ", adm=None), ev(0, doc="d2", loc="حمرين", killed=19)]
    assert len(clusters(rows)[0]) == 2


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


# Few values per field, so that random mentions often agree and often half-agree.
DAYS = st.sampled_from(["2017-09-09", "2017-09-10", "2017-09-11", None])
MENTION = st.fixed_dictionaries({
    "date": DAYS, "typ": st.sampled_from(["armed_clash", "air_drone_strike", "shelling_artillery_missile_attack",
                                          "peaceful_protest"]),
    "a1": st.sampled_from(["opposition", "government", "russia", None]),
    "adm": st.sampled_from(["SY-DI", "SY-HL", None]), "loc": st.sampled_from(["جوبر", "حي جوبر", "أعزاز", None]),
    "country": st.sampled_from(["SY", "TR", None]), "killed": st.sampled_from([None, 1, SHARED_TOLL, 25])})


def _day(d):
    return None if d is None else pd.Timestamp(d).date()


@settings(max_examples=150, deadline=None)
@given(st.lists(MENTION, min_size=2, max_size=14))
def test_clusters_are_the_components_of_every_compatible_pair(specs):
    """The blocked join (a day and its next, a family, a governorate, a side) links exactly the
    pairs a comparison of every pair within a day of each other links."""
    from analysis.clusters import _compatible, _family_class, cluster, mention
    rows = [ev(10 * i, date=s["date"], typ=s["typ"], a1=s["a1"], adm=s["adm"], loc=s["loc"],
               country=s["country"], killed=s["killed"]) for i, s in enumerate(specs)]
    ms = [mention(r) for r in rows]
    ids, _, _ = cluster(ms)
    parent = list(range(len(ms)))

    def find(i):
        while parent[i] != i:
            i = parent[i]
        return i
    for i, a in enumerate(ms):
        for j, b in enumerate(ms[:i]):
            da, db = _day(rows[i]["event_date"]), _day(rows[j]["event_date"])
            near = da == db or (da is not None and db is not None and abs((da - db).days) == 1)
            if near and _family_class(a.sub_event_type) == _family_class(b.sub_event_type) and _compatible(a.node, b.node):
                parent[find(i)] = find(j)
    # equal mentions with no place, no governorate and no link are kept apart (see `cluster`)
    alone = {i for i, m in enumerate(ms) if not (m.admin1 or m.location_id or m.place)
             and all(find(i) != find(j) for j in range(len(ms)) if j != i)}
    expected = {frozenset(j for j in range(len(ms)) if find(j) == find(i) and j not in alone) for i in range(len(ms))
                if i not in alone} | {frozenset([i]) for i in alone}
    got = {frozenset(j for j in range(len(ms)) if ids[j] == ids[i]) for i in range(len(ms))}
    assert got == expected
