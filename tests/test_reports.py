"""Reports: aggregations, labels and escaping on synthetic tables; one rendered HTML page per language.

The synthetic corpus (`synthetic_rows`) is what the extraction engine will produce on real
bulletins: Arabic sentences in several governorates, one event reported twice with
different counts, facilities, control changes with and without coordinates, a monitor's
statistics, failed documents and a sentence carrying markup that must come out escaped.
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import schemas
from analysis.store import TableStore

SCRIPT = "<script>alert(1)</script>"


def _event(doc, start, text, date, sub, actor1, admin1, location, cluster, conflict=False, **kw):
    end = start + len(text)
    return {"event_id": f"{doc}:{start}-{end}", "doc_id": doc, "char_start": start, "char_end": end,
            "text": text, "event_date": date, "date_precision": "day",
            "event_type": schemas.tx.SUB_EVENT_TYPES[sub], "sub_event_type": sub, "actor1": actor1,
            "admin1": admin1, "location": location, "cluster_id": cluster, "count_conflict": conflict,
            "civilian_targeting": actor1 != "isis", "scope": "current", "country": "SY",
            "admin1_basis": "gazetteer", "toll_update": False, **kw}


def _cas(event, group, outcome, best, party=None):
    return {"event_id": event["event_id"], "doc_id": event["doc_id"], "char_start": event["char_start"],
            "char_end": event["char_end"], "group": group, "party": party, "outcome": outcome,
            "low": best, "best": best, "high": best, "quantity_text": str(best), "implausible": False}


def synthetic_rows() -> dict[str, list[dict]]:
    """Rows of every table, as the engine writes them (see the module docstring)."""
    docs = [
        {"doc_id": "shaam_0909", "source": "Shaam News Network", "published": "2017-09-09",
         "published_basis": "metadata", "path": "shaam_0909.txt", "n_chars": 9000, "status": "ok"},
        {"doc_id": "enab_0920", "source": "Enab Baladi", "published": "2017-09-20",
         "published_basis": "metadata", "path": "enab_0920.txt", "n_chars": 5000, "status": "ok"},
        {"doc_id": "snhr_0901", "source": "SNHR", "published": "2017-09-01", "published_basis": "text",
         "path": "snhr_0901.txt", "n_chars": 3000, "status": "ok"},
        {"doc_id": "broken", "source": None, "published": None, "published_basis": "none",
         "path": "broken.txt", "n_chars": 0, "status": "decode_error", "error": "undecodable bytes"},
        {"doc_id": "blank", "published_basis": "none", "path": "blank.txt", "n_chars": 0,
         "status": "empty", "error": "no text"},
    ]
    e = [
        _event("shaam_0909", 100, "قصف الطيران الروسي بلدة اللطامنة بريف حماة الشمالي ما أدى لاستشهاد 5 مدنيين بينهم طفلان",
               "2017-09-08", "air_drone_strike", "russia", "SY-HM", "اللطامنة", "C1", True,
               actor1_text="الطيران الروسي", latitude=35.32, longitude=36.62, location_id="gn:1"),
        _event("enab_0920", 40, "استشهد 7 مدنيين في غارات روسية على اللطامنة", "2017-09-08",
               "air_drone_strike", "russia", "SY-HM", "اللطامنة", "C1", True),
        _event("shaam_0909", 400, "قتل 12 مدنياً وجرح 20 آخرون بقصف جوي على سوق مدينة إدلب",
               "2017-09-05", "air_drone_strike", "government", "SY-ID", "إدلب", "C2"),
        _event("shaam_0909", 600, "استشهد الطفل محمد برصاص قناصة الأسد في حرستا", "2017-09-09",
               "attack", "government", "SY-RD", "حرستا", "C3"),
        _event("shaam_0909", 0, "ما أسفر عن سقوط حوالي 40 قتيلا من قوات الأسد في حميمة", "2017-09-09",
               "armed_clash", "isis", "SY-HI", "حميمة", "C4", claimed_by="وكالة أعماق"),
        _event("enab_0920", 300, "سيطرت قوات الأسد على قرية الشولا جنوب دير الزور", "2017-09-03",
               "government_regains_territory", "government", "SY-DY", "الشولا", "C5",
               location_id="gn:2", latitude=35.05, longitude=40.2),
        _event("enab_0920", 500, "سيطرت قسد على حيي البدو والثكنة في الرقة", "2017-09-15",
               "non_state_actor_overtakes_territory", "sdf", "SY-RA", "الرقة", "C6"),
        _event("shaam_0909", 900, "قسد تسيطر على حي البدو والثكنة", "2017-09-15",
               "non_state_actor_overtakes_territory", "sdf", "SY-RA", "الرقة", "C6"),
        _event("enab_0920", 800, f"انفجار عبوة ناسفة {SCRIPT} قرب الحدود", "2017-09-16",
               "remote_explosive_landmine_ied", "unknown", None, None, "C7"),
        _event("shaam_0909", 1200, "استهدفت قوات الأسد مشفى اللطامنة بقذائف المدفعية ما أدى لجرح 3 مدنيين",
               "2017-08-28", "shelling_artillery_missile_attack", "government", "SY-HM", "اللطامنة", "C8"),
        _event("enab_0920", 1000, "حاصرت فصائل المعارضة بلدة صيدا في ريف درعا الشرقي", "2017-09-12",
               "armed_clash", "opposition", "SY-DR", "صيدا", "C9"),
        _event("enab_0920", 1300, "استهدف الطيران الحربي مدرسة في بلدة الأتارب ما أدى لمقتل طفلين",
               "2017-09-18", "air_drone_strike", "unknown", "SY-HL", "الأتارب", "C10"),
        _event("enab_0920", 1500, "انسحب تنظيم الدولة من قرية عقيربات بريف حماة الشرقي", "2017-09-02",
               "non_violent_transfer_of_territory", "isis", "SY-HM", "عقيربات", "C11"),
    ]
    cas = [_cas(e[0], "civilians", "killed", 3), _cas(e[0], "children", "killed", 2),
           _cas(e[1], "civilians", "killed", 7),
           _cas(e[2], "civilians", "killed", 12), _cas(e[2], "civilians", "wounded", 20),
           _cas(e[3], "children", "killed", 1),
           _cas(e[4], "combatants", "killed", 40, party="government"),
           _cas(e[8], "unknown", "wounded", 2), _cas(e[9], "civilians", "wounded", 3),
           _cas(e[11], "children", "killed", 2)]
    for ev in e:
        mine = [c for c in cas if c["event_id"] == ev["event_id"]]
        for m, outcomes in (("killed", ("killed", "executed")), ("wounded", ("wounded",))):
            rows = [c["best"] for c in mine if c["outcome"] in outcomes]
            if rows:
                ev[m] = ev[f"{m}_low"] = ev[f"{m}_high"] = sum(rows)

    def fac(ev, ftype, ftext):
        return {"event_id": ev["event_id"], "doc_id": ev["doc_id"], "char_start": ev["char_start"],
                "char_end": ev["char_end"], "facility_type": ftype, "facility_text": ftext,
                "location": ev["location"], "admin1": ev["admin1"], "actor1": ev["actor1"]}

    def ctl(ev, place, change, gained, lost, location_id=None, claimed_by=None):
        return {"event_id": ev["event_id"], "doc_id": ev["doc_id"], "char_start": ev["char_start"],
                "char_end": ev["char_end"], "location": place, "location_id": location_id,
                "admin1": ev["admin1"], "gained_by": gained, "lost_by": lost, "change": change,
                "claimed_by": claimed_by}

    facilities = [fac(e[2], "market", "سوق مدينة إدلب"), fac(e[9], "medical", "مشفى اللطامنة"),
                  fac(e[11], "educational", "مدرسة"), fac(e[0], "residential", "منازل المدنيين"),
                  fac(e[1], "residential", "منازل")]
    control = [ctl(e[5], "الشولا", "captured", "government", "isis", "gn:2", "الإعلام الحربي"),
               ctl(e[6], "حي البدو", "captured", "sdf", "isis", claimed_by="قسد"),
               ctl(e[6], "حي الثكنة", "captured", "sdf", "isis"),
               ctl(e[7], "حي البدو", "captured", "sdf", "isis"),
               ctl(e[10], "صيدا", "besieged", "opposition", "government"),
               ctl(e[12], "عقيربات", "withdrawal", None, "isis")]

    def stat(start, metric, dimension, category, value, period="2017-09"):
        return {"doc_id": "snhr_0901", "char_start": start, "char_end": start + 20, "reporter": "snhr",
                "period": period, "metric": metric, "dimension": dimension, "category": category,
                "value": value}

    stats = [stat(0, "facility_attacks", "total", "2017-09", 48), stat(30, "facility_attacks", "perpetrator", "government", 21),
             stat(60, "facility_attacks", "perpetrator", "russia", 5), stat(90, "facility_attacks", "perpetrator", "other", 7),
             stat(120, "facility_attacks", "facility_type", "medical", 6), stat(150, "killed", "victim_group", "civilians", 300)]
    unresolved = [{"phrase": "تل الصوان", "count": 2, "doc_id": "shaam_0909", "char_start": 700,
                   "char_end": 709, "admin1_guess": "SY-RD"}]
    return {"documents": docs, "events": e, "casualties": cas, "facility_attacks": facilities,
            "control_changes": control, "statistics": stats, "unresolved_places": unresolved}


def write_synthetic(folder) -> None:
    """The synthetic corpus as the extraction writes it (validated by the table schemas)."""
    st = TableStore(folder)
    for table, rows in synthetic_rows().items():
        st.append(table, schemas.frame(table, rows))
    st.finish()


@pytest.fixture(scope="module")
def synthetic_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic")
    write_synthetic(folder)
    return folder


@pytest.fixture(scope="module")
def syn(synthetic_dir):
    from analysis.reports import load

    return load.open_tables(synthetic_dir)


# --- aggregations -------------------------------------------------------------------------

def _tables(events, casualties=(), facilities=(), control=(), statistics=()):
    """Tables from short specs: events (event_id, cluster, admin1, actor1, date), casualties
    (event_id, group, outcome, best) and so on."""
    ev = [{"event_id": e, "doc_id": "d", "char_start": i * 10, "char_end": i * 10 + 5, "text": f"نص {e}",
           "event_date": date, "date_precision": "day", "event_type": "battles",
           "sub_event_type": "armed_clash", "actor1": actor, "admin1": adm, "cluster_id": c,
           "count_conflict": False, "civilian_targeting": False, "scope": "current", "country": "SY",
           "admin1_basis": "gazetteer", "toll_update": False}
          for i, (e, c, adm, actor, date) in enumerate(events)]
    cas = [{"event_id": e, "doc_id": "d", "char_start": 0, "char_end": 5, "group": g, "outcome": o, "best": b,
            "implausible": False}
           for e, g, o, b in casualties]
    fac = [{"event_id": e, "doc_id": "d", "char_start": 0, "char_end": 5, "facility_type": t,
            "facility_text": "مشفى", "admin1": None, "actor1": None} for e, t in facilities]
    ctl = [{"event_id": e, "doc_id": "d", "char_start": 0, "char_end": 5, "location": place, "change": ch,
            "gained_by": g, "lost_by": lo} for e, place, ch, g, lo in control]
    st = [{"doc_id": "d", "char_start": 0, "char_end": 5, "reporter": "snhr", "period": p, "metric": m,
           "dimension": dim, "category": cat, "value": v} for p, m, dim, cat, v in statistics]
    rows = {"documents": [{"doc_id": "d", "source": "X", "published_basis": "none", "status": "ok"}],
            "events": ev, "casualties": cas, "facility_attacks": fac, "control_changes": ctl,
            "statistics": st, "unresolved_places": [], "clusters": []}
    return {t: schemas.frame(t, r) for t, r in rows.items()}


TWO_MENTIONS = [("a", "C1", "SY-HM", "russia", "2017-09-08"), ("b", "C1", "SY-HM", "russia", "2017-09-08")]


@pytest.mark.parametrize("casualties, collapse, killed, wounded, units", [
    # one event, two reports (5 and 7 killed): the lowest counts once; by mention both count
    ([("a", "civilians", "killed", 5), ("b", "civilians", "killed", 7)], True, 5, 0, 1),
    ([("a", "civilians", "killed", 5), ("b", "civilians", "killed", 7)], False, 12, 0, 2),
    # a report that gives no number does not pull the count to zero
    ([("b", "civilians", "killed", 4)], True, 4, 0, 1),
    # lowest killed and lowest wounded may come from different reports
    ([("a", "civilians", "killed", 3), ("a", "civilians", "wounded", 10),
      ("b", "civilians", "killed", 5), ("b", "civilians", "wounded", 2)], True, 3, 2, 1),
    # a report's groups add up before the reports are compared: 2+2 children and women vs 5
    ([("a", "children", "killed", 2), ("a", "women", "killed", 2), ("b", "civilians", "killed", 5)], True, 4, 0, 1),
    # executions are deaths; "killed or wounded" counts in neither
    ([("a", "combatants", "executed", 6), ("a", "unknown", "killed_or_wounded", 9)], True, 6, 0, 1),
    # "no casualties" (0) is the most conservative count
    ([("a", "civilians", "killed", 0), ("b", "civilians", "killed", 3)], True, 0, 0, 1),
])
def test_casualty_counts(casualties, collapse, killed, wounded, units):
    from analysis.reports import casualties as cas

    facts = cas.facts(_tables(TWO_MENTIONS, casualties), collapse=collapse)
    assert cas.totals(facts) == {"killed": killed, "wounded": wounded, "units": units}


def test_cluster_borrows_missing_place_and_actor():
    from analysis.reports import casualties as cas

    events = [("a", "C1", None, None, "2017-09-08"), ("b", "C1", "SY-ID", "government", "2017-09-09")]
    facts = cas.facts(_tables(events, [("a", "civilians", "killed", 2), ("b", "civilians", "killed", 9)]))
    assert facts[["event_id", "admin1", "actor1", "value"]].values.tolist() == [["a", "SY-ID", "government", 2]]


def test_casualty_breakdowns_add_up(syn):
    from analysis.reports import casualties as cas

    facts = cas.facts(syn)
    assert cas.totals(facts) == {"killed": 60, "wounded": 25, "units": 7}
    assert cas.by(facts, "admin1").sum().to_dict() == {"killed": 60, "wounded": 25}
    assert cas.by(facts, "admin1").loc["SY-HM"].to_dict() == {"killed": 5, "wounded": 3}
    table = cas.region_table(facts)
    assert table.loc[("SY-ID", "government"), ("wounded", "civilians")] == 20
    assert table[[c for c in table.columns if c[1] == "total"]].to_numpy().sum() == 85
    assert cas.over_time(facts).sum().to_dict() == {"killed": 60, "wounded": 25}
    top = cas.top_events(syn, facts)
    assert top.iloc[0][["admin1", "killed", "source"]].tolist() == ["SY-HI", 40, "Shaam News Network"]
    assert top.set_index("admin1").loc["SY-HM"].iloc[0]["mentions"] == 2


@pytest.mark.parametrize("dates, code", [
    (["2017-09-01", "2017-09-20"], "D"), (["2017-09-01", "2017-12-01"], "W"), (["2016-01-01", "2017-12-01"], "M")])
def test_over_time_period(dates, code):
    from analysis.reports import casualties as cas

    assert cas.period_code(pd.DataFrame({"event_date": dates})) == code


def test_facilities(syn):
    from analysis.reports import facilities, monitors

    facts = facilities.facts(syn)  # residential homes hit in C1 are reported twice: counted once
    assert facilities.totals(facts) == {"n": 4, "units": 4}
    assert len(facilities.facts(syn, collapse=False)) == 5
    snhr = facilities.type_by_actor(facts)
    assert snhr.loc["total", "total"] == 4 and snhr.loc["medical", "government"] == 1
    assert facilities.by_region_month(facts).loc["SY-HM"].to_dict() == {"2017-08": 1, "2017-09": 1, "total": 2}
    cmp = monitors.compare(syn, facts, "facility_attacks").set_index("category")
    # SNHR's "other" is every perpetrator it does not name: here the unknown aircraft
    assert cmp[["reported", "ours"]].to_dict("index") == {
        "2017-09": {"reported": 48, "ours": 3}, "government": {"reported": 21, "ours": 1},
        "russia": {"reported": 5, "ours": 1}, "other": {"reported": 7, "ours": 1},
        "medical": {"reported": 6, "ours": 0}}


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

    net = ctl.net(ctl.facts(_tables(TWO_MENTIONS, control=control)))
    assert {k: tuple(v) for k, v in net.iterrows()} == expected


def test_control_coordinates_only_for_the_event_place(syn):
    from analysis.reports import control

    facts = control.facts(syn).set_index("location")
    assert facts.loc["الشولا", "latitude"] == 35.05  # same gazetteer id as its event
    assert pd.isna(facts.loc["حي الثكنة", "latitude"])  # another place of the same event


@pytest.mark.parametrize("kwargs, events", [
    ({}, 13), ({"start": "2017-09-09"}, 7), ({"end": "2017-09-02"}, 2),
    ({"governorates": ["SY-HM"]}, 4), ({"governorates": "SY-HM, sy-ra"}, 6),
    ({"start": "2017-09-01", "end": "2017-09-30", "governorates": ["SY-HM"]}, 3),
])
def test_select(syn, kwargs, events):
    from analysis.reports import load

    sel = load.select(syn, **kwargs)
    assert len(sel["events"]) == events
    ids = set(sel["events"]["event_id"])
    for t in load.EVENT_CHILDREN:
        assert set(sel[t]["event_id"]) <= ids
    assert len(sel["documents"]) == 5  # documents are never filtered


@pytest.mark.parametrize("kwargs, message", [
    ({"start": "9/9/2017"}, "ISO date"), ({"governorates": ["SY-XX"]}, "unknown governorate")])
def test_select_rejects_bad_parameters(syn, kwargs, message):
    from analysis.reports import load

    with pytest.raises(ValueError, match=message):
        load.select(syn, **kwargs)


def test_statistics_follow_the_period(syn):
    from analysis.reports import load

    assert len(load.select(syn, start="2017-09-05")["statistics"]) == 6
    assert len(load.select(syn, end="2017-08-31")["statistics"]) == 0


def test_quality(syn):
    from analysis.reports import quality

    assert quality.summary(syn) == {"failed": 2, "unresolved": 1, "nogov": 1, "conflicts": 1}
    clusters = quality.conflicting_clusters(syn)
    assert clusters[["cluster_id", "mentions", "killed_low", "killed_high"]].values.tolist() == [["C1", 2, 5, 7]]
    for df in (quality.conflicting_mentions(syn), quality.without_governorate(syn), quality.unresolved_places(syn)):
        assert quality.has_provenance(df)
    assert not quality.has_provenance(pd.DataFrame({"doc_id": ["d"], "char_start": [None], "char_end": [3]}))


# --- labels, escaping, Arabic ---------------------------------------------------------------

@pytest.mark.parametrize("kind, key, lang, expected", [
    ("actors", "government", "en", "Government forces"), ("actors", "isis", "ar", "تنظيم الدولة"),
    ("governorates", "SY-HM", "ar", "حماة"), ("governorates", None, "en", "No Syrian governorate"),
    ("facility_types", "medical", "ar", "منشآت طبية"), ("actors", None, "ar", "غير مذكور"),
    ("category", "russia", "en", "Russia"), ("category", "2017-09", "en", "2017-09"),
])
def test_label_names(kind, key, lang, expected):
    from analysis.reports import labels

    assert labels.name(kind, key, lang) == expected


def test_present_translates_and_points_to_source():
    from analysis.reports import labels

    df = pd.DataFrame({"admin1": ["SY-ID"], "actor1": ["russia"], "killed": [3], "doc_id": ["d1"],
                       "char_start": [5], "char_end": [9]})
    assert labels.present(df, "ar").to_dict("records") == [
        {"المحافظة": "إدلب", "الجهة المسؤولة": "روسيا", "قتلى": 3, "الوثيقة وموضع النص": "d1 [5–9]"}]
    with pytest.raises(ValueError):
        labels.ui("killed", "fr")


@pytest.mark.parametrize("text, expected", [
    (SCRIPT, "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"),
    ("**قتلى**", "\\*\\*قتلى\\*\\*"),
    ("[click](javascript:x)", "\\[click\\]\\(javascript\\:x\\)"),
    ("# 5 & <b>", "\\# 5 &amp; &lt;b&gt;"),
])
def test_escape_markdown(text, expected):
    from nbconvert.filters import markdown2html

    from analysis.reports import html

    assert html.escape_markdown(text) == expected
    rendered = markdown2html(html.escape_markdown(text))
    assert "<script" not in rendered and "<b>" not in rendered and "<a " not in rendered and "<strong>" not in rendered


def test_table_escapes_document_text(syn):
    from analysis.reports import html, quality

    out = html.table(quality.without_governorate(syn), "en").data
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out


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
    import yaml
    from matplotlib.ft2font import FT2Font

    from analysis import config
    from analysis.reports import charts

    font = fm.findfont(charts.FONT, fallback_to_default=False)
    chars = set(FT2Font(font).get_charmap())
    text = (config.LEXICON_DIR / "labels.yaml").read_text(encoding="utf-8")
    arabic = {c for c in text if "\u0600" <= c <= "\u06ff"}
    assert arabic and not {c for c in arabic if ord(c) not in chars}
    assert yaml.safe_load(text)


# --- charts and maps ----------------------------------------------------------------------

def test_charts_draw_the_table_totals(syn):
    from analysis.reports import casualties, charts, control, facilities

    facts = casualties.facts(syn)
    for lang in ("en", "ar"):
        assert charts.drawn_total(charts.casualties_by(facts, "admin1", lang)) == 85
        assert charts.drawn_total(charts.casualties_over_time(facts, lang)) == 85
    assert charts.drawn_total(charts.facilities_by_actor(facilities.facts(syn), "en")) == 4
    cf = control.facts(syn)
    assert charts.drawn_points(charts.control_timeline(cf, "ar")) == 5
    assert charts.drawn_total(charts.control_net(control.net(cf), "en")) == -1
    empty = casualties.facts({t: df.iloc[0:0] for t, df in syn.items()})
    assert charts.drawn_total(charts.casualties_by(empty, "admin1", "en")) == 0


def test_maps(syn):
    from analysis import taxonomy as tx
    from analysis.reports import control, maps

    assert set(maps.centroids()) == set(tx.ADMIN1)
    for lon, lat in maps.centroids().values():
        assert 35.5 < lon < 42.5 and 32.2 < lat < 37.4
    values = pd.Series({"SY-HM": 5.0, "SY-ID": 12.0, None: 7.0})
    drawn = maps.drawn_values(maps.choropleth(values, "t", "ar"))
    assert drawn["SY-HM"] == 5 and drawn["SY-ID"] == 12 and sum(drawn.values()) == 17
    from analysis.reports import charts

    assert charts.drawn_points(maps.control_map(control.facts(syn), "en")) == 5


# --- running the reports --------------------------------------------------------------------

@pytest.mark.parametrize("name, params, stem", [
    ("casualties_by_region", {"lang": "en", "governorates": ["SY-HM"], "start": "2017-09-01", "end": "2017-09-30"},
     "casualties_by_region__lang-en__gov-SY-HM__2017-09"),
    ("civilian_facilities", {"lang": "ar", "start": "2017-09-05", "end": "2017-09-05"},
     "civilian_facilities__lang-ar__2017-09-05"),
    ("territorial_control", {"start": "2017-09-01", "collapse_duplicates": False},
     "territorial_control__lang-en__from-2017-09-01__mentions"),
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
    bad = tmp_path / "bad.yml"
    bad.write_text("runs:\n  - reports: [casualties_by_region]\n    per_month: [2017-9]\n")
    with pytest.raises(ValueError, match="per_month"):
        render.grid(bad)


@pytest.mark.parametrize("key, raw, value", [
    ("collapse_duplicates", "false", False), ("governorates", "SY-HM,SY-ID", ["SY-HM", "SY-ID"]),
    ("governorates", "[SY-HM]", ["SY-HM"]), ("start", "2017-09-01", "2017-09-01")])
def test_cli_parameters_are_typed(key, raw, value):
    from analysis.reports import render

    assert render.coerce("casualties_by_region", key, raw) == value


def _check_page(page: str, lang: str, *words: str) -> None:
    assert len(re.findall(r"<img [^>]*src=\"data:image/png;base64,", page)) == 4
    assert SCRIPT not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert all(w in page for w in words)
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in page
    assert "<script src=" not in page  # self-contained: nothing fetched when it opens
    assert "import " not in re.sub(r"<[^>]+>", "", page).split("</style>")[-1]  # no code cells


def test_report_pages(synthetic_dir, tmp_path):
    from analysis.cli import main
    from analysis.reports import render

    out = tmp_path / "reports"
    assert main(["report", "casualties_by_region", "--tables", str(synthetic_dir), "--out", str(out),
                 "-p", "lang", "en", "-p", "start", "2017-08-01"]) == 0
    en = (out / "casualties_by_region__lang-en__from-2017-08-01.html").read_text(encoding="utf-8")
    _check_page(en, "en", 'alt="Killed and wounded by governorate and victim group"', "Government forces",
                "Perpetrator", "No Syrian governorate")
    assert "الضحايا حسب المنطقة" not in en  # the other language's story is left out
    ar = render.run("casualties_by_region", {"tables": str(synthetic_dir), "lang": "ar"}, out).read_text(encoding="utf-8")
    _check_page(ar, "ar", "الضحايا حسب المنطقة", "قوات النظام", "الجهة المسؤولة", "دون محافظة سورية")
    assert "Casualties by region" not in ar
    assert (out / "casualties_by_region__lang-ar" / "top_events.csv").exists()
