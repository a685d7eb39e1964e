"""Property tests: arbitrary bytes and text never crash the reader or the segmenter."""
from hypothesis import given, settings, strategies as st

from analysis.ingest import iter_documents
from analysis.ingest.encoding import DecodeError, decode
from analysis.text import arabic
from analysis.text.normalize import NormText
from analysis.text.segment import segment

ARABISH = st.text(alphabet=st.sampled_from(list("قصفعلىحلبإدلب ٣٥.،؛!؟\n:\r\"«»()TT0123456789ـًٌ")),
                  max_size=400)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_decode_never_crashes(data):
    try:
        text, enc, _ = decode(data)
        assert isinstance(text, str) and enc
    except DecodeError as e:
        assert e.status in {"binary", "decode_error"}


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=1500), st.sampled_from([".txt", ".jsonl", ".csv", ".html"]))
def test_reader_yields_documents_for_any_bytes(tmp_path_factory, data, suffix):
    f = tmp_path_factory.mktemp("p") / f"x{suffix}"
    f.write_bytes(data)
    docs = list(iter_documents([f]))
    for d in docs:
        assert d.status and (d.status == "ok") == (d.error is None) or d.status == "duplicate_id"


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=500), ARABISH))
def test_segment_offsets_stay_inside_text(text):
    s = segment(text)
    for p in s.paragraphs:
        assert 0 <= p.start < p.end <= len(text)
    for x in s.sentences:
        assert 0 <= x.start < x.end <= len(text)
        assert s.paragraphs[x.paragraph].start <= x.start and x.end <= s.paragraphs[x.paragraph].end


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), ARABISH), st.data())
def test_normalised_spans_map_inside_text(text, data):
    n = NormText(text)
    if not n.text:
        return
    i = data.draw(st.integers(0, len(n.text) - 1))
    j = data.draw(st.integers(i + 1, len(n.text)))
    a, b = n.start(i), n.end(j)
    assert 0 <= a < b <= len(text)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), ARABISH), st.data())
def test_word_before_is_the_last_word_a_regex_finds(text, data):
    """word_before's character loop gives what the WORD pattern gives: the last run of word
    characters before `pos`, cut at `floor` and at `pos`."""
    pos = data.draw(st.integers(0, len(text)))
    floor = data.draw(st.integers(0, pos))
    found = arabic.WORD.findall(text, floor, pos)
    expected = found[-1] if found else ""
    assert arabic.word_before(text, pos, floor) == expected
