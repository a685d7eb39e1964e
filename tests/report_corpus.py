"""A synthetic corpus of every table, as the extraction writes it, for the report tests.

Arabic sentences in several governorates, one event reported twice with different counts,
an estimate, facilities (one with no perpetrator), control changes with and without
coordinates, a monitor's statistics with and without a period, events that do not count
(recalled from the past, a period total, abroad, country unknown), failed documents and a
sentence carrying markup that must come out escaped.
"""
from __future__ import annotations

from analysis import schemas
from analysis.store import TableStore

SCRIPT = "<script>alert(1)</script>"


def event_row(doc, start, text, date, sub, actor1, admin1, location, cluster, conflict=False, **kw):
    end = start + len(text)
    return {"event_id": f"{doc}:{start}-{end}", "doc_id": doc, "char_start": start, "char_end": end,
            "text": text, "event_date": date, "date_precision": "day",
            "event_type": schemas.tx.SUB_EVENT_TYPES[sub], "sub_event_type": sub, "actor1": actor1,
            "admin1": admin1, "location": location, "cluster_id": cluster, "count_conflict": conflict,
            "civilian_targeting": actor1 != "isis", "scope": "current", "country": "SY",
            "admin1_basis": "gazetteer" if admin1 else "none", "toll_update": False, **kw}


def casualty_row(event, group, outcome, best, party=None, low=None, high="same"):
    return {"event_id": event["event_id"], "doc_id": event["doc_id"], "char_start": event["char_start"],
            "char_end": event["char_end"], "group": group, "party": party, "outcome": outcome,
            "low": best if low is None else low, "best": best, "high": best if high == "same" else high,
            "quantity_text": str(best), "implausible": False}


def fill_sums(events, cas) -> None:
    """Each mention's killed/wounded columns: the sums of its casualty rows (codebook §2)."""
    for ev in events:
        mine = [c for c in cas if c["event_id"] == ev["event_id"]]
        for m, outcomes in (("killed", ("killed", "executed")), ("wounded", ("wounded",))):
            rows = [c for c in mine if c["outcome"] in outcomes]
            if rows:
                ev[m] = sum(c["best"] for c in rows)
                ev[f"{m}_low"] = sum(c["low"] for c in rows)
                highs = [c["high"] for c in rows]
                ev[f"{m}_high"] = None if None in highs else sum(highs)


def cluster_row(cid, event, n=1, sources=1, counted=True, killed=None, wounded=None, conflict=False, **kw):
    """A clusters row: the figures of the mention it takes them from (the engine's choice)."""
    row = {"cluster_id": cid, "event_id": event["event_id"], "n_mentions": n, "n_sources": sources,
           "scope": event["scope"], "country": event["country"], "counted": counted, "count_conflict": conflict}
    k = killed or event
    if k.get("killed") is not None:
        row.update(killed=k["killed"], killed_low=k["killed_low"], killed_high=k["killed_high"],
                   killed_estimate=k["killed_low"] != k["killed_high"] or k["killed_high"] is None)
    w = wounded or event
    if w.get("wounded") is not None:
        row.update(wounded=w["wounded"], wounded_low=w["wounded_low"], wounded_high=w["wounded_high"],
                   wounded_event_id=w["event_id"])
    return {**row, **kw}


def synthetic_rows() -> dict[str, list[dict]]:
    """Rows of every table, as the engine writes them (see the module docstring)."""
    docs = [
        {"doc_id": "shaam_0909", "source": "Shaam News Network", "published": "2017-09-09",
         "published_basis": "metadata", "path": "shaam_0909.txt", "n_chars": 9000, "status": "ok",
         "url": "https://shaam.example/0909"},
        {"doc_id": "enab_0920", "source": "Enab Baladi", "published": "2017-09-20",
         "published_basis": "metadata", "path": "enab_0920.txt", "n_chars": 5000, "status": "ok",
         "url": "javascript:alert(1)"},
        {"doc_id": "snhr_0901", "source": "SNHR", "published": "2017-09-01", "published_basis": "text",
         "path": "snhr_0901.txt", "n_chars": 3000, "status": "ok"},
        {"doc_id": "broken", "source": None, "published": None, "published_basis": "none",
         "path": "broken.txt", "n_chars": 0, "status": "decode_error", "error": "undecodable bytes"},
        {"doc_id": "blank", "published_basis": "none", "path": "blank.txt", "n_chars": 0,
         "status": "empty", "error": "no text"},
    ]
    latamneh = dict(location_id="sy-hm-latamneh", latitude=35.32, longitude=36.62)
    e = [
        event_row("shaam_0909", 100, "قصف الطيران الروسي بلدة اللطامنة بريف حماة الشمالي ما أدى لاستشهاد 5 مدنيين بينهم طفلان",
               "2017-09-08", "air_drone_strike", "russia", "SY-HM", "اللطامنة", "C1", True,
               actor1_text="الطيران الروسي", **latamneh),
        event_row("enab_0920", 40, "استشهد 7 مدنيين في غارات روسية على اللطامنة", "2017-09-08",
               "air_drone_strike", "russia", "SY-HM", "اللطامنة", "C1", True, **latamneh),
        event_row("shaam_0909", 400, "قتل 12 مدنياً وجرح 20 آخرون بقصف جوي على سوق مدينة إدلب",
               "2017-09-05", "air_drone_strike", "government", "SY-ID", "إدلب", "C2", location_id="sy-id-idlib"),
        event_row("shaam_0909", 600, "استشهد الطفل محمد برصاص قناصة الأسد في حرستا", "2017-09-09",
               "attack", "government", "SY-RD", "حرستا", "C3", location_id="sy-rd-harasta"),
        event_row("shaam_0909", 0, "ما أسفر عن سقوط حوالي 40 قتيلا من قوات الأسد في حميمة", "2017-09-09",
               "armed_clash", "isis", "SY-HI", "حميمة", "C4", claimed_by="وكالة أعماق"),
        event_row("enab_0920", 300, "سيطرت قوات الأسد على قرية الشولا جنوب دير الزور", "2017-09-03",
               "government_regains_territory", "government", "SY-DY", "الشولا", "C5",
               location_id="sy-dy-shula", latitude=35.15, longitude=39.95),
        event_row("enab_0920", 500, "سيطرت قسد على حيي البدو والثكنة في الرقة", "2017-09-15",
               "non_state_actor_overtakes_territory", "sdf", "SY-RA", "الرقة", "C6"),
        event_row("shaam_0909", 900, "قسد تسيطر على حي البدو والثكنة", "2017-09-15",
               "non_state_actor_overtakes_territory", "sdf", "SY-RA", "الرقة", "C6"),
        event_row("enab_0920", 800, f"انفجار عبوة ناسفة {SCRIPT} قرب الحدود", "2017-09-16",
               "remote_explosive_landmine_ied", "unknown", None, None, "C7", admin1_basis="none"),
        event_row("shaam_0909", 1200, "استهدفت قوات الأسد مشفى اللطامنة بقذائف المدفعية ما أدى لجرح عدد من المدنيين",
               "2017-08-28", "shelling_artillery_missile_attack", "government", "SY-HM", "اللطامنة", "C8", **latamneh),
        event_row("enab_0920", 1000, "حاصرت فصائل المعارضة بلدة صيدا في ريف درعا الشرقي", "2017-09-12",
               "armed_clash", "opposition", "SY-DR", "صيدا", "C9"),
        event_row("enab_0920", 1300, "استهدف الطيران الحربي مدرسة في بلدة الأتارب ما أدى لمقتل طفلين",
               "2017-09-18", "air_drone_strike", None, "SY-HL", "الأتارب", "C10", location_id="sy-hl-atarib"),
        event_row("enab_0920", 1500, "انسحب تنظيم الدولة من قرية عقيربات بريف حماة الشرقي", "2017-09-02",
               "non_violent_transfer_of_territory", "isis", "SY-HM", "عقيربات", "C11", location_id="sy-hm-uqayribat"),
        # not counted: recalled from 2013, a period total, abroad, country unknown
        event_row("shaam_0909", 2000, "وكانت مجزرة الغوطة عام 2013 قد أودت بحياة 1400 شخص", "2013-08-21",
               "chemical_weapon", "government", "SY-RD", "الغوطة", "C12", scope="past"),
        event_row("snhr_0901", 100, "وثقت الشبكة مقتل 300 مدني في آب", "2017-08-31", "other", "unknown", None, None,
               "C13", scope="period_total", country=None),
        event_row("enab_0920", 1700, "قتل 9 أشخاص بتفجير في بغداد", "2017-09-10", "suicide_bomb", "isis", None,
               "بغداد", "C14", country="IQ"),
        event_row("enab_0920", 1900, "اغتيال قيادي في مدينة ما", "2017-09-11", "attack", "unknown", None, None, "C15",
               country=None),
        # a facility hit by no named side, at no named place, on no known date
        event_row("shaam_0909", 2300, "احترق مستودع للمواد الإغاثية", None, "looting_property_destruction", None, None,
               None, "C16", date_precision="none", admin1_basis="none"),
    ]
    cas = [casualty_row(e[0], "civilians", "killed", 3), casualty_row(e[0], "children", "killed", 2),
           casualty_row(e[1], "civilians", "killed", 7),
           casualty_row(e[2], "civilians", "killed", 12), casualty_row(e[2], "civilians", "wounded", 20),
           casualty_row(e[3], "children", "killed", 1),
           casualty_row(e[4], "combatants", "killed", 40, party="government", low=35, high=45),
           casualty_row(e[8], "unknown", "wounded", 2), casualty_row(e[9], "civilians", "wounded", 3, low=3, high=9),
           casualty_row(e[11], "children", "killed", 2),
           casualty_row(e[13], "unknown", "killed", 1400), casualty_row(e[14], "civilians", "killed", 300),
           casualty_row(e[15], "unknown", "killed", 9)]
    fill_sums(e, cas)

    def fac(ev, ftype, ftext, actor="same"):
        return {"event_id": ev["event_id"], "doc_id": ev["doc_id"], "char_start": ev["char_start"],
                "char_end": ev["char_end"], "facility_type": ftype, "facility_text": ftext,
                "location": ev["location"], "admin1": ev["admin1"], "actor1": ev["actor1"] if actor == "same" else actor}

    def ctl(ev, place, change, gained, lost, location_id=None, claimed_by=None):
        return {"event_id": ev["event_id"], "doc_id": ev["doc_id"], "char_start": ev["char_start"],
                "char_end": ev["char_end"], "location": place, "location_id": location_id,
                "admin1": ev["admin1"], "gained_by": gained, "lost_by": lost, "change": change,
                "claimed_by": claimed_by}

    facilities = [fac(e[2], "market", "سوق مدينة إدلب"), fac(e[9], "medical", "مشفى اللطامنة"),
                  fac(e[11], "educational", "مدرسة"), fac(e[0], "residential", "منازل المدنيين"),
                  fac(e[1], "residential", "منازل"), fac(e[17], "humanitarian", "مستودع للمواد الإغاثية", None),
                  fac(e[13], "residential", "منازل")]
    control = [ctl(e[5], "الشولا", "captured", "government", "isis", "sy-dy-shula", "الإعلام الحربي"),
               ctl(e[6], "حي البدو", "captured", "sdf", "isis", claimed_by="قسد"),
               ctl(e[6], "حي الثكنة", "captured", "sdf", "isis"),
               ctl(e[7], "حي البدو", "captured", "sdf", "isis"),
               ctl(e[10], "صيدا", "besieged", "opposition", "government"),
               ctl(e[12], "عقيربات", "withdrawal", None, "isis", "sy-hm-uqayribat")]

    def stat(start, metric, dimension, category, value, period="2017-09"):
        return {"doc_id": "snhr_0901", "char_start": start, "char_end": start + 20, "reporter": "snhr",
                "period": period, "metric": metric, "dimension": dimension, "category": category,
                "value": value}

    stats = [stat(0, "facility_attacks", "total", "2017-09", 48), stat(30, "facility_attacks", "perpetrator", "government", 21),
             stat(60, "facility_attacks", "perpetrator", "russia", 5), stat(90, "facility_attacks", "perpetrator", "other", 7),
             stat(120, "facility_attacks", "facility_type", "medical", 6), stat(150, "killed", "victim_group", "civilians", 300),
             stat(180, "killed", "total", "all", 5026, period=None)]
    unresolved = [{"phrase": "تل الصوان", "count": 2, "doc_id": "shaam_0909", "char_start": 700,
                   "char_end": 709, "admin1_guess": "SY-RD"}]
    clusters = [cluster_row("C1", e[0], n=2, sources=2, conflict=True), *(cluster_row(f"C{i}", e[i]) for i in (2, 3, 4, 5)),
                cluster_row("C6", e[6], n=2, sources=2), cluster_row("C7", e[8]), cluster_row("C8", e[9]), cluster_row("C9", e[10]),
                cluster_row("C10", e[11]), cluster_row("C11", e[12]), cluster_row("C12", e[13], counted=False),
                cluster_row("C13", e[14], counted=False), cluster_row("C14", e[15], counted=False),
                cluster_row("C15", e[16], counted=False), cluster_row("C16", e[17])]
    return {"documents": docs, "events": e, "casualties": cas, "facility_attacks": facilities,
            "control_changes": control, "statistics": stats, "unresolved_places": unresolved, "clusters": clusters}


def write_synthetic(folder, rows=None) -> None:
    """The synthetic corpus as the extraction writes it (validated by the table schemas)."""
    st = TableStore(folder)
    for table, r in (rows or synthetic_rows()).items():
        st.append(table, schemas.frame(table, r))
    st.finish()
