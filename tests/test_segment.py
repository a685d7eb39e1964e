"""Segmentation tables: Arabic layout → the structure a human reader sees."""
import pytest

from analysis.text.segment import segment


def kinds(text, title=None):
    s = segment(text, title)
    return [(p.kind, text[p.start:p.end], p.section, p.article) for p in s.paragraphs]


@pytest.mark.parametrize("line, kind", [
    ("حلب::", "header"),
    ("دمشق وريفها::", "header"),
    ("البادية السورية ::", "header"),
    ("TT", "clutter"),
    ("الوسوم", "clutter"),
    ("التعليقات", "clutter"),
    ("اضف تعليق", "clutter"),
    ("أضف تعليق", "clutter"),
    ("84", "clutter"),
    ("١٢٣٤", "clutter"),
    ("تابعنا على   +", "clutter"),
    ("عناصر من «قوات سوريا الديمقراطية» في دير الزور (رويترز)", "caption"),
])
def test_line_kinds(line, kind):
    text = "استهدف الطيران الحربي بلدة كفرنبل بريف إدلب الجنوبي.\n" + line + "\n"
    assert kinds(text)[1][0] == kind


def test_header_is_section_in_force():
    text = "حلب::\nتعرضت قرية دير سمعان لقصف صاروخي.\nإدلب::\nسقط صاروخ قرب قرية باريسا.\n"
    got = [(k, sec) for k, _, sec, _ in kinds(text)]
    assert got == [("header", None), ("body", "حلب"), ("header", None), ("body", "إدلب")]


# A region header in every written form, standing alone or opening its paragraph, governs
# every paragraph after it until the next header, however the paragraphs are separated.
HEADER_NAMES = ["حلب", "دمشق وريفها", "ديرالزور", "دير الزور", "البادية السورية"]
HEADER_FORMS = ["{}::", "{} ::", "{} :: ", "  {}::", "{}:::"]
SEPARATORS = ["\n", "\n\n", "\n\n\n", "\r\n", "\r\n\r\n"]
ITEM = "شن الطيران غارة على البلدة رقم {}."


@pytest.mark.parametrize("name", HEADER_NAMES)
@pytest.mark.parametrize("form", HEADER_FORMS)
@pytest.mark.parametrize("sep", SEPARATORS, ids=["lf", "blank", "two-blank", "crlf", "crlf-blank"])
@pytest.mark.parametrize("opens_paragraph", [False, True], ids=["alone", "opening"])
@pytest.mark.parametrize("n", [1, 3, 9])
def test_a_header_governs_its_paragraphs_until_the_next(name, form, sep, opens_paragraph, n):
    items = [ITEM.format(i) for i in range(n)]
    head = form.format(name)
    first = head + items[0] if opens_paragraph else head + sep + items[0]
    text = sep.join([first, *items[1:], "إدلب::" + ITEM.format("x")]) + sep
    got = [(k, t, sec) for k, t, sec, _ in kinds(text)]
    assert [t for k, t, _ in got if k == "header"] == [head.strip(), "إدلب::"]
    assert [(t, sec) for k, t, sec in got if k == "body"] == [*((i, name) for i in items), (ITEM.format("x"), "إدلب")]


def test_a_lead_paragraph_after_many_items_opens_a_new_article():
    items = "\n".join(ITEM.format(i) for i in range(8))
    text = "حماة::\n" + items + "\nأكد ناشطون اليوم السبت أن قناصا استهدف طفلا في حرستا.\n"
    got = [(sec, a) for k, _, sec, a in kinds(text) if k == "body"]
    assert got == [("حماة", 0)] * 8 + [(None, 1)]


def test_repeated_header_starts_a_new_article():
    text = "حلب::\nقصف على دير سمعان.\nإدلب::\nقصف على باريسا.\nحلب::\nقصف صاروخي على دير سمعان.\n"
    arts = [a for k, _, _, a in kinds(text) if k == "body"]
    assert arts == [0, 0, 1]


def test_title_caption_and_repeats_are_not_body():
    text = ("التحالف يستعجل عملية إبادة بقايا داعش\n\nمقتل عسكري في انفجار قرب قاعدة\n\n"
            "عناصر من قسد في دير الزور (رويترز)\nعناصر من قسد في دير الزور (رويترز)\nTT\n\n"
            "التحالف يستعجل عملية إبادة بقايا داعش\n\n"
            "انفجرت عبوة ناسفة، أمس، أثناء مرور عربة عسكرية قرب قاعدة في محافظة الرقة.\n")
    got = [k for k, *_ in kinds(text, "التحالف يستعجل عملية إبادة بقايا داعش")]
    assert got == ["title", "title", "caption", "caption", "clutter", "clutter", "body"]


def test_blank_gap_and_title_start_a_new_article():
    text = ("انفجرت عبوة ناسفة قرب قاعدة في محافظة الرقة.\n\n\n\n"
            "بيان منسوب لبشار الأسد: غادرت بطلب روسي\n\nنفى الرئيس المخلوع أن يكون قد غادر سوريا.\n")
    got = [(k, a) for k, _, _, a in kinds(text)]
    assert got == [("body", 0), ("title", 1), ("body", 1)]


def test_lead_paragraph_starts_a_new_article():
    text = ("تمكن تنظيم الدولة من قتل العشرات في بادية حمص.\nوقالت وكالة أعماق إن الهجوم كان قويا.\n"
            "أكد ناشطون اليوم السبت أن قناصا استهدف طفلا في حرستا.\nوأشار ناشطون إلى أن الطفل استشهد.\n")
    assert [a for *_, a in kinds(text)] == [0, 0, 1, 1]


@pytest.mark.parametrize("text, sentences", [
    ("قصف على درعا. اشتباكات في حلب.", ["قصف على درعا.", "اشتباكات في حلب."]),
    ("هل بدأت المعركة؟ بعد ان سيطر الجيش على المنطقة", ["هل بدأت المعركة؟", "بعد ان سيطر الجيش على المنطقة"]),
    ("بلغت المساحة 2.5 كلم مربع في ريف حلب.", ["بلغت المساحة 2.5 كلم مربع في ريف حلب."]),
    ("قال: «انفجرت عبوة». ونفى المكتب ذلك.", ["قال: «انفجرت عبوة».", "ونفى المكتب ذلك."]),
])
def test_sentences(text, sentences):
    # after a body line, so that a short line is not taken for the article's title
    text = "شن الطيران الحربي غارات على ريف إدلب.\n" + text
    s = segment(text)
    assert [text[x.start:x.end] for x in s.sentences][1:] == sentences


def test_offsets_index_text_with_crlf():
    text = "حلب::\r\nتعرضت قرية دير سمعان لقصف صاروخي.\r\n"
    s = segment(text)
    assert text[s.sentences[0].start:s.sentences[0].end] == "تعرضت قرية دير سمعان لقصف صاروخي."
