"""Where, in bulletins: every governorate's header × both header layouts × every way a place
is written (a village the gazetteer does not know, a relative countryside, a nearby town, an
explicit governorate) × a few cue frames → admin1, how it was found, and the place.

Grids in the manner of CheckList (Ribeiro et al. 2020): a rule holds for every combination,
not for one sentence. Villages are invented names the gazetteer does not know.
"""
import pytest

from analysis.extract import extract_document
from analysis.ingest import Document

# header as written → (its governorate, "the countryside" under it, a town of that governorate)
HEADERS = {
    "حلب": ("SY-HL", "SY-HL", "منبج"),
    "إدلب": ("SY-ID", "SY-ID", "سراقب"),
    "ادلب": ("SY-ID", "SY-ID", "معرة النعمان"),
    "حماة": ("SY-HM", "SY-HM", "محردة"),
    "حمص": ("SY-HI", "SY-HI", "تلبيسة"),
    "اللاذقية": ("SY-LA", "SY-LA", "جبلة"),
    "طرطوس": ("SY-TA", "SY-TA", "بانياس"),
    "درعا": ("SY-DR", "SY-DR", "طفس"),
    "السويداء": ("SY-SU", "SY-SU", "شهبا"),
    "القنيطرة": ("SY-QU", "SY-QU", "خان أرنبة"),
    "ديرالزور": ("SY-DY", "SY-DY", "البوكمال"),
    "دير الزور": ("SY-DY", "SY-DY", "الميادين"),
    "الرقة": ("SY-RA", "SY-RA", "الطبقة"),
    "الحسكة": ("SY-HA", "SY-HA", "القامشلي"),
    "دمشق وريفها": (None, "SY-RD", "يبرود"),
}
VILLAGES = ["تل شمسين", "خربة الزعيتر", "عين القطا"]
FRAMES = [
    "تعرضت {place} لقصف مدفعي من قبل قوات الأسد.",
    "شن الطيران الحربي الروسي غارات جوية على {place}، ما أدى لسقوط شهيدين.",
    "انفجرت عبوة ناسفة في {place}.",
]


def run(text: str) -> dict:
    res = extract_document(Document(doc_id="b", text=text, published="2022-07-06", published_basis="metadata"))
    assert len(res.events) == 1, [e["text"] for e in res.events]
    return res


def bulletin(header: str, sentence: str, opening: bool) -> str:
    # another section first, so that a header that governs nothing would be caught
    before = "حصاد الأحداث الميدانية ليوم الأربعاء 06-07-2022\n\nالبادية السورية::\nتستمر الاشتباكات في البادية.\n\n"
    return before + (f"{header}::{sentence}\n" if opening else f"{header}::\n\n{sentence}\n")


@pytest.mark.parametrize("header", HEADERS)
@pytest.mark.parametrize("opening", [False, True], ids=["header-alone", "header-opens"])
@pytest.mark.parametrize("frame", FRAMES)
@pytest.mark.parametrize("rel", ["بالريف الغربي", "في الريف الشمالي", "بريف المدينة الجنوبي", "الواقعة بالريف الشرقي"])
def test_a_relative_countryside_takes_the_header_governorate(header, opening, frame, rel):
    village = VILLAGES[len(header) % len(VILLAGES)]
    res = run(bulletin(header, frame.format(place=f"قرية {village} {rel}"), opening))
    (e,) = res.events
    _, rif, _ = HEADERS[header]
    assert (e["admin1"], e["admin1_basis"], e["location"]) == (rif, "header", village)
    assert [(u[0], u[4]) for u in res.unresolved] == [(village, rif)]


@pytest.mark.parametrize("header", HEADERS)
@pytest.mark.parametrize("opening", [False, True], ids=["header-alone", "header-opens"])
@pytest.mark.parametrize("frame", FRAMES)
@pytest.mark.parametrize("direction", ["غربي", "شمال", "جنوب شرق", "قرب مدينة"])
def test_a_nearby_town_gives_an_unknown_village_its_governorate(header, opening, frame, direction):
    admin1, rif, town = HEADERS[header]
    own = admin1 or rif
    village = VILLAGES[len(direction) % len(VILLAGES)]
    res = run(bulletin(header, frame.format(place=f"قرية {village} {direction} {town}"), opening))
    (e,) = res.events
    assert (e["admin1"], e["admin1_basis"], e["location"]) == (own, "nearby_town", village)


@pytest.mark.parametrize("header", [h for h, (admin1, _, _) in HEADERS.items() if admin1])
@pytest.mark.parametrize("opening", [False, True], ids=["header-alone", "header-opens"])
@pytest.mark.parametrize("frame", FRAMES)
def test_an_unknown_village_alone_takes_the_header(header, opening, frame):
    admin1, _, _ = HEADERS[header]
    res = run(bulletin(header, frame.format(place=f"قرية {VILLAGES[0]}"), opening))
    (e,) = res.events
    assert (e["admin1"], e["admin1_basis"], e["location"]) == (admin1, "header", VILLAGES[0])


@pytest.mark.parametrize("frame", FRAMES)
def test_a_header_of_two_governorates_decides_nothing_alone(frame):
    (e,) = run(bulletin("دمشق وريفها", frame.format(place=f"قرية {VILLAGES[0]}"), False)).events
    assert (e["admin1"], e["admin1_basis"]) == (None, "none")


@pytest.mark.parametrize("header", HEADERS)
@pytest.mark.parametrize("frame", FRAMES)
@pytest.mark.parametrize("clue, admin1", [("بريف حلب الشرقي", "SY-HL"), ("في ريف إدلب الجنوبي", "SY-ID"),
                                          ("بريف دمشق", "SY-RD"), ("شرقي محافظة دير الزور", "SY-DY")])
def test_a_governorate_the_text_names_outranks_the_header(header, frame, clue, admin1):
    (e,) = run(bulletin(header, frame.format(place=f"قرية {VILLAGES[1]} {clue}"), True)).events
    assert (e["admin1"], e["admin1_basis"], e["location"]) == (admin1, "text", VILLAGES[1])


@pytest.mark.parametrize("header", ["الرقة", "درعا", "حلب"])
@pytest.mark.parametrize("frame", FRAMES)
def test_a_gazetteer_name_of_another_governorate_qualified_by_the_section_is_not_that_place(header, frame):
    # "الصالحية" in the gazetteer is a place of Damascus; "بالريف الشمالي" under another header says
    # this one is another village of that name
    admin1, _, _ = HEADERS[header]
    (e,) = run(bulletin(header, frame.format(place="قرية الصالحية بالريف الشمالي"), True)).events
    assert (e["admin1"], e["location"], e["location_id"]) == (admin1, "الصالحية", None)
