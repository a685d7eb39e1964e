"""Text as it comes from the web: page and social-media chrome around a post, menu trails,
posts repeated by the scraper, region tags, one-line posts with no full stop. Each report is
built from parts (a wrapper × a report × a layout), so a rule is shown to hold for every
combination, not for one page.
"""
import pytest

from analysis.extract import extract_document
from analysis.ingest import Document

# reports written for these tests: (text, place, governorate, killed)
REPORTS = [
    ("مقتل ثلاثة مدنيين بقصف مدفعي لقوات النظام على بلدة كفرنبل بريف إدلب الجنوبي", "كفرنبل", "SY-ID", 3),
    ("استشهاد طفلين جراء غارة جوية روسية على قرية معرة حرمة جنوب ادلب", "معرة حرمة", "SY-ID", 2),
    ("قتل أربعة مدنيين بقصف مدفعي للجيش التركي استهدف قرية أم الكيف بريف تل تمر شمال غربي الحسكة", "أم الكيف", "SY-HA", 4),
]
TWEET = "Copy link to Tweet\n\nEmbed Tweet\n\n{post}\n\n12 Retweets\n\n30 Likes\n\nBack to top ↑\n\nLoading seems to be taking a while."
WRAPPERS = {
    "bare": "{post}",
    "tweet": TWEET,
    "tweet, picture link glued": TWEET.replace("{post}", "{post}pic.twitter.com/Ab12Cd34Ef"),
    "menu trail": "الرئيسية  سياسة  سوريا  {post}  أخبار ذات صلة  شارك",
    "repeated post": "{post}...  {post} اليوم",
    "region tag": "#منطقة| {post}",
    "telegram link": "{post}  الصور على قناة التلغرام: https://t.me/example_channel",
}
ENDINGS = ["", ".", " …"]


def run(text: str) -> list[dict]:
    return extract_document(Document(doc_id="w", text=text, published="2023-06-14", published_basis="metadata")).events


@pytest.mark.parametrize("report, place, admin1, killed", REPORTS)
@pytest.mark.parametrize("wrapper", WRAPPERS)
@pytest.mark.parametrize("ending", ENDINGS, ids=["no-stop", "stop", "ellipsis"])
def test_a_post_in_its_chrome_is_one_event(report, place, admin1, killed, wrapper, ending):
    evs = run(WRAPPERS[wrapper].format(post=report + ending))
    assert len(evs) == 1, [e["text"] for e in evs]
    (e,) = evs
    assert (e["location"], e["admin1"], e["killed"]) == (place, admin1, killed)


@pytest.mark.parametrize("wrapper", [w for w in WRAPPERS if w != "bare"])
def test_chrome_alone_is_no_event(wrapper):
    assert run(WRAPPERS[wrapper].format(post="إلى متى يبقى العالم صامتاً أمام ما يجري في سوريا؟")) == []


@pytest.mark.parametrize("tag, admin1", [("#ديرالزور|", "SY-DY"), ("#حلب |", "SY-HL"), ("#ريف_دمشق|", "SY-RD")])
def test_a_post_tag_is_its_region(tag, admin1):
    (e,) = run(f"{tag} مقتل شاب برصاص مجهولين في قرية تل شمسين")
    assert (e["admin1"], e["admin1_basis"]) == (admin1, "header")
