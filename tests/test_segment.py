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


def test_header_scope_is_capped():
    items = "\n".join(f"شن الطيران غارة على البلدة رقم {i}." for i in range(10))
    got = [sec for k, _, sec, _ in kinds("حماة::\n" + items) if k == "body"]
    assert got[:6] == ["حماة"] * 6 and got[6:] == [None] * 4


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
