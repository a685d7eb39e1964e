import pytest

from analysis.text.normalize import NormText, arabic_share, normalize


@pytest.mark.parametrize("raw, expected", [
    ("إدلب", "ادلب"),
    ("أبو الظهور", "ابو الظهور"),
    ("آذار", "اذار"),
    ("ٱلرقة", "الرقه"),
    ("مستشفى", "مستشفي"),
    ("مدرسة", "مدرسه"),
    ("قُتِلَ", "قتل"),
    ("الهيئــة", "الهيئه"),
    ("٣٥ قتيلاً", "35 قتيلا"),
    ("۱۲ جريحا", "12 جريحا"),
    ("١٧", "17"),
    ("بـ 15 صاروخ", "ب 15 صاروخ"),
    ("إنّها", "انها"),
])
def test_normalize_table(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize("text, needle", [
    ("قُتِلَ الطبيبُ في إدلبَ", "ادلب"),
    ("الهيئــة العامة", "العامه"),
    ("سقط ٣٥ قتيلاً", "35 قتيلا"),
    ("plain ascii text", "ascii"),
])
def test_offsets_map_back_to_original(text, needle):
    n = NormText(text)
    i = n.text.index(needle)
    original = text[n.start(i):n.end(i + len(needle))]
    assert normalize(original) == needle


@pytest.mark.parametrize("text, low, high", [
    ("قصف مدفعي على درعا", 0.99, 1.0),
    ("Shelling on Daraa", 0.0, 0.0),
    ("قصف on درعا", 0.5, 0.9),
    ("12345 !!", 0.0, 0.0),
])
def test_arabic_share(text, low, high):
    assert low <= arabic_share(text) <= high
