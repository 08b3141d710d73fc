"""values.parse_value: every cell form of FORMAT.md "Cell values seen"."""

from __future__ import annotations

from decimal import Decimal

import pytest

from govinfo_check.values import REASONS, parse_value


@pytest.mark.parametrize("text,number,unit", [
    ("0", 0, ""), ("12", 12, ""), (" 12 ", 12, ""), ("１２", 12, ""), ("12件", 12, "件"), ("12 件", 12, "件"),
    ("1,234", 1234, ""), ("1，234", 1234, ""), ("007", 7, ""), ("3.0", 3, ""),
])
def test_counts(text, number, unit):
    v = parse_value(text)
    assert (v.kind, v.number, v.unit, v.raw) == ("number", Decimal(number), unit, text)


@pytest.mark.parametrize("text", ["", "   ", "\u3000\u3000", "\xa0", "—", "——", "–", "-", "－", "/", "／", "无",
                                  " 无 ", "\u200b"])
def test_blank_forms_read_as_zero_but_stay_blank(text):
    v = parse_value(text)
    assert (v.kind, v.number, v.raw) == ("blank", Decimal(0), text)
    assert v.as_number == 0


@pytest.mark.parametrize("text,reason", [
    ("1O", "not_a_number"), ("3、", "not_a_number"), ("l2", "not_a_number"), ("1 2", "not_a_number"),
    ("十二", "not_a_number"), ("无件", "not_a_number"), ("1,23", "not_a_number"), ("件", "not_a_number"),
    ("-1", "negative"), ("－3", "negative"), ("1.5", "not_integer"), ("+3", "signed"), ("12元", "bad_unit"),
])
def test_invalid_counts_keep_raw_and_reason(text, reason):
    v = parse_value(text)
    assert (v.kind, v.number, v.reason, v.raw) == ("invalid", None, reason, text)
    assert v.as_number is None
    assert reason in REASONS


@pytest.mark.parametrize("text,number,unit", [
    ("7730.28", "7730.28", ""), ("0", "0", ""), ("25.1万元", "25.1", "万元"), ("251000元", "25.1", "元"),
    ("1元", "0.0001", "元"), ("3.14159", "3.14159", ""), ("１２．５", "12.5", ""), ("1,000.50", "1000.50", ""),
])
def test_decimals_are_exact(text, number, unit):
    v = parse_value(text, "decimal")
    assert (v.kind, v.number, v.unit) == ("number", Decimal(number), unit)
    assert str(v.number) == number  # printed digits kept: a rule judges the number of decimals


@pytest.mark.parametrize("text,reason", [("-0.5", "negative"), ("12件", "bad_unit"), ("1.2.3", "not_a_number"),
                                         ("约5", "not_a_number")])
def test_invalid_decimals(text, reason):
    v = parse_value(text, "decimal")
    assert (v.kind, v.reason) == ("invalid", reason)


def test_signed_type_for_2019_change_column():
    assert parse_value("+1036", "signed").number == 1036
    assert parse_value("-417", "signed").number == -417
    assert parse_value("—", "signed").kind == "blank"
    assert parse_value("1.5", "signed").reason == "not_integer"


def test_unknown_type_is_a_programming_error():
    with pytest.raises(ValueError):
        parse_value("1", "percent")
