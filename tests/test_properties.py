"""Property tests: arbitrary bytes and text never crash the reader or the segmenter."""
import re

from hypothesis import given, settings, strategies as st

from analysis.ingest import iter_documents
from analysis.ingest.encoding import DecodeError, decode
from analysis.text import arabic
from analysis.text.matcher import PhraseMatcher, WordGate, alternation
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


# Few letters, so that words overlap, sit inside other words and carry proclitics often.
_GATE_LETTERS = "وفبلكاتن"
_GATE_WORD = st.text(alphabet=st.sampled_from(list(_GATE_LETTERS)), min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_GATE_WORD, st.sampled_from("xyz"), st.booleans()), max_size=6),
       st.lists(st.tuples(st.text(alphabet=st.sampled_from(list(_GATE_LETTERS + " ")), min_size=1, max_size=6)
                          .map(str.strip).filter(bool), st.integers(0, 3)), max_size=5),
       st.data())
def test_word_gate_finds_what_its_definition_says(words, entries, data):
    """WordGate.scan against its definition, read off the text directly: a word stands when no
    letter follows it and the letters before it in its word are none or (where allowed) one or
    two proclitics; a rider's raw hits are its forms that open a word, wherever they end."""
    # the words and phrases themselves, with up to three letters before and after, between blanks
    piece = st.tuples(st.text(alphabet=st.sampled_from(list(_GATE_LETTERS)), max_size=3),
                      st.sampled_from([w for w, _, _ in words] + [e for e, _ in entries] + [""]),
                      st.text(alphabet=st.sampled_from(list(_GATE_LETTERS)), max_size=3),
                      st.sampled_from([" ", "  ", ".", "، ", "1"])).map("".join)
    text = "".join(data.draw(st.lists(piece, max_size=8)))
    rider = PhraseMatcher(entries)
    gate = WordGate(words, riders=[rider])
    tags, (raw,) = gate.scan(text)
    clitics = arabic.proclitic_letters()

    def before(s: int) -> str:   # the letters before `s` in its word
        k = s
        while k and text[k - 1].isalpha():
            k -= 1
        return text[k:s]

    want = set()
    for word, tag, glued in words:
        for s in (m.start() for m in re.finditer(f"(?={re.escape(word)})", text)):
            end, pre = s + len(word), before(s)
            if (end == len(text) or not text[end].isalpha()) and (
                    not pre or (glued and len(pre) <= 2 and all(c in clitics for c in pre))):
                want.add(tag)
    assert tags == want
    hits = {(s + len(form) - 1, form) for form, _ in rider.items()
            for s in (m.start() for m in re.finditer(f"(?={re.escape(form)})", text)) if not before(s)}
    values = dict(rider.items())
    assert sorted(raw) == sorted((last, values[form]) for last, form in hits)


@settings(max_examples=300, deadline=None)
@given(st.lists(_GATE_WORD, min_size=1, max_size=8), _GATE_WORD, st.text(alphabet=st.sampled_from(list(_GATE_LETTERS + " ")), max_size=6))
def test_alternation_matches_the_longest_word_a_text_opens_with(words, word, rest):
    """`alternation` is a trie of the words: it matches exactly the words, and at a position
    the longest of them that the text opens with (what the scanners' "longest first" needs)."""
    pattern = re.compile(alternation(words))
    assert (pattern.fullmatch(word) is not None) == (word in words)
    text = word + rest
    m = pattern.match(text)
    opens = [w for w in words if text.startswith(w)]
    assert (m.group() if m else None) == (max(opens, key=len) if opens else None)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=60), ARABISH,
                 st.text(alphabet=st.sampled_from(list(" _0٣²½ⅫIأ،.\n")), max_size=12)))
def test_has_letter_is_any_isalpha(text):
    # numerals that are no decimal digit ("²", "½", "Ⅻ") are \w but not letters: the regex
    # prefilter must not count them
    assert arabic.has_letter(text) == any(ch.isalpha() for ch in text)
