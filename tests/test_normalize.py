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


# -- text from PDFs and the web: presentation forms, soft hyphens, dense marks ------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

from analysis.extract import extract_document  # noqa: E402
from analysis.ingest import Document  # noqa: E402
from tests.adversarial import generate as g  # noqa: E402


@pytest.mark.parametrize("raw, expected", [
    ("\ufed7\ufeae\ufef3\ufe94", "قريه"),                 # initial, final and isolated forms
    ("\ufefb\ufe97\ufed4\ufe8e\ufed5", "لاتفاق"),          # lam-alef ligature: one form, two letters
    ("\ufef7\ufee3\ufee6", "لامن"),                        # lam with alef-hamza ligature
    ("\ufdf2", "الله"),                                    # a whole word in one form
    ("\ufc5e", " "),                                       # a shadda form: a space and a deleted mark
    ("ق\u00adص\u00adف", "قصف"),                            # soft hyphens
    ("ق\u2068ص\u2069ف \u2066دوما\u2069", "قصف دوما"),      # isolates
    ("قصف\u2060مدفعي", "قصفمدفعي"),                        # a word joiner joins
    ("ق\u034fص\u180eف\ufe0f", "قصف"),                      # grapheme joiner, Mongolian separator, selector
    ("الديم\ufffdقراطية", "الديمقراطيه"),                  # a replaced byte does not split its word
])
def test_presentation_forms_and_marks_fold(raw, expected):
    assert normalize(raw) == expected == NormText(raw).text


VARIANTS = [
    ("presentation forms", g.presentation_forms),
    ("soft hyphens", lambda t: g.interleave(t, "\u00ad", 2)),
    *[(f"U+{ord(m):04X} after every letter", lambda t, m=m: g.interleave(t, m)) for m in g.BIDI_AND_JOINERS],
    ("RLM around words", lambda t: t.replace(" ", "\u200f \u200f")),
    ("replacement characters", lambda t: g.interleave(t, "\ufffd", 7)),
]


def events(text):
    res = extract_document(Document("d", text, published="2017-09-09"))
    assert res.error is None
    return res.events


@pytest.mark.parametrize("name, variant", VARIANTS, ids=[v[0] for v in VARIANTS])
@pytest.mark.parametrize("sentence", g.SENTENCES)
def test_events_survive_pdf_and_web_text(name, variant, sentence):
    plain, odd = events(sentence), events(variant(sentence))
    assert len(plain) == len(odd) >= 1
    for a, b in zip(plain, odd):
        for k in ("sub_event_type", "actor1", "actor2", "admin1", "killed", "wounded", "location_id"):
            assert a[k] == b[k], k
        assert normalize(b["text"]) == normalize(a["text"])


SPANS_OF = st.text(alphabet=st.sampled_from(list("قصفلا دوماأة٣.") + ["\ufefb", "\ufef7", "\ufdf2", "\ufe8d",
                                                                      "\u00ad", "\u2068", "\u200d", "\ufffd"]),
                   max_size=60)


@settings(max_examples=400, deadline=None)
@given(SPANS_OF, st.data())
def test_every_span_maps_back_exactly(text, data):
    """Any normalised span maps back to original characters whose folding holds it; a span on
    the boundaries of original characters maps back to exactly its own characters."""
    n = NormText(text)
    assert n.text == normalize(text)
    i = data.draw(st.integers(0, len(n.text)))
    j = data.draw(st.integers(i, len(n.text)))
    a, b = n.start(i), n.end(j) if j > i else n.start(i)
    assert 0 <= a <= b <= len(text)
    back = normalize(text[a:b])
    assert n.text[i:j] in back
    if i < j and (i == 0 or n.start(i - 1) < a) and (j == len(n.text) or n.start(j) >= b):
        assert back == n.text[i:j]
    k = data.draw(st.integers(0, len(text)))
    m = data.draw(st.integers(k, len(text)))
    part = n.slice(k, m)
    assert part.text == normalize(text[k:m]) == n.folded(k, m)
    assert [part.start(x) for x in range(len(part.text))] == [n.start(x) - k for x in
                                                               range(len(n.text)) if k <= n.start(x) < m]


# Links and hashtags as posts carry them: a link (glued to a word or not) is blanked with as
# many spaces, a hashtag's underscore is a space; the words around them keep their offsets.
LINKS = ["https://t.me/example_channel", "pic.twitter.com/Ab12Cd34Ef", "http://www.example.com/a?b=1&c=2",
         "www.example.org/page", "t.co/xYz123", "HTTPS://EXAMPLE.COM/X"]


@pytest.mark.parametrize("link", LINKS)
@pytest.mark.parametrize("glue", ["", " ", "\n"])
@pytest.mark.parametrize("word", ["إدلب", "كفرنبل", "ريف_دمشق"])
def test_links_are_blanked_in_place(link, glue, word):
    text = f"قصف على {word}{glue}{link} اليوم"
    n = NormText(text)
    folded_word = normalize(word)
    assert "/" not in n.text and len(n.text) == len(text)
    i = n.text.index(folded_word)
    assert n.text[i + len(folded_word)].isspace() and text[n.start(i):n.end(i + len(folded_word))] == word
    assert normalize(text) == n.text


@pytest.mark.parametrize("tag, words", [("#ريف_دمشق", "ريف دمشق"), ("#دير_الزور_الآن", "دير الزور الان"),
                                        ("#حلب", "حلب")])
def test_a_hashtag_reads_as_its_words(tag, words):
    assert normalize(tag).strip("#") == words
