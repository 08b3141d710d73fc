"""checks.claims: what the reader works out once per sentence, or only when asked, answers what the
plain reading answered.

* ``_Reader._last_in``: where a word list was last named before a point of the sentence, read off the
  sentence's matches (found once), equals scanning the prefix again;
* ``read_text``: the topic, wider scope and part of the year a sentence carries over to the next one,
  worked out only when the next sentence asks, give the claims the sentence-by-sentence reading gave.

The paragraphs are built from the real sentences of tests/data/narrative_sentences.yaml (each with its
source address there).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from govinfo_check.checks.claims import (
    _OWN_BODY, Claim, _last, _prefix_exact, _Reader, load_vocabulary, read_text, sentences,
)

VOCAB = load_vocabulary()
REAL = [s["text"] for s in yaml.safe_load(
    (Path(__file__).parent / "data" / "narrative_sentences.yaml").read_text(encoding="utf-8"))["sentences"]]
# the scanned word lists' own words, cut up with the characters around them in report prose
_WORDS = ["政府信息公开申请", "信息公开申请", "依申请公开", "申请", "行政复议", "复议", "行政诉讼", "诉讼", "起诉",
          "应诉", "规范性文件", "规章", "12345", "热线", "信箱", "来访", "全区", "各部门", "本级", "系统内"]
_PIECES = st.sampled_from(_WORDS + list("收到件，。；：、其中予以公开0123456789政府信息区市"))


def _eager(text: str, year: int | None, index: int = 0) -> list[Claim]:
    """read_text as it read before: every sentence works out what it hands on, asked or not."""
    out: list[Claim] = []
    topic: str | None = None
    wide = part_year = False
    for s in sentences(text):
        reader = _Reader(s, VOCAB, year, index, topic, wide, part_year)
        out.extend(reader.claims())
        topic = reader.topic_at(len(reader.text)) or topic
        wide = reader.wide or (VOCAB.scope_wide.search(reader.text) is not None
                               and not _OWN_BODY.search(reader.text))
        part_year = reader.part_year or reader.other_period
    return out


def _facts(claims: list[Claim]) -> list[tuple]:
    return [(c.subject.name, c.value, c.certain, c.clause, c.readings, c.why, c.percent, c.paragraph_index)
            for c in claims]


def test_the_scanned_word_lists_are_read_off_the_sentence():
    # every list the reader asks about per mention qualifies; a look-ahead or an anchor would not
    assert all(exact for _, exact in VOCAB.scanned.values())
    assert set(VOCAB.scanned) >= {"requests", "review", "suit", "documents", "foreign", "strong_tie", "scope_wide"}
    import re

    assert not _prefix_exact(re.compile("规范性文件(?=共|$)"))
    assert not _prefix_exact(re.compile("(?:申请)?"))


@pytest.mark.parametrize("text", REAL[:120])
def test_last_in_equals_a_rescan_on_real_sentences(text):
    reader = _Reader(text, VOCAB, 2024, 0)
    for name, (pattern, _) in VOCAB.scanned.items():
        assert [reader._last_in(name, upto) for upto in range(len(reader.text) + 2)] == \
            [_last(pattern, reader.text[:upto]) for upto in range(len(reader.text) + 2)], name


def test_last_in_when_a_word_runs_across_the_point():
    # "政府信息公开申请" runs across 8: the prefix "政府信息公开申" holds no requests word at all, and
    # "行政复议" cut after 复 leaves nothing either, while "…复议" before it stays found
    reader = _Reader("政府信息公开申请10件", VOCAB, 2024, 0)
    assert reader._last_in("requests", 7) == -1 == _last(VOCAB.scanned["requests"][0], reader.text[:7])
    assert reader._last_in("requests", 8) == 8
    reader = _Reader("复议1件，行政复议2件", VOCAB, 2024, 0)
    assert [reader._last_in("review", u) for u in (2, 7, 9)] == [2, 2, 9]


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_last_in_equals_a_rescan(text):
    reader = _Reader(text, VOCAB, 2024, 0)
    for name, (pattern, _) in VOCAB.scanned.items():
        for upto in range(len(reader.text) + 1):
            assert reader._last_in(name, upto) == _last(pattern, reader.text[:upto]), (name, upto)


@pytest.mark.parametrize("year", [2024, None])
def test_read_text_equals_the_eager_reading_on_real_paragraphs(year):
    # consecutive real sentences make paragraphs: topics, scopes and 其中-continuations carry over
    for start in range(0, len(REAL), 4):
        paragraph = "".join(t if t.endswith(("。", "！", "？")) else t + "。" for t in REAL[start:start + 4])
        assert _facts(read_text(paragraph, year, 3)) == _facts(_eager(paragraph, year, 3))


_SENTENCE_PIECES = st.sampled_from([
    "全区共收到政府信息公开申请10件", "其中，予以公开3件", "均已办结", "上半年收到申请5件", "其中部分公开2件",
    "本机关收到申请4件", "行政复议1件", "答复8件", "共收到12345热线来电20件", "此外，办结6件", "结转下年度1件",
    "未收到行政诉讼", "包括网上申请2件", "以上申请均已答复",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_SENTENCE_PIECES, min_size=1, max_size=8))
def test_read_text_equals_the_eager_reading(parts):
    paragraph = "。".join(parts) + "。"
    assert _facts(read_text(paragraph, 2024)) == _facts(_eager(paragraph, 2024))


def test_a_long_run_of_sentences_without_a_topic_inherits_without_recursing():
    # the topic named in the first sentence reaches the last one over 3,000 sentences naming none
    paragraph = "本机关收到政府信息公开申请8件。" + "工作有序开展。" * 3000 + "均已办结8件。"
    assert [(c.subject.name, c.value) for c in read_text(paragraph, 2024)] == [("received", 8), ("handled", 8)]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(list("。！？!?，\n \u3000") + ["收到申请", "12件"]), max_size=20).map("".join))
def test_sentences_are_what_splitting_after_every_end_mark_gives(text):
    import re

    assert sentences(text) == [s.strip() for s in re.split(r"(?<=[。！？!?])", text) if s.strip()]


@pytest.mark.parametrize("sentence,first", [
    ("本机关受理、办理、答复依申请公开2件。", "received"),   # the list counts by its first verb
    ("县人民政府办公室受理、答复申请12件。", "received"),
])
def test_a_verb_list_counts_by_its_first_verb_read_twice(sentence, first):
    # the first item's verb is looked up once and remembered: the second reading gives the same claims
    once, twice = (_facts(read_text(sentence, 2024)) for _ in range(2))
    assert once == twice and once[0][0] == first
