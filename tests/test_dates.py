"""Date phrases → (date, precision, kind), resolved against the publication date (codebook §7)."""
from __future__ import annotations

import datetime as dt
import glob

import dateparser
import pytest
from hypothesis import given, strategies as st

from analysis.dates import DateMention, _grammar, _resolve, find_dates, infer_published
from analysis.lexicon import LexiconError, load_lexicon, validate_lexicon
from analysis.text.normalize import normalize

from analysis import config

SAT = dt.date(2017, 9, 9)  # seed 000: a Saturday

# (sentence, published, the phrase found, date, precision, kind)
CASES = [
    # relative days
    ("تمكن تنظيم الدولة في بادية حمص اليوم من قتل", SAT, "اليوم", "2017-09-09", "day", "point"),
    ("أكد ناشطون صباح اليوم السبت أن قناصة الأسد", SAT, "صباح اليوم السبت", "2017-09-09", "day", "point"),
    ("قصفت الطائرات الحربية فجر اليوم بلدة كفرنبل", SAT, "فجر اليوم", "2017-09-09", "day", "point"),
    ("وشهدت المدينة مساء اليوم اشتباكات عنيفة", SAT, "مساء اليوم", "2017-09-09", "day", "point"),
    ("قتل ثلاثة مدنيين الليلة بقصف مدفعي", SAT, "الليلة", "2017-09-09", "day", "point"),
    ("عند الساعة 5 من فجر اليوم سقطت قذائف", SAT, "فجر اليوم", "2017-09-09", "day", "point"),
    ("انفجرت عبوة ناسفة، أمس، أثناء مرور عربة", SAT, "أمس", "2017-09-08", "day", "point"),
    ("وقال المتحدث يوم أمس إن التحالف لم يسمح", SAT, "يوم أمس", "2017-09-08", "day", "point"),
    ("قصفت قوات النظام ليلة أمس حي جوبر", SAT, "ليلة أمس", "2017-09-08", "day", "point"),
    ("أعلنت قسد، أمس الجمعة، عن عملية", SAT, "أمس الجمعة", "2017-09-08", "day", "point"),
    ("أعلنت قسد أمس الجمعة عن عملية", dt.date(2017, 9, 11), "أمس الجمعة", "2017-09-10", "day", "point"),
    ("سقطت قذائف أول أمس على الحي", SAT, "أول أمس", "2017-09-07", "day", "point"),
    ("سقطت قذائف أول من أمس على الحي", SAT, "أول من أمس", "2017-09-07", "day", "point"),
    ("وبالأمس سقطت قذائف على الحي", SAT, "الأمس", "2017-09-08", "day", "point"),
    # weekdays
    ("مرت قوات النظام، يوم الجمعة، قرب 11 حافلة", SAT, "يوم الجمعة", "2017-09-08", "day", "point"),
    ("وكان مسلحو التنظيم شنوا هجوماً الجمعة، على مواقع", SAT, "الجمعة", "2017-09-08", "day", "point"),
    ("اخترق خطوط التنظيم يوم الثلاثاء الماضي، في محاولة", SAT, "يوم الثلاثاء الماضي", "2017-09-05", "day", "point"),
    ("قتل عنصران الجمعة الماضي في كمين", SAT, "الجمعة الماضي", "2017-09-08", "day", "point"),
    ("قتل عنصران السبت الماضي في كمين", SAT, "السبت الماضي", "2017-09-02", "day", "point"),
    ("قتل عنصران السبت في كمين", SAT, "السبت", "2017-09-09", "day", "point"),
    ("جرت انتخابات الإثنين في المدينة", SAT, "الإثنين", "2017-09-04", "day", "point"),
    ("ستعقد الجولة الجمعة المقبلة في أستانا", SAT, "الجمعة المقبلة", "2017-09-15", "day", "point"),
    ("التقرير الصادر الأربعاء (٦ أيلول) عن لجنة", SAT, "الأربعاء (٦ أيلول)", "2017-09-06", "day", "point"),
    ("أعلنت المعارضة، يوم الأحد 8 ديسمبر، أنها حررت دمشق", dt.date(2024, 12, 20),
     "يوم الأحد 8 ديسمبر", "2024-12-08", "day", "point"),
    # explicit dates
    ("صدر التقرير في 6 أيلول عن لجنة", SAT, "6 أيلول", "2017-09-06", "day", "point"),
    ("انسحبت القوات في 29 أغسطس من المنطقة", SAT, "29 أغسطس", "2017-08-29", "day", "point"),
    ("حتى ساعات الصباح من 8 ديسمبر (كانون الأول) غادر", dt.date(2018, 5, 2),
     "8 ديسمبر (كانون الأول)", "2017-12-08", "day", "point"),
    ("قام منذ البداية في 29 أغسطس/آب الماضي بنقل", SAT, "29 أغسطس/آب الماضي", "2017-08-29", "day", "point"),
    ("دخل حيز التنفيذ في 6/ أيار/ 2017 ، لكن", SAT, "6/ أيار/ 2017", "2017-05-06", "day", "point"),
    ("عقدت في القاهرة في 31 تموز الماضي، وتوجت", dt.date(2017, 8, 4), "31 تموز الماضي", "2017-07-31", "day", "point"),
    ("تشكيل حكومة مؤقتة تعمل الأول من مارس (آذار) 2025 برئاسة", dt.date(2024, 12, 10),
     "الأول من مارس (آذار) 2025", "2025-03-01", "day", "point"),
    ("حكومة مؤقتة برئاسة محمد البشير، حتى الأول من مارس (آذار) 2025.", dt.date(2024, 12, 10),
     "حتى الأول من مارس (آذار) 2025", "2025-03-01", "day", "background"),
    ("نشر البيان بتاريخ 2017-09-06 على موقع", SAT, "2017-09-06", "2017-09-06", "day", "point"),
    ("نشر البيان بتاريخ 6/9/2017 على موقع", SAT, "6/9/2017", "2017-09-06", "day", "point"),
    ("سيطرت القوات على القرية في ٦ ايار ٢٠١٧ بعد معارك", None, "٦ ايار ٢٠١٧", "2017-05-06", "day", "point"),
    ("قتل 4 مدنيين في 29 ديسمبر بقصف جوي", dt.date(2018, 1, 3), "29 ديسمبر", "2017-12-29", "day", "point"),
    ("قتل 4 مدنيين في 29 كانون الأول بقصف جوي", dt.date(2018, 1, 3), "29 كانون الأول", "2017-12-29", "day", "point"),
    ("اعتقل في 15 تشرين الثاني على حاجز", SAT, "15 تشرين الثاني", "2016-11-15", "day", "point"),
    ("اعتقل في 10 تشرين أول على حاجز", SAT, "10 تشرين أول", "2016-10-10", "day", "point"),
    ("اعتقل في 29 شباط على حاجز", SAT, "29 شباط", "2016-02-29", "day", "point"),
    # months and years
    ("سجل التقرير في آب المنصرم 48 حادثة", SAT, "آب المنصرم", "2017-08-01", "month", "point"),
    ("سجل التقرير 48 حادثة في آب، توزعت", SAT, "آب", "2017-08-01", "month", "point"),
    ("قتل عشرات المدنيين خلال شهر آب في الرقة", SAT, "خلال شهر آب", "2017-08-01", "month", "point"),
    ("سيطر التنظيم على المدينة في حزيران 2016", SAT, "حزيران 2016", "2016-06-01", "month", "point"),
    ("ومنذ اعتداءات باريس عام 2015 تغير الموقف", SAT, "عام 2015", "2015-01-01", "year", "point"),
    ("سجل 594 حادثة منذ مطلع عام 2017، في حين", SAT, "منذ مطلع عام 2017", "2017-01-01", "year", "background"),
    # periods and background spans
    ("بعد أن اخترق خطوط التنظيم الأسبوع الماضي ووصل", SAT, "الأسبوع الماضي", "2017-09-02", "week", "background"),
    ("تبدأ المفاوضات الأسبوع المقبل في جنيف", SAT, "الأسبوع المقبل", "2017-09-16", "week", "background"),
    ("وصلت تعزيزات إلى دير الزور الشهر الماضي", SAT, "الشهر الماضي", "2017-08-01", "month", "background"),
    ("وصلت تعزيزات إلى دير الزور نهاية الشهر الماضي.", SAT, "نهاية الشهر الماضي", "2017-08-31", "month", "background"),
    ("تراجعت الهجمات العام الماضي في إدلب", SAT, "العام الماضي", "2016-01-01", "year", "background"),
    ("تشهد البادية خلال الأسابيع الأخيرة معارك ضارية", SAT, "خلال الأسابيع الأخيرة", "2017-08-19", "month",
     "background"),
    ("الانفتاح اللافت بين البلدين خلال الأسابيع الماضية.", SAT, "خلال الأسابيع الماضية", "2017-08-19", "month",
     "background"),
    ("الذي سبقها نظام الأسد منذ أيام.", SAT, "منذ أيام", "2017-09-06", "week", "background"),
    ("وقبل أيام، قال السبهان إن", SAT, "قبل أيام", "2017-09-06", "week", "background"),
    ("كسر حصارا يفرضه التنظيم منذ ثلاث سنوات", SAT, "منذ ثلاث سنوات", "2014-09-09", "year", "background"),
    ("كسر حصارا يفرضه التنظيم منذ 3 سنوات", SAT, "منذ 3 سنوات", "2014-09-09", "year", "background"),
    ("اعتقل الناشط قبل يومين من منزله", SAT, "قبل يومين", "2017-09-07", "day", "background"),
    ("تراجعت الهجمات مقارنة بالأشهر السابقة", SAT, "الأشهر السابقة", "2017-06-09", "year", "background"),
    ("قتل ثلاثة عناصر خلال يوم الجمعة في درعا", SAT, "خلال يوم الجمعة", "2017-09-08", "day", "point"),
    ("تحاصر القوات الحي منذ يوم الجمعة", SAT, "منذ يوم الجمعة", "2017-09-08", "day", "background"),
    # no publication date: relative words cannot be resolved, explicit years can
    ("قصفت الطائرات الحربية اليوم بلدة كفرنبل", None, "اليوم", None, "day", "point"),
    ("شنوا هجوماً الجمعة، على مواقع قسد", None, "الجمعة", None, "day", "point"),
    ("انسحبت القوات في 29 أغسطس من المنطقة", None, "29 أغسطس", None, "day", "point"),
    ("كسر حصارا يفرضه التنظيم منذ ثلاث سنوات", None, "منذ ثلاث سنوات", None, "year", "background"),
    ("وصلت تعزيزات إلى دير الزور الشهر الماضي", None, "الشهر الماضي", None, "month", "background"),
]

# Numbers, words and phrases that look like dates but are not.
NEAR_MISSES = [
    "استهدفت قوات الأسد حي جوبر وبلدة عين ترما بـ 15 صاروخ فيل",
    "طالب المجلس بتطبيق القرار 2139 الخاص بإدخال المساعدات",
    "سقطت القذائف عند الساعة 5 صباحا على الحي",
    "غادرت بطلب روسي في اليوم التالي لسقوط دمشق",
    "قتل العشرات في ذلك اليوم",
    "بسبب حملات الاعتقال اليومية في المدينة",
    "مارس النظام ضغوطا على الأهالي",
    "بعد ثلاث سنوات من الحصار خرج الأهالي",
    "قال الأمين العام للأمم المتحدة إن الرأي العام",
    "استهدف تنظيم الدولة على نظام الأسد، الذي قام منذ البداية",
    "قبل أن تتمكن القوات من التقدم",
    "قصف من قبل قوات النظام على المدينة",
    "لامس الجنود السياج الحدودي",
    "قتل 30 عنصرا و2 من المدنيين خلال 45 دقيقة",
    "نشر في 32 أيار بيانا",
    "رقم القيد 2017-13-45 في السجل",
    "سيطرت القوات على نحو 1/2 الحي",
    "قتل الأحد عشر عنصرا في الكمين",
]


def _one(sentence: str, published):
    text = normalize(sentence)
    found = find_dates(text, published)
    assert len(found) == 1, [(text[m.start:m.end], m) for m in found]
    return text, found[0]


@pytest.mark.parametrize("sentence,published,phrase,date,precision,kind", CASES)
def test_date_phrase(sentence, published, phrase, date, precision, kind):
    text, m = _one(sentence, published)
    assert text[m.start:m.end] == normalize(phrase)
    assert (m.date, m.precision, m.kind) == (date, precision, kind)


@pytest.mark.parametrize("sentence", NEAR_MISSES)
def test_near_miss_is_no_date(sentence):
    assert find_dates(normalize(sentence), SAT) == []


@pytest.mark.parametrize("sentence", [
    "استهدفت قوات الأسد حي جوبر وبلدة عين ترما بـ 15 صاروخ فيل، ما أدى لسقوط شهداء وجرحى",
    "شنت قوات الأسد حملة دهم واعتقالات في أحياء مدينة حمص بحثا عن مطلوبين للخدمة الإلزامية",
    "تعرضت قرى طلف وحربنفسه بالريف الجنوبي لقصف مدفعي من قبل قوات الأسد",
])
def test_dateless_sentence_costs_one_search(sentence):
    """No anchor word and no digit-separator-digit: one regex search and find_dates returns."""
    assert _grammar().trigger.search(normalize(sentence)) is None
    assert find_dates(normalize(sentence), SAT) == []


def test_several_dates_in_text_order():
    text = normalize("قالت الوزارة أمس الجمعة إن الغارة نفذت يوم الثلاثاء الماضي، بعد حصار منذ ثلاث سنوات")
    found = find_dates(text, SAT)
    assert [(text[m.start:m.end], m.date, m.kind) for m in found] == [
        ("امس الجمعه", "2017-09-08", "point"),
        ("يوم الثلاثاء الماضي", "2017-09-05", "point"),
        ("منذ ثلاث سنوات", "2014-09-09", "background"),
    ]
    assert all(isinstance(m, DateMention) for m in found)


def test_offsets_skip_glued_letters():
    text = normalize("وأمس قصفت الطائرات، وفي آب المنصرم")
    assert [text[m.start:m.end] for m in find_dates(text, SAT)] == ["امس", "اب المنصرم"]


def test_infer_published_reads_a_full_date_only():
    assert infer_published("دمشق - 6 أيلول 2017\nقصفت الطائرات اليوم") == "2017-09-06"
    assert infer_published("نشر في ٢٠١٨-٠٥-٠٢ ...") == "2018-05-02"
    assert infer_published("قصفت الطائرات اليوم في 6 أيلول") is None


@pytest.mark.parametrize("path", sorted(glob.glob(str(config.DATA_RAW / "*.txt"))))
def test_anchor_search_never_hides_a_date(path):
    """Starting the full scan near the first anchor finds what a scan of the whole text finds."""
    text = normalize(open(path, encoding="utf-8-sig").read())
    g = _grammar()
    full = [(m.start(), m.end()) for m in g.pattern.finditer(text) if _resolve(m, g, SAT)]
    fast = [(m.start, m.end) for m in find_dates(text, SAT)]
    assert fast == full


def test_month_table_agrees_with_dateparser():
    """dateparser (ar-SY) as an independent check of dates.yaml's month numbers."""
    settings = {"RELATIVE_BASE": dt.datetime(2017, 9, 9), "PREFER_DATES_FROM": "past"}
    checked = 0
    for month, names in load_lexicon("dates")["months"].items():
        for name in names:
            got = dateparser.parse(f"6 {normalize(name)} 2017", languages=["ar"], locales=["ar-SY"],
                                   settings=settings)
            if got is not None:  # dateparser lacks the article-less forms (تشرين أول …)
                assert got.month == int(month), name
                checked += 1
    assert checked >= 30


def test_lexicon_schema_rejects_a_broken_file():
    data = dict(load_lexicon("dates"))
    data["weekdays"] = {"7": ["الجمعة"]}
    with pytest.raises(LexiconError, match="weekdays"):
        validate_lexicon("dates", data)


def test_a_word_under_two_months_is_an_error():
    from analysis.dates import _Grammar

    data = dict(load_lexicon("dates"))
    data["months"] = {**data["months"], "2": ["شباط", "آذار"]}
    with pytest.raises(LexiconError, match="آذار"):
        _Grammar(data)


MONTH_NAMES = [(int(m), n) for m, ns in load_lexicon("dates")["months"].items() for n in ns]


@given(st.sampled_from(MONTH_NAMES), st.integers(1, 28),
       st.dates(min_value=dt.date(2011, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_day_month_is_latest_not_after_published(month_name, day, published):
    month, name = month_name
    text = normalize(f"قتل مدنيان في {day} {name} بقصف")
    (m,) = find_dates(text, published)
    d = dt.date.fromisoformat(m.date)
    assert (d.month, d.day) == (month, day)
    assert published - dt.timedelta(days=366) < d <= published


# An article naming a year later than its file's date was not published then: its relative
# dates ("أمس") are not resolved against that date. Years before or equal to it change nothing.
LATER_YEAR = [("2016", "2018-05-09"), ("2018", "2018-05-09"), ("1998", "2018-05-09"), ("2024", None), ("2019", None)]


@pytest.mark.parametrize("year, expected", LATER_YEAR)
@pytest.mark.parametrize("glue", [" ", "\n", "\n\n"], ids=["same paragraph", "next line", "next paragraph"])
def test_an_article_naming_a_later_year_is_not_dated_by_its_file(year, expected, glue):
    from analysis.extract import extract_document
    from analysis.ingest import Document
    text = (f"قصفت طائرات حربية بلدة كفرنبل بريف إدلب أمس، ما أدى إلى مقتل 3 مدنيين.{glue}"
            f"وجاء ذلك في تقرير نشر في العام {year} عن الحرب.")
    events = extract_document(Document("d", text, published="2018-05-10")).events
    assert [e["event_date"] for e in events] == [expected]
