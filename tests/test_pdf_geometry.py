"""The PDF reader's geometry on its own: struck-through characters and the frame of a table printed
without one, on characters and lines as pdfplumber gives them. The positions are those measured in
LibreOffice's PDF of samples/positive/tracked-changes-2024.docx (page 3: 56 struck, 59 underlined,
in the reviser's colour) and layout-t2-per-clause-tables-2024.docx (page 2: 表三's header, whose
label column and top row have no lines of their own)."""

from __future__ import annotations

from govinfo_check.readers.pdf.lines import frame_lines
from govinfo_check.readers.pdf.strike import STRUCK, struck
from govinfo_check.values import parse_value

REVISER = (0.0235294117, 0.2745098039, 0.6352941176)
BLACK = (0.0, 0.0, 0.0)


def _char(text: str, x0: float, x1: float, top: float = 80.6, bottom: float = 90.6, colour=REVISER) -> dict:
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "non_stroking_color": colour,
            "object_type": "char"}


def _hline(x0: float, x1: float, y: float, colour=REVISER, width: float = 0.6) -> dict:
    return {"x0": x0, "x1": x1, "top": y - width / 2, "bottom": y + width / 2, "stroking_color": colour,
            "object_type": "line"}


# 5659 as printed: 56 deleted (a line through the digits' middle), 59 inserted (a line at their foot)
CELL = [_char("5", 306.0, 312.4), _char("6", 312.3, 318.7), _char("5", 318.7, 325.1), _char("9", 325.0, 331.4)]
STRIKE = _hline(306.0, 318.7, 87.8)
UNDERLINE = _hline(318.7, 331.4, 91.6)


def _kept(chars: list[dict], drop: set[int]) -> str:
    return "".join(c["text"] for c in chars if id(c) not in drop)


def test_struck_digits_are_dropped_and_underlined_kept() -> None:
    drop, doubt = struck(CELL, [STRIKE, UNDERLINE], [])
    assert _kept(CELL, drop) == "59"
    assert doubt == set()


def test_underline_alone_strikes_nothing() -> None:
    assert struck(CELL, [UNDERLINE], []) == (set(), set())


def test_strike_drawn_as_a_thin_filled_box() -> None:
    box = {"x0": 306.0, "x1": 318.7, "top": 87.5, "bottom": 88.1, "fill": True, "non_stroking_color": REVISER,
           "stroking_color": None, "object_type": "rect"}
    drop, _ = struck(CELL, [], [box])
    assert _kept(CELL, drop) == "59"


def test_a_rule_running_past_the_text_is_no_strike() -> None:
    # a table line through a cell's overflowing text runs on far beyond the characters it crosses
    rule = _hline(54.0, 541.4, 87.8, colour=BLACK)
    black = [dict(c, non_stroking_color=BLACK) for c in CELL]
    assert struck(black, [rule], []) == (set(), set())


def test_a_strike_in_another_colour_marks_the_characters_invalid() -> None:
    black = [dict(c, non_stroking_color=BLACK) for c in CELL]
    drop, doubt = struck(black, [STRIKE], [])
    assert drop == set()
    assert doubt == {id(black[0]), id(black[1])}
    # read_page marks them with U+0336: the cell's value is invalid and shows what was printed
    text = "".join(c["text"] + (STRUCK if id(c) in doubt else "") for c in black)
    assert text == "5\u03366\u033659"
    assert parse_value(text).kind == "invalid"


def _h(x0: float, x1: float, y: float) -> dict:
    return {"x0": x0, "x1": x1, "top": y, "bottom": y, "orientation": "h", "object_type": "line"}


def _v(x: float, top: float, bottom: float) -> dict:
    return {"x0": x, "x1": x, "top": top, "bottom": bottom, "orientation": "v", "object_type": "line"}


# 表三's header without a frame: row lines under 申请人情况 and 商业企业…, column lines from the top
# of the label column's right edge down; the text of the label column and of 申请人情况 and 总计
FRAMELESS = [_h(257.1, 541.4, 702.2), _h(297.8, 500.4, 719.3), _h(54.0, 541.4, 752.9),
             _v(256.4, 686.2, 750.5), _v(297.1, 703.0, 750.5), _v(338.7, 720.1, 750.9), _v(500.3, 703.0, 750.9)]
HEADER_TEXT = [_char("本", 56.9, 66.9, 688.3, 698.3, BLACK), _char("申", 260.0, 270.0, 688.3, 698.3, BLACK),
               _char("总", 503.7, 513.7, 705.5, 715.5, BLACK)]


def test_frame_drawn_around_a_table_printed_without_one() -> None:
    added = frame_lines(FRAMELESS, HEADER_TEXT)
    sides = sorted((e["orientation"], round(e["x0"], 1), round(e["top"], 1), round(e["x1"], 1), round(e["bottom"], 1))
                   for e in added)
    assert sides == [("h", 54.0, 686.2, 541.4, 686.2),  # top, over the label column and 申请人情况
                     ("v", 54.0, 686.2, 54.0, 752.9),  # left, before the label column
                     ("v", 541.4, 686.2, 541.4, 752.9)]  # right, after 总计


def test_no_frame_where_no_text_lies_outside_the_inner_lines() -> None:
    # the same lines with only text inside the ruled cells: nothing tells a missing frame
    inner = [_char("自", 300.6, 310.6, 722.6, 732.6, BLACK)]
    assert frame_lines(FRAMELESS, inner) == []


def test_a_framed_table_gets_no_frame() -> None:
    framed = FRAMELESS + [_h(54.0, 541.4, 686.2), _v(54.0, 686.2, 752.9), _v(541.4, 686.2, 752.9)]
    assert frame_lines(framed, HEADER_TEXT) == []


# 表三 as Chromium prints it (the LibreOffice HTML of samples/positive/plain-2024.docx): the items of
# （三）不予公开 have no left border; their row lines end at x=167 but the first item's top line is the
# group's, running on through the label columns from x=128.5
GROUP = [_h(128.5, 307.2, 507.1)] + [_h(167.0, 307.2, y) for y in (533.6, 559.5, 585.4, 611.3)] + \
    [_v(306.6, 480.0, 620.0), _v(127.9, 480.0, 620.0)]


def _closing_v(edges: list[dict], chars: list[dict]) -> list[tuple[float, float, float]]:
    from govinfo_check.readers.pdf.lines import closing_lines

    return [(round(e["x0"], 1), round(e["top"], 1), round(e["bottom"], 1)) for e in closing_lines(edges, chars)[0]]


def test_column_closed_where_item_lines_end_reaches_the_groups_top_line() -> None:
    first_item = [_char("1", 166.8, 172.4, 516.9, 526.9, BLACK), _char("属", 172.4, 182.4, 516.9, 526.9, BLACK)]
    assert _closing_v(GROUP, first_item) == [(167.0, 507.1, 611.0)]


def test_column_closed_stops_where_text_runs_across_it() -> None:
    # a label printed across x=167 in the first row: the column does not run through it
    across = [_char("属", 160.0, 170.0, 516.9, 526.9, BLACK), _char("于", 170.0, 180.0, 516.9, 526.9, BLACK)]
    assert _closing_v(GROUP, across) == [(167.0, 534.0, 611.0)]


def test_kangxi_radicals_in_the_text_layer_read_as_ideographs() -> None:
    from govinfo_check.readers.pdf import page

    # Chromium's PDF of a report: ⼀ U+2F00, ⼈ U+2F08, ⽆ U+2F46 where the page shows 一, 人, 无
    assert page._RADICALS.sub(page._ideograph, "⼀、本年新收申请⼈⽆") == "一、本年新收申请人无"
    assert page._RADICALS.sub(page._ideograph, "一、人") == "一、人"
