"""figures.extract_figures and pipeline.parse_document: values with their source cells; canonical
keys vs format-specific extras."""

from __future__ import annotations

from decimal import Decimal

from test_locate import P, active_2019_table, build_doc, official_blocks, run

from govinfo_check import fields
from govinfo_check.figures import extract_figures
from govinfo_check.pipeline import parse_document


def parsed(values=None, single_other=False, blocks=None):
    return parse_document(build_doc(blocks or official_blocks(values, single_other=single_other)))


def test_every_canonical_key_has_a_figure_with_its_source():
    values = {"requests.new.natural": "12", "requests.withheld_law.business": "3", "appeals.suit_direct.pending": "1",
              "active.normative.in_force": "26", "active.fee.amount": "7730.28"}
    r = parsed(values)
    assert set(r.figures) == set(fields.canonical_keys()) and r.extras == {}
    for key, text in values.items():
        assert r.figures[key].value.raw == text
    fig = r.figures["requests.withheld_law.business"]
    assert (fig.value.kind, fig.value.number) == ("number", 3)
    src = fig.source
    assert (src.table, src.table_index, src.raw) == ("requests", 9, "3")
    assert src.row_label == "三、本年度办理结果 / （三）不予公开 / 2.其他法律行政法规禁止公开"
    assert src.column_label == "法人或其他组织 / 商业企业"
    assert r.tables["requests"].table.at(src.row, src.col).text == "3"
    assert r.figures["appeals.suit_direct.pending"].source.column_label == "行政诉讼 / 未经复议直接起诉 / 尚未审结"
    assert r.figures["active.fee.amount"].value.number == Decimal("7730.28")
    assert r.figures["active.fee.amount"].source.column_label == "本年收费金额（单位：万元）"
    assert r.number("requests.new.natural") == 12


def test_invalid_and_blank_cells_become_values_not_guesses():
    r = parsed({"requests.granted.natural": "1O", "requests.granted.total": "", "appeals.review.other": "-1",
                "active.fee.amount": "251000元"})
    g = r.figures["requests.granted.natural"].value
    assert (g.kind, g.reason, g.raw) == ("invalid", "not_a_number", "1O")
    assert r.number("requests.granted.natural") is None
    assert r.figures["requests.granted.total"].value.kind == "blank"
    assert r.figures["appeals.review.other"].value.reason == "negative"
    fee = r.figures["active.fee.amount"].value
    assert (fee.number, fee.unit) == (Decimal("25.1"), "元")


def test_hybrid_other_row_goes_to_extras_not_to_canonical_items():
    values = {"requests.other_total.natural": "4", "requests.other_total.total": "4"}
    r = parsed(values, single_other=True)
    assert r.format_version == "hybrid"
    assert r.extras["requests.other_total.natural"].value.number == 4
    assert r.extras["requests.other_total.natural"].source.row_label == "三、本年度办理结果 / （六）其他处理"
    for item in ("other_no_correction", "other_unpaid", "other_other"):
        assert not any(k.startswith(f"requests.{item}.") for k in r.figures)
    assert len(r.figures) == len(fields.canonical_keys()) - 21
    assert set(r.extras) == {f"requests.other_total.{c}" for c in fields.APPLICANT_COLUMNS}


def test_2019_table_two_maps_only_same_meaning_cells_to_canonical_keys():
    blocks = official_blocks(single_other=True)
    blocks[7] = active_2019_table({"active.license.decisions": "35", "active2019.license.change": "+3",
                                   "active2019.procurement.amount": "49925.36",
                                   "active2019.normative.public_total": "19"})
    r = parsed(blocks=blocks)
    assert r.format_version == "2019"
    assert r.figures["active.license.decisions"].value.number == 35
    assert r.figures["active.license.decisions"].source.column_label == "处理决定数量"
    for key in ("active.regulation.issued", "active.normative.in_force", "active.fee.amount"):
        assert key not in r.figures
    assert r.extras["active2019.license.change"].value.number == 3  # the 增/减 column may carry a sign
    assert r.extras["active2019.procurement.amount"].value.number == Decimal("49925.36")
    assert r.extras["active2019.normative.public_total"].source.row_label == "规范性文件"
    assert {k for k in r.extras if k.startswith("active2019.")} == {
        f.key for f in fields.extra_fields() if f.key.startswith("active2019.")}


def test_picture_table_gives_no_figures():
    blocks = official_blocks()
    blocks[11] = P("", has_drawing=True)
    r = parsed(blocks=blocks)
    assert r.tables["appeals"].is_picture
    assert not any(k.startswith("appeals.") for k in r.figures)
    assert any(k.startswith("requests.") for k in r.figures)


def test_extract_figures_on_a_located_report_is_idempotent():
    r = run(official_blocks({"requests.new.total": "5"}))
    assert r.figures == {}
    extract_figures(r)
    first = dict(r.figures)
    extract_figures(r)
    assert r.figures == first and r.figures["requests.new.total"].value.number == 5


def test_parse_document_keeps_the_document():
    doc = build_doc(official_blocks())
    r = parse_document(doc)
    assert r.document is doc and r.path == doc.path and r.problems == []
