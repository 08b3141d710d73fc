"""checks.claims._Sentence: the clause breaks found once answer what rescanning the sentence answered."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govinfo_check.checks.claims import _BREAK, _STRONG_BREAK, MENTION_NUMBER, _Sentence, load_vocabulary

_ALPHABET = st.sampled_from(list("，,；;：:（）()、[]【】。 \t\u3000") + list("收到申请12件其中予以公开"))


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=24), st.data())
def test_breaks_match_a_rescan(printed, data):
    s = _Sentence(printed)
    text = s.text
    assert text == "".join(ch for ch in printed if not ch.isspace())
    pos = data.draw(st.integers(0, len(text)))
    floor = data.draw(st.integers(0, pos))
    assert s.strong_before(pos) == max((m.end() for m in _STRONG_BREAK.finditer(text, 0, pos)), default=0)
    nxt = _STRONG_BREAK.search(text, pos)
    assert s.strong_from(pos) == (nxt.start() if nxt else len(text))
    assert s.break_before(pos, floor) == max([floor] + [m.end() for m in _BREAK.finditer(text, floor, pos)])
    brk = _BREAK.search(text, floor, pos)
    assert s.break_in(floor, pos) == (brk.start() if brk else None)


@pytest.mark.parametrize("printed,start,end,clause", [
    ("共收到申请 12 件，其中予以公开 3 件。", 15, 17, "其中予以公开 3 件"),
    ("共收到申请12件，其中予以公开3件。", 5, 8, "共收到申请12件"),
])
def test_clause_at_returns_the_printed_clause(printed, start, end, clause):
    assert _Sentence(printed).clause_at(start, end) == clause


# The mention pattern is written to open with a character class (so the engine can skip ahead);
# it must find exactly what the plain form with leading look-behinds found.
_PLAIN_NUMBER = (r"(?<![0-9０-９.．第])(?P<num>[0-9０-９](?:[0-9０-９]|[,，](?=[0-9０-９]{3}))*(?:[.．][0-9０-９]+)?"
                 r"|(?<![零〇○一二两三四五六七八九十百千])[零〇○一二两三四五六七八九十百千]+)")
_MENTION_ALPHABET = st.sampled_from(list("0123456789０９.．,，第零〇○一二两三四五六七八九十百千件条个%％余多年\n 的申请万元"))


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_MENTION_ALPHABET, max_size=16), st.integers(0, 16))
def test_mention_pattern_finds_what_the_plain_form_finds(text, pos):
    new = load_vocabulary().mention
    old = re.compile(_PLAIN_NUMBER + new.pattern[len(MENTION_NUMBER):])
    assert [(m.span(), m.groupdict()) for m in new.finditer(text)] == \
        [(m.span(), m.groupdict()) for m in old.finditer(text)]
    a, b = new.search(text, min(pos, len(text))), old.search(text, min(pos, len(text)))
    assert (a and a.span()) == (b and b.span())


@pytest.mark.parametrize("sentence,numbers", [
    ("共收到申请1,234件，其中第2季度12件", ["1,234", "12"]),
    ("答复三十二件，第十二条", ["三十二"]),
    ("占51.85%", ["51.85"]),
])
def test_mention_numbers(sentence, numbers):
    assert [m["num"] for m in load_vocabulary().mention.finditer(sentence)] == numbers
