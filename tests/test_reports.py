"""Reports: counting, aggregations, labels, escaping, charts and running the notebooks.

The synthetic corpus (`tests/report_corpus.py`) is what the extraction writes on real
bulletins; smaller tables (`_tables`) build one case per test row. The pages themselves are
checked in a browser (`test_report_pages.py`).
"""
from __future__ import annotations


import matplotlib.dates as mdates
import pandas as pd
import pytest

from analysis import schemas
from tests.report_corpus import SCRIPT, cluster_row, fill_sums, synthetic_rows, write_synthetic


@pytest.fixture(scope="module")
def synthetic_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic")
    write_synthetic(folder)
    return folder


@pytest.fixture(scope="module")
def syn(synthetic_dir):
    from analysis.reports import load

    return load.select(load.prepare(load.open_tables(synthetic_dir)))


# --- counting -------------------------------------------------------------------------------

def _tables(events, casualties=(), clusters=None, facilities=(), control=(), statistics=()):
    """Prepared tables from short specs: events (event_id, cluster, admin1, actor1, date, scope,
    country), casualties (event_id, group, outcome, best[, low, high]), clusters (cluster_id,
    event_id, counted, wounded_event_id) — by default each cluster counts with its first mention."""
    from analysis.reports import load

    ev = [{"event_id": e, "doc_id": "d", "char_start": i * 10, "char_end": i * 10 + 5, "text": f"نص {e}",
           "event_date": date, "date_precision": "day" if date else "none", "event_type": "battles",
           "sub_event_type": "armed_clash", "actor1": actor, "admin1": adm, "cluster_id": c,
           "count_conflict": False, "civilian_targeting": False, "scope": scope, "country": country,
           "admin1_basis": "gazetteer" if adm else "none", "toll_update": False}
          for i, (e, c, adm, actor, date, scope, country) in enumerate(events)]
    cas = [{"event_id": r[0], "doc_id": "d", "char_start": 0, "char_end": 5, "group": r[1], "outcome": r[2],
            "best": r[3], "low": r[4] if len(r) > 4 else r[3], "high": r[5] if len(r) > 5 else r[3],
            "implausible": len(r) > 6 and r[6]} for r in casualties]
    fill_sums(ev, [c for c in cas if not c["implausible"]])
    by_id = {x["event_id"]: x for x in ev}
    if clusters is None:
        firsts = {}
        for x in ev:
            firsts.setdefault(x["cluster_id"], x["event_id"])
        clusters = [(c, e, by_id[e]["scope"] == "current" and by_id[e]["country"] == "SY", e) for c, e in firsts.items()]
    cl = []
    for c, e, counted, w in clusters:
        mentions = [x for x in ev if x["cluster_id"] == c]
        cl.append(cluster_row(c, by_id[e], n=len(mentions), counted=counted, wounded=by_id[w] if w else {"wounded": None}))
    fac = [{"event_id": e, "doc_id": "d", "char_start": 0, "char_end": 5, "facility_type": t,
            "facility_text": "مشفى", "admin1": None, "actor1": None} for e, t in facilities]
    ctl = [{"event_id": e, "doc_id": "d", "char_start": 0, "char_end": 5, "location": place, "change": ch,
            "gained_by": g, "lost_by": lo} for e, place, ch, g, lo in control]
    st = [{"doc_id": "d", "char_start": 0, "char_end": 5, "reporter": "snhr", "period": p, "metric": m,
           "dimension": dim, "category": cat, "value": v} for p, m, dim, cat, v in statistics]
    rows = {"documents": [{"doc_id": "d", "source": "X", "published_basis": "none", "status": "ok"}],
            "events": ev, "casualties": cas, "facility_attacks": fac, "control_changes": ctl,
            "statistics": st, "unresolved_places": [], "clusters": cl}
    return load.select(load.prepare({t: schemas.frame(t, r) for t, r in rows.items()}))


def _ev(e, c="C1", adm="SY-HM", actor="russia", date="2017-09-08", scope="current", country="SY"):
    return (e, c, adm, actor, date, scope, country)


TWO = [_ev("a"), _ev("b")]


@pytest.mark.parametrize("events, casualties, clusters, killed, wounded, units, groups", [
    # the cluster's figure is its chosen mention's: 5 (a), not 7 (b) nor 12
    (TWO, [("a", "civilians", "killed", 5), ("b", "civilians", "killed", 7)], [("C1", "a", True, None)],
     5, 0, 1, {("killed", "civilians"): 5}),
    # the engine chose b (e.g. a later toll): its figure and its victim groups
    (TWO, [("a", "civilians", "killed", 5), ("b", "children", "killed", 2), ("b", "women", "killed", 6)],
     [("C1", "b", True, None)], 8, 0, 1, {("killed", "children"): 2, ("killed", "women"): 6}),
    # wounded come from wounded_event_id, another mention than the deaths
    (TWO, [("a", "civilians", "killed", 3), ("a", "civilians", "wounded", 10), ("b", "civilians", "wounded", 2)],
     [("C1", "a", True, "b")], 3, 2, 1, {("killed", "civilians"): 3, ("wounded", "civilians"): 2}),
    # executions are deaths; "killed or wounded" counts in neither
    (TWO, [("a", "combatants", "executed", 6), ("a", "unknown", "killed_or_wounded", 9)], [("C1", "a", True, None)],
     6, 0, 1, {("killed", "combatants"): 6}),
    # an implausible figure (flagged by the extraction) counts nowhere
    (TWO, [("a", "civilians", "killed", 4), ("a", "civilians", "killed", 2_000_000, 2_000_000, 2_000_000, True)],
     [("C1", "a", True, None)], 4, 0, 1, {("killed", "civilians"): 4}),
    # a cluster that does not count is left out of every total
    (TWO, [("a", "civilians", "killed", 5)], [("C1", "a", False, None)], 0, 0, 0, {}),
    # two counted clusters add up
    ([_ev("a"), _ev("b", c="C2", adm="SY-ID")], [("a", "civilians", "killed", 5), ("b", "women", "wounded", 1)],
     None, 5, 1, 2, {("killed", "civilians"): 5, ("wounded", "women"): 1}),
    # past, period totals and events abroad or in no known country are not counted
    ([_ev("a", scope="past"), _ev("b", c="C2", scope="period_total"), _ev("c", c="C3", country="IQ"),
      _ev("d", c="C4", country=None), _ev("e", c="C5")],
     [(x, "civilians", "killed", 10) for x in "abcd"] + [("e", "civilians", "killed", 1)], None, 1, 0, 1,
     {("killed", "civilians"): 1}),
])
def test_casualty_totals_follow_the_clusters(events, casualties, clusters, killed, wounded, units, groups):
    from analysis.reports import casualties as cas

    facts = cas.facts(_tables(events, casualties, clusters))
    totals = cas.totals(facts)
    assert (totals["killed"], totals["wounded"], totals["units"]) == (killed, wounded, units)
    assert facts.groupby(["measure", "group"])["value"].sum().to_dict() == groups


@pytest.mark.parametrize("casualties, expected", [
    # groups short of the figure: the rest is "unknown" (here the figure is the engine's, 9)
    ([("a", "children", "killed", 2)], {"children": 2, "unknown": 7}),
    ([("a", "women", "killed", 4), ("a", "children", "killed", 5)], {"women": 4, "children": 5}),
    # a breakdown larger than the figure gives way to one "unknown" row of the figure
    ([("a", "children", "killed", 12)], {"unknown": 9}),
])
def test_victim_groups_add_up_to_the_figure(casualties, expected):
    from analysis.reports import casualties as cas
    from analysis.reports import load

    data = _tables([_ev("a")], casualties)
    data["clusters"] = data["clusters"].assign(killed=pd.array([9], dtype="Int64"))
    facts = cas.facts(load.select(data))
    assert facts.set_index("group")["value"].to_dict() == expected


@pytest.mark.parametrize("events, collapse, killed, units", [
    (TWO, True, 5, 1), (TWO, False, 12, 2),
    ([_ev("a"), _ev("b", scope="past")], False, 12, 2),  # mentions of a counted cluster, whatever their own scope
])
def test_counting_by_mention(events, collapse, killed, units):
    from analysis.reports import casualties as cas

    data = _tables(events, [("a", "civilians", "killed", 5), ("b", "civilians", "killed", 7)], [("C1", "a", True, None)])
    totals = cas.totals(cas.facts(data, collapse=collapse))
    assert (totals["killed"], totals["units"]) == (killed, units)


@pytest.mark.parametrize("events, expected", [
    # the figure's mention names no place, perpetrator or date: borrowed from the cluster's first mention with one
    ([_ev("a", adm=None, actor=None, date=None), _ev("b", adm="SY-ID", actor="government", date="2017-09-09")],
     ["SY-ID", "government", "2017-09-09"]),
    ([_ev("a", adm=None), _ev("b", adm="SY-ID", date="2017-09-10"), _ev("c", adm="SY-HL", date="2017-09-09")],
     ["SY-HL", "russia", "2017-09-08"]),
    # nobody names a perpetrator: "unknown"; no place, no date: null (shown "Unknown")
    ([_ev("a", adm=None, actor=None, date=None)], [None, "unknown", None]),
])
def test_cluster_borrows_what_its_mention_leaves_out(events, expected):
    from analysis.reports import casualties as cas

    facts = cas.facts(_tables(events, [("a", "civilians", "killed", 2)], [("C1", "a", True, None)]))
    got = facts[["admin1", "actor1", "event_date"]].iloc[0].tolist()
    assert [None if pd.isna(v) else v for v in got] == expected


@pytest.mark.parametrize("events, clusters, reasons", [
    ([_ev("a", scope="past"), _ev("b", c="C2", scope="past")], None, {"past": 2}),
    ([_ev("a", scope="period_total"), _ev("b", c="C2", country="TR")], None, {"period_total": 1, "abroad": 1}),
    ([_ev("a", country=None), _ev("b", c="C2")], None, {"unknown_country": 1}),
    ([_ev("a")], None, {}),
    # its figure's report is current and in Syria, another report of it is not: the extraction does not count it
    ([_ev("a"), _ev("b", scope="past")], [("C1", "a", False, None)], {"mixed": 1}),
])
def test_also_mentioned_by_reason(events, clusters, reasons):
    from analysis.reports import counting

    data = _tables(events, [(e[0], "civilians", "killed", 3) for e in events], clusters)
    also = counting.also_mentioned(data["clusters"])
    assert also["events"].to_dict() == reasons
    assert int(also["killed"].sum()) == 3 * sum(reasons.values())


def test_synthetic_breakdowns_add_up(syn):
    from analysis.reports import casualties as cas

    facts = cas.facts(syn)
    assert cas.totals(facts) == {"killed": 60, "wounded": 25, "units": 7, "estimated": 40}
    assert cas.by(facts, "admin1").loc["SY-HM"].to_dict() == {"killed": 5, "wounded": 3}
    table = cas.region_table(facts)
    assert table.loc[("SY-ID", "government"), ("wounded", "civilians")] == 20
    assert table[[c for c in table.columns if c[1] == "total"]].to_numpy().sum() == 85
    assert cas.over_time(facts).sum().to_dict() == {"killed": 60, "wounded": 25}
    events = cas.events(syn, facts)
    assert events.iloc[0][["admin1", "killed", "killed_low", "killed_high", "source"]].tolist() == [
        "SY-HI", 40, 35, 45, "Shaam News Network"]
    assert events.set_index("admin1").loc["SY-HM"].iloc[0]["n_sources"] == 2


@pytest.mark.parametrize("casualties, expected", [
    ([("a", "civilians", "killed", 3), ("a", "children", "killed", 2), ("a", "women", "killed", 1)],
     {"civilians_total": 6, "children": 2, "women": 1}),
    ([("a", "combatants", "killed", 9), ("a", "children", "killed", 1)], {"civilians_total": 1, "children": 1, "women": 0}),
    ([("a", "civilians", "wounded", 9)], None),
])
def test_civilians_view(casualties, expected):
    from analysis.reports import casualties as cas

    table = cas.civilians(cas.facts(_tables([_ev("a", actor="government")], casualties)))
    if expected is None:
        assert list(table.index) == ["total"] and table.loc["total"].sum() == 0
    else:
        assert table.loc["government"].to_dict() == expected == table.loc["total"].to_dict()


@pytest.mark.parametrize("dates, rows", [
    (["2017-09-01", "2017-09-20"], {"2017-09": 2, "total": 2}),
    (["2017-08-31", "2017-09-01", None], {"2017-08": 1, "2017-09": 1, "total": 2}),
    ([None], {}),
])
def test_monthly_table(dates, rows):
    from analysis.reports import casualties as cas

    events = [_ev(f"e{i}", c=f"C{i}", date=d) for i, d in enumerate(dates)]
    table = cas.monthly(cas.facts(_tables(events, [(f"e{i}", "civilians", "killed", 1) for i in range(len(dates))])))
    assert table["killed_total"].to_dict() == rows


@pytest.mark.parametrize("dates, code", [
    (["2017-09-01", "2017-09-20"], "D"), (["2017-09-01", "2017-12-01"], "W"), (["2016-01-01", "2017-12-01"], "M"),
    ([], "D")])
def test_over_time_period(dates, code):
    from analysis.reports import timeaxis

    facts = pd.DataFrame({"unit": [f"u{i}" for i in range(len(dates))], "event_date": pd.Series(dates, dtype="string")})
    assert timeaxis.period_code(facts) == code


def _days(start: str, n: int) -> list[str]:
    return [d.date().isoformat() for d in pd.date_range(start, periods=n)]


@pytest.mark.parametrize("dates, window, outside", [
    # a month of events and one misdated in 2008: the axis spans the month, and says it left one off
    (_days("2015-07-10", 40) + ["2008-02-01"], ("2015-07-10", "2015-08-17"), 2),
    (_days("2015-07-10", 40) + ["2008-02-01", "2015-12-01"], ("2015-07-10", "2015-08-18"), 2),
    # evenly spread: every date stays
    (_days("2015-01-01", 60), None, 0),
    # too few events to call any an outlier
    (_days("2015-07-10", 5) + ["2008-02-01"], None, 0),
])
def test_outliers_do_not_stretch_the_time_axis(dates, window, outside):
    from analysis.reports import timeaxis

    facts = pd.DataFrame({"unit": [f"u{i}" for i in range(len(dates))], "event_date": pd.Series(dates, dtype="string"),
                          "value": 1})
    assert timeaxis.window(facts) == window
    off = timeaxis.off_axis(facts)
    assert off["outside"] == outside and len(timeaxis.on_axis(facts)) == len(dates) - outside


def test_facilities(syn):
    from analysis.reports import facilities, monitors

    facts = facilities.facts(syn)  # homes hit in C1 are reported twice: counted once; C12's are not counted
    assert facilities.totals(facts) == {"n": 5, "units": 5, "snhr": 4, "apart": 1}
    assert len(facilities.facts(syn, collapse=False)) == 6
    snhr = facilities.type_by_actor(facts)
    assert snhr.loc["total", "total"] == 4 and snhr.loc["medical", "government"] == 1
    assert snhr.loc["humanitarian", "unknown"] == 1  # no perpetrator named: "unknown", never a crash
    assert list(facilities.type_by_actor(facts, snhr=False).index) == ["residential", "total"]
    assert facilities.by_month_region(facts).loc["2017-09", "SY-HM"] == 1
    cmp = monitors.compare(syn, facts, "facility_attacks").set_index("category")
    # SNHR's "other" is every perpetrator it does not name: the unknown ones
    assert cmp[["reported", "ours"]].to_dict("index") == {
        "2017-09": {"reported": 48, "ours": 3}, "government": {"reported": 21, "ours": 1},
        "russia": {"reported": 5, "ours": 1}, "other": {"reported": 7, "ours": 1},
        "medical": {"reported": 6, "ours": 0}}


@pytest.mark.parametrize("missing", [{"actor": None}, {"adm": None}, {"date": None},
                                     {"actor": None, "adm": None, "date": None}])
def test_a_facility_with_something_missing_is_unknown(missing):
    """A missing perpetrator, place or date never crashes a table: it is named "Unknown"."""
    from analysis.reports import facilities, html

    facts = facilities.facts(_tables([_ev("a", **missing)], facilities=[("a", "medical")]))
    for table, index in ((facilities.type_by_actor(facts), True), (facilities.by_month_region(facts), True),
                         (facilities.incidents(facts), False)):
        for lang in ("en", "ar"):
            out = html.table(table, lang, index=index)
            assert "<td" in out or "report-note" in out
    assert facilities.type_by_actor(facts).loc["medical"].sum() == 2  # one hit, and its total


@pytest.mark.parametrize("control, expected", [
    # captures move a place; a siege moves nothing
    ([("a", "قرية", "captured", "government", "isis"), ("a", "بلدة", "besieged", "opposition", "government")],
     {"government": (1, 0, 1), "isis": (0, 1, -1)}),
    # a withdrawal with no one named as taking over is a loss only
    ([("a", "قرية", "withdrawal", None, "isis")], {"isis": (0, 1, -1)}),
    # the same place reported twice in one event counts once
    ([("a", "حي", "captured", "sdf", "isis"), ("b", "حي", "captured", "sdf", "isis")], {"sdf": (1, 0, 1), "isis": (0, 1, -1)}),
])
def test_control_net(control, expected):
    from analysis.reports import control as ctl

    net = ctl.net(ctl.facts(_tables(TWO, control=control)))
    assert {k: tuple(v) for k, v in net.iterrows()} == expected


def test_control_places_take_gazetteer_coordinates(syn):
    from analysis.reports import control

    facts = control.facts(syn).set_index("location")
    assert facts.loc["الشولا", "latitude"] == 35.15  # from its gazetteer id
    assert pd.isna(facts.loc["حي الثكنة", "latitude"])  # a place the gazetteer does not know
    assert control.by_period(facts.reset_index()).to_numpy().sum() == len(facts)


@pytest.mark.parametrize("kwargs, clusters", [
    ({}, 16), ({"start": "2017-09-09"}, 8), ({"end": "2017-09-02"}, 4),
    ({"governorates": ["SY-HM"]}, 3), ({"governorates": "SY-HM, sy-ra"}, 4),
    ({"start": "2017-09-01", "end": "2017-09-30", "governorates": ["SY-HM"]}, 2),
    ({"start": "2030-01-01"}, 0), ({"governorates": ["SY-QU"]}, 0),
])
def test_select(syn, kwargs, clusters):
    from analysis.reports import load

    sel = load.select(syn, **kwargs)
    assert len(sel["clusters"]) == clusters
    assert set(sel["events"]["cluster_id"]) == set(sel["clusters"]["cluster_id"])
    ids = set(sel["events"]["event_id"])
    for t in load.EVENT_CHILDREN:
        assert set(sel[t]["event_id"]) <= ids
    assert len(sel["documents"]) == 5  # documents are never filtered


@pytest.mark.parametrize("kwargs, message", [
    ({"start": "9/9/2017"}, "ISO date"), ({"end": "2017-13-01"}, "ISO date"),
    ({"governorates": ["SY-XX"]}, "unknown governorate"), ({"governorates": "Hama"}, "unknown governorate")])
def test_select_rejects_bad_parameters(syn, kwargs, message):
    from analysis.reports import load

    with pytest.raises(ValueError, match=message):
        load.select(syn, **kwargs)


@pytest.mark.parametrize("period, dimension, category, expected", [
    ("2017-09", "total", "2017-09", "2017-09"), (None, "total", "2017-08", "2017-08"),
    (None, "total", "all", None), (None, "perpetrator", "government", None), ("2017", "total", "all", "2017")])
def test_monitor_periods(period, dimension, category, expected):
    from analysis.reports import monitors

    assert monitors.period_of(period, dimension, category) == expected


def test_monitor_figures_without_a_period_are_not_compared(syn):
    from analysis.reports import casualties, monitors

    cmp = monitors.compare(syn, casualties.facts(syn), "killed", measure="killed").set_index("category")
    assert pd.isna(cmp.loc["all", "ours"]) and pd.isna(cmp.loc["all", "period"])
    assert cmp.loc["civilians", "ours"] == 15  # September's civilian deaths in counted events
    assert set(cmp["published"]) == {"2017-09-01"} and set(cmp["source"]) == {"SNHR"}


@pytest.mark.parametrize("killed, flagged, listed", [
    ([5, 7], True, True),     # different numbers: listed
    ([5, 5], True, False),    # flagged, but the numbers agree (e.g. munitions differ): not listed
    ([5, None], True, False),  # one states no number: nothing disagrees
    ([5, 7], False, False),   # a toll update the extraction does not flag
])
def test_conflicts_only_where_numbers_differ(killed, flagged, listed):
    from analysis.reports import quality

    cas = [(e, "civilians", "killed", k) for e, k in zip("ab", killed) if k is not None]
    data = _tables(TWO, cas, [("C1", "a", True, None)])
    data["clusters"] = data["clusters"].assign(count_conflict=pd.array([flagged], dtype="boolean"))
    assert (len(quality.conflicting_mentions(data)) == 2) is listed


def test_quality(syn):
    from analysis.reports import quality

    assert quality.summary(syn) == {"failed": 2, "unresolved": 1, "nogov": 2, "conflicts": 1}
    for df in (quality.conflicting_mentions(syn), quality.without_governorate(syn), quality.unresolved_places(syn)):
        assert quality.has_provenance(df)
    assert quality.governorate_basis(syn)["events"].to_dict() == {"gazetteer": 10, "none": 2}
    assert not quality.has_provenance(pd.DataFrame({"doc_id": ["d"], "char_start": [None], "char_end": [3]}))


def test_tables_without_clusters_say_what_to_do(tmp_path):
    from analysis.reports import counting, load

    rows = synthetic_rows()
    data = {t: schemas.frame(t, r) for t, r in rows.items()}
    with pytest.raises(counting.MissingClusters, match="extract them again"):
        load.prepare(dict(data, clusters=schemas.frame("clusters")))
    with pytest.raises(FileNotFoundError, match="extract"):
        load.read_tables(tmp_path)


# --- labels, escaping, Arabic ---------------------------------------------------------------

@pytest.mark.parametrize("kind, key, lang, expected", [
    ("actors", "government", "en", "Government forces"), ("actors", "isis", "ar", "تنظيم الدولة"),
    ("governorates", "SY-HM", "ar", "حماة"), ("governorates", None, "en", "Unknown"),
    ("governorates", "unknown", "ar", "غير معروف"), ("actors", None, "ar", "غير معروف"),
    ("facility_types", "medical", "ar", "منشآت طبية"), ("actors", pd.NA, "en", "Unknown"),
    ("category", "russia", "en", "Russia"), ("category", "2017-09", "en", "2017-09"),
    ("reporters", "sohr", "en", "Syrian Observatory for Human Rights (SOHR)"), ("reporters", "snhr", "ar",
                                                                                 "الشبكة السورية لحقوق الإنسان"),
    ("countries", "IQ", "en", "Iraq"), ("countries", "KW", "ar", "الكويت"), ("scopes", "past", "en", "Past"), ("reasons", "abroad", "en", "Happened outside Syria"),
])
def test_label_names(kind, key, lang, expected):
    from analysis.reports import labels

    assert labels.name(kind, key, lang) == expected


def test_every_monitor_and_text_entry_is_named():
    """Both languages for every entry; every reporter the extraction knows has a name."""
    from analysis.lexicon import load_lexicon
    from analysis.reports import labels

    text = labels.text()
    assert {*load_lexicon("statistics")["reporters"], "unattributed"} <= set(text["reporters"])
    from analysis.reports import counting

    assert set(counting.REASONS) == set(text["reasons"])
    for report in ("casualties_by_region", "civilian_facilities", "territorial_control"):
        assert {f"{report}.intro", f"{report}.also"} <= set(text["prose"])


@pytest.mark.parametrize("locations, ids, lang, expected", [
    (["اللطامنة", "حرستا"], ["sy-hm-latamneh", "sy-rd-harasta"], "en", ["al-Latamneh", "Harasta"]),
    (["اللطامنة"], ["sy-hm-latamneh"], "ar", ["اللطامنة"]),
    (["تل الصوان"], [None], "en", ["تل الصوان"]),     # not in the gazetteer: as written
    (["مكان"], ["no-such-id"], "en", ["مكان"]),
    ([None], [None], "en", ["Unknown"]), ([None], [None], "ar", ["غير معروف"]),
])
def test_place_names_in_the_page_language(locations, ids, lang, expected):
    from analysis.reports import labels

    assert labels.places(pd.Series(locations), pd.Series(ids), lang) == expected


def test_present_translates_and_points_to_source():
    from analysis.reports import labels

    df = pd.DataFrame({"admin1": ["SY-ID"], "actor1": ["russia"], "killed": [3], "doc_id": ["d1"],
                       "char_start": [5], "char_end": [9]})
    assert labels.present(df, "ar").to_dict("records") == [
        {"المحافظة": "إدلب", "الجهة المسؤولة": "روسيا", "قتلى": 3, "الوثيقة وموضع النص": "d1 [5–9]"}]
    with pytest.raises(ValueError):
        labels.ui("killed", "fr")


@pytest.mark.parametrize("text, expected", [
    (SCRIPT, "\\<script\\>alert\\(1\\)\\</script\\>"),
    ("**قتلى**", "\\*\\*قتلى\\*\\*"),
    ("[click](javascript:x)", "\\[click\\]\\(javascript\\:x\\)"),
    ("# 5 & <b>", "\\# 5 \\& \\<b\\>"),
])
def test_escape_markdown(text, expected):
    from analysis.reports import html

    assert html.escape_markdown(text) == expected
    rendered = html.markdown(html.escape_markdown(text))
    assert "<script" not in rendered and "<b>" not in rendered and "<a " not in rendered and "<strong>" not in rendered


@pytest.mark.parametrize("url, linked", [
    ("https://example.org/a?b=1&c=2", True), ("http://x.example/", True), ("javascript:alert(1)", False),
    ("file:///etc/passwd", False), ("data:text/html,<b>", False), ("", False), (None, False)])
def test_only_web_addresses_become_links(url, linked):
    from analysis.reports import html

    assert (html.safe_url(url) is not None) is linked


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_table_of_the_reports_renders(syn, lang):
    """Every table a page shows, with its missing places, perpetrators and dates, in both languages."""
    from analysis.reports import casualties, control, counting, facilities, html, monitors, quality

    cf, ff, tf = casualties.facts(syn), facilities.facts(syn), control.facts(syn)
    indexed = [casualties.civilians(cf), casualties.region_table(cf), casualties.monthly(cf), casualties.by(cf, "admin1"),
               facilities.type_by_actor(ff), facilities.type_by_actor(ff, snhr=False), facilities.by_month_region(ff),
               control.net(tf), counting.also_mentioned(syn["clusters"]), quality.governorate_basis(syn)]
    flat = [monitors.compare(syn, cf, "killed"), quality.failed_documents(syn), quality.unresolved_places(syn)]
    for df in indexed:
        assert "<tbody>" in html.table(df, lang, index=True)
    for df in flat:
        assert "<tbody>" in html.table(df, lang)
    out = html.table(casualties.region_table(cf), lang, index=True)
    assert labels_unknown(lang) in out  # C7 has no governorate


def labels_unknown(lang):
    from analysis.reports import labels

    return labels.ui("unknown", lang)


def test_tables_escape_document_text(syn):
    from analysis.reports import casualties, html, quality

    for out in (html.event_list(quality.without_governorate(syn), "en", ["event_date", "sub_event_type"]),
                html.event_list(casualties.events(syn, casualties.facts(syn)), "ar", ["event_date", "killed"])):
        assert "<script>" not in out and "javascript:" not in out


@pytest.mark.parametrize("best, low, high, estimate, shown", [
    (12, 12, 12, False, "12"), (12, 10, 15, True, "≈12<br><span class=\"range\">10–15</span>"),
    (3, 3, None, True, "≈3<br><span class=\"range\">≥3</span>"), (None, None, None, None, "—"),
    (1200, 1000, 1500, True, "≈1,200<br><span class=\"range\">1,000–1,500</span>")])
def test_estimates_are_marked_with_their_range(best, low, high, estimate, shown):
    from analysis.reports import html

    assert shown in html.figure_text(best, low, high, estimate)


@pytest.mark.parametrize("value, lang, expected", [
    ("2015-07-21", "ar", "\u20682015-07-21\u2069"), ("2015-07-21", "en", "2015-07-21"), (5, "ar", "5"),
    ("1,391", "ar", "1,391"), ("2015-07-21 – 2015-08-11", "ar", "\u20682015-07-21 – 2015-08-11\u2069"),
    ("10–15", "ar", "\u206810–15\u2069"), ("كامل المدونة", "ar", "كامل المدونة")])
def test_values_keep_their_order_in_arabic_sentences(value, lang, expected):
    from analysis.reports import html, labels

    assert labels.isolate(value, lang) == expected
    if isinstance(value, int) or value == "1,391":  # a count stays bold in both places of the sentence
        assert html.sentence("casualties_totals", lang, killed=value, wounded=value, units=1, estimated=0).count(
            "<strong>") == 2


def test_arabic_for_charts(monkeypatch):
    import arabic_reshaper
    from bidi.algorithm import get_display

    from analysis.reports import arabic

    assert arabic.for_chart("Hama 12") == "Hama 12"
    assert isinstance(arabic.engine_shapes(), bool)
    monkeypatch.setattr(arabic, "engine_shapes", lambda font="": False)  # matplotlib < 3.11
    assert arabic.for_chart("حماة") == get_display(arabic_reshaper.reshape("حماة"))
    monkeypatch.setattr(arabic, "engine_shapes", lambda font="": True)  # libraqm shapes by itself
    assert arabic.for_chart("حماة") == "حماة"


def test_chart_font_has_every_arabic_letter_of_the_labels():
    import matplotlib.font_manager as fm
    from matplotlib.ft2font import FT2Font

    from analysis import config
    from analysis.reports import charts

    font = fm.findfont(charts.FONT, fallback_to_default=False)
    chars = set(FT2Font(font).get_charmap())
    for name in ("labels.yaml", "report_text.yaml"):
        text = (config.LEXICON_DIR / name).read_text(encoding="utf-8")
        arabic = {c for c in text if "\u0600" <= c <= "\u06ff"}
        assert arabic and not {c for c in arabic if ord(c) not in chars}


# --- charts and maps ----------------------------------------------------------------------

def _labels_overlap(fig, axis: str) -> bool:
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        ticks = (ax.get_xticklabels() if axis == "x" else ax.get_yticklabels())
        boxes = [t.get_window_extent(renderer) for t in ticks if t.get_text()]
        if any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:]):
            return True
    return False


def test_charts_draw_the_table_totals(syn):
    from analysis.reports import casualties, charts, control, facilities

    facts = casualties.facts(syn)
    for lang in ("en", "ar"):
        assert charts.drawn_total(charts.casualties_by(facts, "admin1", lang)) == 85
        assert charts.drawn_total(charts.casualties_over_time(facts, lang)) == 85
        assert charts.drawn_total(charts.civilians(casualties.civilians(facts), lang)) == 20
    assert charts.drawn_total(charts.facilities_by_actor(facilities.facts(syn), "en")) == 5
    cf = control.facts(syn)
    assert charts.drawn_total(charts.control_timeline(cf, "ar")) == 5
    assert charts.drawn_total(charts.control_net(control.net(cf), "en")) == -1
    empty = casualties.facts(load_empty(syn))
    assert charts.drawn_total(charts.casualties_by(empty, "admin1", "en")) == 0
    assert charts.drawn_total(charts.casualties_over_time(empty, "ar")) == 0


def load_empty(data):
    return {t: df.iloc[0:0] for t, df in data.items()}


@pytest.mark.parametrize("scale", [1, 37, 2_400, 24_000, 1_300_000])
def test_value_ticks_are_few_whole_and_apart(scale):
    """Ticks of any size do not overlap ("06000120001800024000") and are never fractions."""
    from analysis.reports import charts

    wide = pd.DataFrame({"civilians": [scale, scale // 3, 1]}, index=["SY-HL", "SY-ID", "SY-HM"])
    fig, axes = charts.figure(10, 3, ncols=2)
    for ax in axes:
        charts.stacked_bars(ax, wide, "governorates", "victim_groups", "en", "People")
    assert not _labels_overlap(fig, "x")
    for ax in axes:
        assert all(float(t).is_integer() for t in ax.get_xticks())


@pytest.mark.parametrize("dates", [
    ["2017-09-08"], ["2017-09-08", "2017-09-09"], ["2015-07-01", "2015-08-31"],
    ["2012-09-01", "2013-01-15", "2014-01-20"], ["2010-01-01", "2020-12-31"]])
def test_time_axes_are_real_dates_without_hours(dates):
    """Bars sit at their dates (a 2012-09 → 2013-01 gap stays a gap); ticks are days at the finest."""
    from analysis.reports import casualties, charts, timeaxis

    events = [_ev(f"e{i}", c=f"C{i}", date=d) for i, d in enumerate(dates)]
    facts = casualties.facts(_tables(events, [(f"e{i}", "civilians", "killed", 2) for i in range(len(dates))]))
    fig = charts.casualties_over_time(facts, "en")
    fig.canvas.draw()
    ax = fig.axes[0]
    lo, hi = ax.get_xlim()
    assert hi - lo >= charts.MIN_SPAN_DAYS
    bars = sorted(p.get_x() for p in ax.patches)
    expected = sorted(mdates.date2num(p) for p in timeaxis.with_period(facts)["period"].unique())
    assert bars == pytest.approx(expected)
    labels_ = [t.get_text() for t in fig.axes[-1].get_xticklabels()]  # the bottom panel (no wounded here)
    assert labels_ and not any(":" in t for t in labels_)
    assert not _labels_overlap(fig, "x")


def test_maps(syn):
    from analysis import taxonomy as tx
    from analysis.reports import control, maps

    assert set(maps.centroids()) == set(tx.ADMIN1)
    values = pd.Series({"SY-HM": 5.0, "SY-ID": 12.0, None: 7.0})
    fig = maps.choropleth(values, "map_killed", "colorbar_killed", "ar")
    drawn = maps.drawn_values(fig)
    assert drawn["SY-HM"] == 5 and drawn["SY-ID"] == 12 and sum(drawn.values()) == 17
    bar = fig.axes[-1]  # the colour bar: titled, whole-number ticks
    assert bar.get_ylabel() and all(float(t).is_integer() for t in bar.get_yticks())
    assert fig.get_figwidth() * 200 >= 1800  # sharp enough to print
    cf = control.facts(syn)
    placed = cf["latitude"].notna()
    fig = maps.control_map(cf, "en")
    assert maps.drawn_points(fig) == placed.sum() == 2  # only places with coordinates are points
    assert sum(maps.drawn_values(fig).values()) == (~placed & cf["admin1"].notna()).sum() == 3


# --- running the reports --------------------------------------------------------------------

@pytest.mark.parametrize("name, params, stem", [
    ("casualties_by_region", {"lang": "en", "governorates": ["SY-HM"], "start": "2017-09-01", "end": "2017-09-30"},
     "casualties_by_region__lang-en__gov-SY-HM__2017-09"),
    ("civilian_facilities", {"lang": "ar", "start": "2017-09-05", "end": "2017-09-05"},
     "civilian_facilities__lang-ar__2017-09-05"),
    ("territorial_control", {"start": "2017-09-01", "collapse_duplicates": False},
     "territorial_control__lang-en__from-2017-09-01__mentions"),
    ("casualties_by_region", {"governorates": "sy-id,SY-HM", "end": "2017-09-30"},
     "casualties_by_region__lang-en__gov-SY-HM+SY-ID__to-2017-09-30"),
])
def test_output_names(name, params, stem):
    from analysis.reports import render

    assert render.output_stem(name, params) == stem


def test_grid_file(tmp_path):
    from analysis import config
    from analysis.reports import render

    runs = render.grid(config.PROJECT_ROOT / "reports.yml")
    assert {n for n, _ in runs} == {"casualties_by_region", "civilian_facilities", "territorial_control"}
    assert ("casualties_by_region", {"lang": "en", "start": "2017-09-01", "end": "2017-09-30",
                                     "governorates": ["SY-DI", "SY-RD"]}) in runs


@pytest.mark.parametrize("text, message", [
    ("runs:\n  - reports: [casualties_by_region]\n    per_month: [2017-9]\n", "per_month"),
    ("runs:\n  - reports: [nope]\n", "runs/0/reports"),
    ("runs:\n  - reports: all\n    params: {{out_dir: /etc}}\n", "runs/0/params"),
    ("runs: [\n", "not plain YAML data"),
    ("runs:\n  - reports: !!python/object/apply:os.system [\"touch {marker}\"]\n", "not plain YAML data"),
    ("!!python/object/new:pathlib.Path [x]\n", "not plain YAML data"),
    ("runs:\n  - reports: all\n    params: !!binary aGVsbG8=\n", "runs/0/params"),
])
def test_bad_grid_files_give_one_line(tmp_path, capsys, text, message):
    """Schema errors and YAML tags: one clear line, exit 2, nothing constructed or run."""
    from analysis.cli import main

    marker = tmp_path / "ran"
    grid = tmp_path / "grid.yml"
    grid.write_text(text.format(marker=marker), encoding="utf-8")
    assert main(["report", "--grid", str(grid), "--tables", str(tmp_path), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not marker.exists()


@pytest.mark.parametrize("key, raw, value", [
    ("collapse_duplicates", "false", False), ("collapse_duplicates", "True", True),
    ("governorates", "SY-HM,SY-ID", ["SY-HM", "SY-ID"]), ("governorates", "[SY-HM]", ["SY-HM"]),
    ("governorates", "SY-HM SY-ID", ["SY-HM", "SY-ID"]), ("start", "2017-09-01", "2017-09-01"),
    ("tables", "!!python/object/apply:os.system [ls]", "!!python/object/apply:os.system [ls]"),  # a path, never parsed
])
def test_cli_parameters_are_typed(key, raw, value):
    from analysis.reports import render

    assert render.coerce("casualties_by_region", key, raw) == value


@pytest.mark.parametrize("key, raw, message", [
    ("collapse_duplicates", "!!python/object/apply:os.system [ls]", "not plain YAML data"),
    ("collapse_duplicates", "maybe", "true or false"),
    ("governorates", "[!!python/object/apply:os.system [ls]]", "not plain YAML data"),
    ("governorates", "[{a: 1}]", "list of words"),
    ("out_dir", "x", "set by --out"), ("nope", "1", "no parameter"),
])
def test_bad_cli_parameters_give_one_line(tmp_path, capsys, key, raw, message):
    from analysis.cli import main

    assert main(["report", "casualties_by_region", "-p", key, raw, "--tables", str(tmp_path),
                 "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("params, expected", [
    ({"tables": "data/processed"}, {"tables": "{cwd}/data/processed"}),
    ({"out_dir": "reports"}, {"out_dir": "{cwd}/reports"}),
    ({"inputs": ["a.txt", "sub/b.jsonl"]}, {"inputs": ["{cwd}/a.txt", "{cwd}/sub/b.jsonl"]}),
    ({"tables": "/abs/t", "lang": "ar"}, {"tables": "/abs/t", "lang": "ar"}),
    ({"tables": "", "inputs": []}, {"tables": "", "inputs": []}),
])
def test_relative_paths_are_the_callers(tmp_path, params, expected):
    from analysis.reports import render

    cwd = tmp_path.resolve()
    want = {k: [x.format(cwd=cwd) for x in v] if isinstance(v, list) else v.format(cwd=cwd)
            for k, v in expected.items()}
    assert render.resolve(params, cwd) == want


def test_a_report_run_writes_where_its_caller_is(synthetic_dir, tmp_path, monkeypatch):
    """Relative --tables and --out from the working directory; nothing lands beside the notebooks."""
    import shutil

    from analysis.cli import main
    from analysis.reports import render

    shutil.copytree(synthetic_dir, tmp_path / "tables")
    monkeypatch.chdir(tmp_path)
    before = set(render.NOTEBOOKS.iterdir())
    assert main(["report", "territorial_control", "--tables", "tables", "--out", "out", "-p", "lang", "ar"]) == 0
    assert (tmp_path / "out" / "territorial_control__lang-ar.html").is_file()
    assert (tmp_path / "out" / "territorial_control__lang-ar" / "events.csv").is_file()
    assert set(render.NOTEBOOKS.iterdir()) == before


def test_one_failed_report_is_named_and_the_others_render(synthetic_dir, tmp_path, monkeypatch, capsys):
    from analysis.cli import main
    from analysis.reports import render

    real = render.run

    def run(name, params, out, cwd=None):
        if name == "civilian_facilities":
            raise TypeError("boolean value of NA is ambiguous")
        return tmp_path / f"{name}.html" if params["lang"] == "ar" else real(name, params, out, cwd)

    monkeypatch.setattr(render, "run", run)
    assert main(["report", "--all", "--tables", str(synthetic_dir), "--out", str(tmp_path / "o"),
                 "-p", "lang", "en"]) == 1
    out, err = capsys.readouterr()
    assert "FAILED civilian_facilities {'lang': 'en'}: TypeError: boolean value of NA is ambiguous" in err
    assert out.count(".html") == 2 and "1 of 3 reports failed" in err


def test_notebooks_are_thin_clean_and_share_their_parameters():
    """One `parameters` cell of literals, the same in every notebook; no outputs; no functions."""
    import ast

    import nbformat

    from analysis.reports import REPORTS, render

    sources = {}
    for name in REPORTS:
        nb = nbformat.read(render.notebook(name), as_version=4)
        cells = [c for c in nb.cells if c.cell_type == "code"]
        params = [c for c in cells if "parameters" in c.metadata.get("tags", [])]
        assert len(params) == 1 and cells[0] is params[0]
        for stmt in ast.parse(params[0].source).body:
            assert isinstance(stmt, ast.Assign) and ast.literal_eval(stmt.value) is not None
        sources[name] = params[0].source
        assert all(not c.outputs and c.execution_count is None for c in cells)
        assert not [c for c in nb.cells if c.cell_type == "markdown"]  # prose comes in one language from the package
        tree = ast.parse("\n".join(c.source for c in cells))
        assert not [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.Lambda, ast.ClassDef))]
        assert sum("report.quality()" in c.source for c in cells) == 1  # the shared section: one call
    assert len(set(sources.values())) == 1


def test_notebooks_and_page_assets_ship_with_the_package():
    import tomllib
    from importlib.metadata import entry_points

    from analysis import config
    from analysis.reports import REPORTS, exporter, render

    data = tomllib.loads((config.PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = data["tool"]["setuptools"]["package-data"]["analysis"]
    assert "reports/notebooks/*.ipynb" in shipped and "reports/assets/*" in shipped
    assert render.NOTEBOOKS.parent == config.PACKAGE_DIR / "reports"
    assert all(render.notebook(n).is_file() for n in REPORTS)
    assert (exporter.ASSETS / "report.js").is_file()
    assert "report" in {e.name for e in entry_points(group="nbconvert.exporters")}


def test_report_files_defuse_formulas(tmp_path, monkeypatch):
    """A quote a spreadsheet would run (=HYPERLINK(…)) reaches the report's CSV files as text."""
    import csv

    from analysis.cli import main

    formula = '=HYPERLINK("http://example.com","x")'
    rows = synthetic_rows()
    for r in rows["events"]:
        r["text"] = formula
    write_synthetic(tmp_path / "tables", rows)
    assert main(["report", "casualties_by_region", "--tables", str(tmp_path / "tables"), "--out",
                 str(tmp_path / "out"), "-p", "lang", "en"]) == 0
    cells = [c for f in (tmp_path / "out").rglob("*.csv") for row in csv.reader(f.open(encoding="utf-8"))
             for c in row]
    assert "'" + formula in cells and not any(c.startswith(("=", "+", "@")) for c in cells)
