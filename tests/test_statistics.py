"""Monitor statistics: figures a report states about a period → one row per figure."""
import pytest

from analysis.extract import extract_document
from analysis.ingest import Document

REPORT = (
    "أصدرت الشبكة السورية لحقوق الإنسان تقريرها الشهري الخاص بتوثيق حوادث الاعتداء على المراكز الحيوية المدنية.\n"
    "وقد وثق التقرير 312 حادثة اعتداء على مراكز حيوية مدنية منذ مطلع عام 2016، في حين سجل 37 حادثة في تموز، "
    "توزعت حسب الجهة المستهدفة إلى 19 حادثة على يد قوات الأسد، و9 على يد القوات الروسية، و4 على يد تنظيم الدولة، "
    "و5 على يد جهات أخرى.\n"
    "وفصل التقرير في المراكز المعتدى عليها في تموز، حيث توزعت إلى 12 من المراكز الحيوية الطبية، "
    "8 من المراكز الحيوية التربوية، 3 من المخيمات.\n"
)


def stats(text, published="2016-08-05"):
    res = extract_document(Document(doc_id="r", text=text, published=published, published_basis="metadata"))
    return res, {(r["dimension"], r["category"], r["value"]) for r in res.statistics}


def test_report_figures():
    res, got = stats(REPORT)
    assert got == {
        ("total", "2016", 312), ("total", "2016-07", 37),
        ("perpetrator", "government", 19), ("perpetrator", "russia", 9), ("perpetrator", "isis", 4),
        ("perpetrator", "other", 5),
        ("facility_type", "medical", 12), ("facility_type", "educational", 8), ("facility_type", "camp", 3),
    }
    assert {r["reporter"] for r in res.statistics} == {"snhr"}
    assert {r["metric"] for r in res.statistics} == {"facility_attacks"}
    for r in res.statistics:
        assert str(r["value"]) in REPORT[r["char_start"]:r["char_end"]]
    assert res.events == []


def test_no_monitor_no_statistics():
    _, got = stats("قصفت قوات الأسد 12 قرية في ريف حماة الشمالي بأكثر من 40 قذيفة.")
    assert got == set()


# A monitor's figures with separators, each reporter × each way of grouping digits.
MONITORS = ["الشبكة السورية لحقوق الإنسان", "المرصد السوري لحقوق الإنسان"]
FIGURES = [("1,250", 1250), ("1.250", 1250), ("١٬٢٥٠", 1250), ("1\u202f250", 1250), ("٤٥٠", 450)]


@pytest.mark.parametrize("monitor", MONITORS)
@pytest.mark.parametrize("figure, value", FIGURES)
@pytest.mark.parametrize("unit, metric", [("حادثة", "incidents"), ("ضحية", "killed"), ("حالة اعتقال", "arrests")])
def test_figures_with_separators(monitor, figure, value, unit, metric):
    res, got = stats(f"أصدرت {monitor} تقريرها الشهري.\nوقد وثق التقرير {figure} {unit} منذ مطلع عام 2016.\n")
    assert got == {("total", "2016", value)}
    assert {r["metric"] for r in res.statistics} == {metric}


# A count over a period is also a statistics row, with the period the text gives (published 2016-08-05).
PERIOD_TOTALS = [
    ("وثقت الشبكة السورية لحقوق الإنسان مقتل 312 مدنيا بغارات الطيران منذ بداية العام.", "snhr", "2016"),
    ("قتل 41 مدنيا بقصف قوات النظام منذ بداية الشهر في ريف إدلب.", "unattributed", "2016-08"),
    ("قتل أكثر من 250 ألف شخص منذ 2011 في سوريا.", "unattributed", "2011/2016-08-05"),
    ("قتل 210 مدنيين خلال شهر تموز في محافظة إدلب.", "unattributed", "2016-07"),
    ("أكد المرصد السوري لحقوق الإنسان مقتل 95 مدنيا منذ مطلع عام 2015 في الرقة.", "sohr", "2015"),
]


@pytest.mark.parametrize("text, reporter, period", PERIOD_TOTALS)
def test_a_period_total_is_a_statistics_row(text, reporter, period):
    res, _ = stats(text)
    (e,) = res.events
    assert e["scope"] == "period_total"
    assert [(r["reporter"], r["period"], r["metric"], r["value"]) for r in res.statistics] == \
        [(reporter, period, "killed", e["killed"])]


def test_a_period_total_without_a_period_is_no_statistics_row():
    res, got = stats("وأكد المرصد أن 173 مدنيا قتلوا جراء هذه الغارات خلال هذه الفترة.")
    assert [e["scope"] for e in res.events] == ["period_total"] and got == set()
