"""Who did what to whom, as grids: every perpetrator phrasing × every victim phrasing × every
cue × every place form (CheckList, Ribeiro et al. 2020). Sentences are built from parts.
"""
import pytest

from analysis.extract import extract_document
from analysis.ingest import Document

PLACES = ["في قرية تل شمسين بريف درعا الغربي", "وسط مدينة جاسم", "في حي الوعر بمدينة حمص"]


def one_event(text: str) -> dict:
    res = extract_document(Document(doc_id="g", text=text, published="2022-07-06", published_basis="metadata"))
    assert len(res.events) == 1, [e["text"] for e in res.events]
    return res.events[0]


# --- shooting: an attack on civilians unless a second armed side is named ----------------

SHOOTERS = [("مجهولون", "unknown"), ("مسلحون مجهولون", "unknown"), ("قوات الأسد", "government"),
            ("عناصر من تنظيم الدولة", "isis"), ("رجل", None)]
CIVILIAN_VICTIMS = [("شاب", 1), ("طفلة", 1), ("مدنيين اثنين", 2), ("امرأة وطفلها", 2), ("ثلاثة أشخاص", 3)]
SHOOTING = [
    "أطلق {who} النار على {victim} {place}، ما أدى لمقتله.",
    "قتل {victim} برصاص {who} {place}.",
    "أصيب {victim} بجروح إثر إطلاق النار عليهم من قبل {who} {place}.",
]


@pytest.mark.parametrize("who, key", SHOOTERS)
@pytest.mark.parametrize("victim, n", CIVILIAN_VICTIMS)
@pytest.mark.parametrize("frame", SHOOTING)
@pytest.mark.parametrize("place", PLACES)
def test_shooting_civilians_is_an_attack(who, key, victim, n, frame, place):
    e = one_event(frame.format(who=who, victim=victim, place=place))
    assert e["sub_event_type"] == "attack"
    assert e["actor1"] == (key or "unknown")
    assert e["civilian_targeting"]


@pytest.mark.parametrize("frame", ["اندلعت اشتباكات بين {a} و{b} {place}، ما أدى لمقتل شاب.",
                                   "تبادل {a} و{b} إطلاق النار {place}، ما أدى لمقتل مدني."])
@pytest.mark.parametrize("a, b", [("قوات الأسد", "فصائل الثوار"), ("قسد", "الجيش الوطني")])
@pytest.mark.parametrize("place", PLACES)
def test_shooting_between_two_armed_sides_is_a_clash(frame, a, b, place):
    assert one_event(frame.format(a=a, b=b, place=place))["sub_event_type"] == "armed_clash"


@pytest.mark.parametrize("victim", ["عنصرا من قوات الأسد", "عنصرين من قسد", "قياديا في الجيش الوطني"])
@pytest.mark.parametrize("place", PLACES)
def test_shooting_fighters_is_not_an_attack_on_civilians(victim, place):
    e = one_event(f"قتل مجهولون {victim} برصاص مباشر {place}.")
    assert e["sub_event_type"] != "attack" or not e["civilian_targeting"]


# --- devices and mines: no agent unless the text names one ---------------------------------

DEVICES = ["انفجرت عبوة ناسفة", "انفجر لغم أرضي", "انفجرت عبوة لاصقة"]
HIT_SIDES = [("قوات الأسد", "government"), ("قسد", "sdf"), ("الجيش الوطني", "opposition"),
             ("تنظيم الدولة", "isis"), ("الجيش التركي", "turkey")]
HIT_FORMS = ["ب{vehicle} تابعة {li}", "ب{vehicle} {li}", "بدورية {li}", "بعدد من عناصر {side}",
             "استهدفت قياديا في {side}"]


def li(name: str) -> str:
    """ل before a name, written لل before the article."""
    return "لل" + name[2:] if name.startswith("ال") else "ل" + name


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("side, key", HIT_SIDES)
@pytest.mark.parametrize("form", HIT_FORMS)
@pytest.mark.parametrize("vehicle", ["سيارة عسكرية", "آلية"])
@pytest.mark.parametrize("place", PLACES)
def test_a_device_that_hits_a_side_puts_it_on_the_target_side(device, side, key, form, vehicle, place):
    e = one_event(f"{device} {form.format(vehicle=vehicle, side=side, li=li(side))} {place}.")
    assert e["sub_event_type"] == "remote_explosive_landmine_ied"
    assert (e["actor1"], e["actor2"]) == ("unknown", key)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("agent, key", [("زرعها تنظيم الدولة", "isis"), ("من مخلفات تنظيم الدولة", "isis"),
                                        ("زرعها مجهولون", "unknown"), ("فجرتها قسد", "sdf")])
@pytest.mark.parametrize("place", PLACES)
def test_a_device_has_the_agent_the_text_names(device, agent, key, place):
    e = one_event(f"{device} {agent} بسيارة مدنية {place}.")
    assert e["actor1"] == key


# --- deaths stated with the victim as a pronoun, assassinations, counts after the noun ----

@pytest.mark.parametrize("lead", ["اغتال مجهولون", "اغتالت خلية تابعة لتنظيم الدولة"])
@pytest.mark.parametrize("victim", ['"أبو حسن الديري" قائد لواء في الجيش الوطني', "مختار البلدة", "القيادي أحمد العلي"])
@pytest.mark.parametrize("place", PLACES)
def test_an_assassination_is_one_death(lead, victim, place):
    e = one_event(f"{lead} {victim} {place}.")
    assert e["killed"] == 1


@pytest.mark.parametrize("noun, n", [("أطفاله الثلاثة", 3), ("أبناءه الأربعة", 4), ("الشبان الخمسة", 5),
                                     ("العناصر الستة", 6), ("أشقاءه العشرة", 10)])
@pytest.mark.parametrize("frame", ["قتل رجل {noun} رميا بالرصاص {place}.", "قتل {noun} بقصف مدفعي {place}."])
@pytest.mark.parametrize("place", PLACES)
def test_a_definite_number_after_a_plural_counts_it(noun, n, frame, place):
    assert one_event(frame.format(noun=noun, place=place))["killed"] == n


@pytest.mark.parametrize("day", ["الاثنين", "الخميس"])
def test_a_weekday_after_a_noun_is_no_count(day):
    e = one_event(f"قتل مدنيون يوم {day} بقصف مدفعي على بلدة كفرنبل.")
    assert e["killed"] == 1 and e["killed_high"] is None
