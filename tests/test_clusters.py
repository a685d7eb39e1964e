"""Clustering (codebook §8): mentions of one real-world event share a cluster_id."""
import pytest

from analysis import schemas
from analysis.clusters import assign_clusters


def ev(i, doc="d1", date="2017-09-09", typ="armed_clash", a1="opposition", adm="SY-DI", loc="جوبر",
       killed=None, text="نص"):
    return {"event_id": f"{doc}:{i}-{i + 5}", "doc_id": doc, "char_start": i, "char_end": i + 5, "text": text,
            "event_date": date, "date_precision": "day", "event_type": "battles",
            "sub_event_type": typ, "actor1": a1, "admin1": adm, "location": loc, "killed": killed,
            "civilian_targeting": False, "cluster_id": "", "count_conflict": False}


def clusters(rows):
    for r in rows:
        from analysis.taxonomy import SUB_EVENT_TYPES
        r["event_type"] = SUB_EVENT_TYPES[r["sub_event_type"]]
    out = assign_clusters(schemas.frame("events", rows))
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
    rows = [ev(0, killed=15, text="استهدفت قوات الأسد حي جوبر بـ 15 صاروخ فيل"),
            ev(0, doc="d2", killed=15, text="استهدفت قوات الأسد حي جوبر بأكثر من 10 صواريخ فيل"),
            ev(50, loc="برزة", killed=3), ev(0, doc="d3", loc="برزة", killed=3)]
    _, conflict = clusters(rows)
    assert conflict == {"d1:0-5": True, "d2:0-5": True, "d1:50-55": False, "d3:0-5": False}


def test_cluster_ids_are_stable():
    rows = [ev(0), ev(0, doc="d2")]
    a = assign_clusters(schemas.frame("events", [dict(r, event_type="battles") for r in rows]))
    b = assign_clusters(schemas.frame("events", [dict(r, event_type="battles") for r in reversed(rows)]))
    assert list(a.cluster_id) == list(b.cluster_id)
