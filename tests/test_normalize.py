"""normalize.normalize_label: widths, whitespace, brackets, quotes, synonyms and known typos."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govinfo_check import prose
from govinfo_check.normalize import (
    _FOLD,
    _fold,
    display_label,
    label_longer_than,
    nfkc,
    no_whitespace,
    normalize_label,
    strip_numbering,
)


@pytest.mark.parametrize("printed,official", [
    ("商业\n企业", "商业企业"),
    ("社会 公益\u3000组织", "社会公益组织"),
    ("法律\xa0服务\t机构", "法律服务机构"),
    ("(一)予以公开", "（一）予以公开"),
    ("【一】予以公开", "（一）予以公开"),
    ("本年收费金额(单位:万元)", "本年收费金额（单位：万元）"),
    ('3.危及"三安全一稳定"', "3.危及“三安全一稳定”"),
    ("3．危及「三安全一稳定」", "3.危及“三安全一稳定”"),
    ("合计", "总计"),
    ("（七）合计", "（七）总计"),
    ("2.其他法律行政止公开", "2.其他法律行政法规禁止公开"),
    ("（二）部分公开（区分处理的,只计这一情况，不计其他情形）",
     "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("ＡＢＣ１２", "ABC12"),
])
def test_variants_normalise_to_the_official_label(printed, official):
    assert normalize_label(printed) == normalize_label(official)


@pytest.mark.parametrize("a,b", [
    ("予以公开", "不予公开"), ("其他", "其他处理"), ("行政复议", "行政诉讼"), ("1.属于国家秘密", "2.属于国家秘密"),
])
def test_different_labels_stay_different(a, b):
    assert normalize_label(a) != normalize_label(b)


def test_empty_and_whitespace_only():
    assert normalize_label("") == "" and normalize_label("\u3000 \n") == ""


@pytest.mark.parametrize("label,core", [
    ("三、本年度办理结果", "本年度办理结果"), ("(三)不予公开", "不予公开"), ("1.属于国家秘密", "属于国家秘密"),
    ("1、属于国家秘密", "属于国家秘密"), ("三、(三)1.属于国家秘密", "属于国家秘密"), ("其他", "其他"),
    ("三安全一稳定", "三安全一稳定"),
])
def test_strip_numbering(label, core):
    assert strip_numbering(normalize_label(label)) == core


def test_display_label_keeps_widths_but_drops_breaks():
    assert display_label(" 商业\n企业（单位：万元）") == "商业企业（单位：万元）"


# --- the cheap NFKC is NFKC ---------------------------------------------------------------------
# A law, so a property: full-width forms, the ideographic space, combining marks that compose with
# what the full-width forms become (Ａ + U+0301 → Á), compatibility characters (①, ㈠, ﬁ,
# half-width katakana with their voicing marks) and the punctuation of real reports.

_NFKC_ALPHABET = st.sampled_from(
    [chr(c) for c in range(0x20, 0x7F)] + [chr(c) for c in range(0xFF01, 0xFF5F)]
    + list("\u3000\u0301\u0308\u0327\u0338\u3099\u309a\uff9e\uff9f\u2460\u2474\u3220\u3251\ufb01\u00a0"
           "\u2002\u212b\u2126\u226e\uff76\u304b\u30ab\u1100\u1161\u11a8\uac00。、“”《》【】一年申请件"))


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_NFKC_ALPHABET, max_size=16))
def test_nfkc_equals_unicodedata_nfkc(text):
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


@pytest.mark.parametrize("text,expected", [
    ("（一）予以公开，共１２件", "(一)予以公开,共12件"),
    ("收到\u3000申请", "收到 申请"),
    ("Ａ\u0301", "Á"),  # the full-width letter composes with the accent after it
    ("①件", "1件"),
])
def test_nfkc_examples(text, expected):
    assert nfkc(text) == expected


# --- whitespace removal without a pattern -------------------------------------------------------

_SPACES = st.sampled_from(list(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2007\u200a\u2028\u2029\u202f"
                               "\u205f\u3000\u200b\u200c\u200d\u2060\ufeff\u180e") + list("商业企业(一)12件_-,"))


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_SPACES, max_size=16))
def test_no_whitespace_removes_what_the_pattern_removed(text):
    assert no_whitespace(text) == re.sub(r"[\s\u200b\u200c\u200d\u2060\ufeff]+", "", text)


# --- folding without a translate table ------------------------------------------------------------
# normalize._fold replaces str.translate(_FOLD) (which raises and clears a KeyError inside for every
# character the table lacks): a law over any text, the folded characters, what they fold to, and
# the Chinese around them in real labels.

_FOLD_ALPHABET = st.sampled_from(
    sorted({chr(c) for c in _FOLD} | set(_FOLD.values()) | set("予以公开（一）“三安全一稳定”12件《条例》。，")))


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_FOLD_ALPHABET, max_size=24))
def test_fold_equals_the_translate_table(text):
    assert _fold(text) == text.translate(_FOLD)


def test_fold_examples():
    assert _fold("【一】《条例》“三安全一稳定”。") == '(一)(条例)"三安全一稳定".'
    assert _fold("予以公开12件") == "予以公开12件"


# --- "surely longer than" without normalising ----------------------------------------------------
# label_longer_than lets the locator skip long body text before normalising it: whenever it says
# yes, the normalised label IS longer. The alphabet holds what shrinks under normalize_label (marks
# that compose, up to four code points into one: α + ̓ + ̀ + ͅ → ᾂ; Hangul jamo; whitespace and
# zero-width marks; compatibility spaces) and what grows (①, ㍿, 行政止公开).

_SHRINK_PIECES = st.sampled_from(
    list("α\u0313\u0300\u0345\u0301\u0308\u1100\u1161\u11a8e\u0323\u0302 \t\n\u3000\u00a0\u2002\u200b\ufeff"
         "\u00a8\u02d8\u2460\u337f年申请件，。（）") + ["行政止公开"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(_SHRINK_PIECES, max_size=48).map("".join), st.integers(min_value=0, max_value=12))
def test_label_longer_than_never_says_yes_wrongly(text, limit):
    if label_longer_than(text, limit):
        assert len(normalize_label(text)) > limit


def test_label_longer_than_at_the_bound_of_four_marks_composing_into_one():
    four = "α\u0313\u0300\u0345"  # → ᾂ, one character
    assert normalize_label(four * 11) == "ᾂ" * 11
    assert label_longer_than(four * 11, 10)
    assert not label_longer_than(four * 10, 10)
    assert not label_longer_than(four * 12, 12)  # 48 code points, 12 characters: not longer than 12
    assert not label_longer_than("", 0)
    assert label_longer_than("政府信息公开" * 30, 40)
    assert not label_longer_than("一、总体情况" + " " * 200, 40)  # whitespace does not count


def test_display_label_drops_line_breaks_and_zero_width_marks():
    assert display_label("商业\n企业\u200b") == "商业企业"


@pytest.mark.parametrize("label,rest", [
    ("三、(三)1.属于国家秘密", "属于国家秘密"),
    ("(一)予以公开", "予以公开"),
    ("12", "12"),  # a bare number is not an item number
    ("国家秘密", "国家秘密"),
])
def test_strip_numbering_takes_every_leading_number(label, rest):
    assert strip_numbering(label) == rest


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(" \t\n\u3000_-,.，。、（）!?%¥·—…") + list("件1aＡ一")), max_size=12))
def test_prose_has_text_is_a_non_empty_compact(text):
    assert prose.has_text(text) == bool(prose.compact(text))


@pytest.mark.parametrize("text,expected", [
    ("信息处理 费", "信息处理费"),  # PDF breaks words with spaces
    ("收取 3940 元", "收取 3940 元"),  # a space before a digit stays
    ("信息处理\u3000费", "信息处理费"),
    ("未收取信息处理费。", "未收取信息处理费。"),
])
def test_prose_nfkc_closes_gaps_between_cjk_only(text, expected):
    assert prose.nfkc(text) == expected
