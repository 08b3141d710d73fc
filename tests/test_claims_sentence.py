"""checks.claims._Sentence: the clause breaks found once answer what rescanning the sentence answered."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govinfo_check.checks.claims import _BREAK, _STRONG_BREAK, _Sentence

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
