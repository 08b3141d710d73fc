"""Chinese numerals in report prose, read by our own reader and held to cn2an's answers (the library
we used before: it is the oracle here, no longer a run-time dependency; see numerals.py for why)."""

from __future__ import annotations

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govinfo_check.numerals import parse_number


def _cn2an(text: str) -> int | None:
    try:
        value = cn2an.cn2an(text.replace("○", "〇"), "normal")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return int(value) if float(value).is_integer() else None


@pytest.mark.parametrize("token, value", [
    # forms met in published reports (e.g. "共收到政府信息公开申请两件", "二〇二四年", "三万五千余条")
    ("两", 2), ("十二", 12), ("二十", 20), ("一百零三", 103), ("两千零五", 2005), ("一千零一十", 1010),
    ("二〇二四", 2024), ("二○二四", 2024), ("〇", 0), ("一万零五百", 10500), ("九千九百九十九万九千九百九十九", 99999999),
    # spoken abbreviations: the last digit counts in the unit below the last unit
    ("一千一", 1100), ("二百五", 250), ("三万五", 35000), ("一百一", 110),
])
def test_numerals_reports_use(token: str, value: int) -> None:
    assert parse_number(token) == value


@pytest.mark.parametrize("token", ["百", "万", "十十", "万五", "一千零一百", "十零二", "九两千五", "三百两万", "〇八十九"])
def test_malformed_numerals_are_not_guessed(token: str) -> None:
    # cn2an reads some of these (九两千五 → 11500); a report's count is never read from such a token
    assert parse_number(token) is None


@settings(max_examples=3000, deadline=None)
@given(st.integers(min_value=0, max_value=10**8 - 1))
def test_every_well_formed_numeral_agrees_with_cn2an(n: int) -> None:
    text = cn2an.an2cn(n, "low")
    assert parse_number(text) == n == _cn2an(text)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="零〇○一二两三四五六七八九十百千万", min_size=1, max_size=8))
def test_what_we_read_cn2an_reads_the_same(text: str) -> None:
    ours = parse_number(text)
    if ours is not None:
        assert ours == _cn2an(text)
