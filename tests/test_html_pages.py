"""Report pages as government sites publish them (tests/data/html/pages.yaml): the real report's
title and narrative in the site's markup, with the three tables written as those sites write them
(<p><span> cells, &nbsp; zeros, Word's mso- HTML, a layout table around the body, GBK without a
declared charset, full-width digits, <br> in labels, thead/tbody, flattened header rows, tables
pasted as pictures). The table cells are generated so that every relation of the format holds and
the narrative's figures are the table's: every figure must be read exactly, and no error found."""

from __future__ import annotations

import hashlib
import html as htmlmod
import random
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from govinfo_check import checker, engine, pipeline
from govinfo_check.models import Paragraph

import test_properties  # noqa: F401 - loads tools/make_samples.py as ``make_samples``

ms = test_properties.ms
DATA = Path(__file__).parent / "data" / "html"
PAGES = yaml.safe_load((DATA / "pages.yaml").read_text(encoding="utf-8"))["pages"]
RULES = engine.load_rules()
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ORG = ms.ORG_COLUMNS
COLS = (*ORG, "total")


# --- figures: consistent, and the narrative's ----------------------------------------------------


def figures_for(page: dict) -> dict[str, Any]:
    rng = random.Random(int(hashlib.sha1(page["name"].encode()).hexdigest()[:8], 16))
    f = ms.random_figures(rng, "small")
    req = page["requests"]
    by_col = req.get("new_by_column") or ms._spread(rng, req["new"], {"natural": 80, "business": 8, "legal": 4,
                                                                      "research": 0, "nonprofit": 0, "other_org": 2})
    carried_in = _split(rng, req["carried_in"], by_col)
    carried_fw = _split(rng, req["carried_forward"], {c: by_col[c] + carried_in[c] for c in ORG})
    for c in ORG:
        handled = by_col[c] + carried_in[c] - carried_fw[c]
        outcomes = ms._spread(rng, handled, ms.OUTCOME_WEIGHTS)
        f[f"requests.new.{c}"], f[f"requests.carried_in.{c}"] = by_col[c], carried_in[c]
        f[f"requests.carried_forward.{c}"], f[f"requests.handled_total.{c}"] = carried_fw[c], handled
        for row in ms.OUTCOME_ROWS:
            f[f"requests.{row}.{c}"] = outcomes[row]
    for row in ms.REQUEST_ROWS:
        f[f"requests.{row}.total"] = sum(f[f"requests.{row}.{c}"] for c in ORG)
    ap = page["appeals"]
    _appeal(f, "review", ap["review"], ap.get("review_pending", 0), rng)
    _appeal(f, "suit_direct", ap["suits"], ap.get("suits_pending", 0), rng)
    _appeal(f, "suit_after_review", 0, 0, rng)
    assert ms.check_relations(f) == []
    return f


def _split(rng: random.Random, n: int, room: dict[str, int]) -> dict[str, int]:
    """n units over the columns, none above its room (the largest column takes what is left)."""
    out = dict.fromkeys(ORG, 0)
    for _ in range(n):
        free = [c for c in ORG if room[c] - out[c] > 0]
        out[rng.choice(free) if free else max(ORG, key=room.get)] += 1
    return out


def _appeal(f: dict, group: str, total: int, pending: int, rng: random.Random) -> None:
    done = total - pending
    upheld = rng.randint(0, done)
    corrected = rng.randint(0, done - upheld)
    parts = {"upheld": upheld, "corrected": corrected, "other": done - upheld - corrected, "pending": pending}
    for k, v in parts.items():
        f[f"appeals.{group}.{k}"] = v
    f[f"appeals.{group}.total"] = total


# --- markup -----------------------------------------------------------------------------------


class Page:
    """Writes one page in the markup its YAML names."""

    def __init__(self, page: dict, figures: dict[str, Any]) -> None:
        self.p, self.f, self.m = page, figures, page["markup"]
        self.word = self.m["container"] == "word"
        self.n = 0  # figures written so far (full-width digits go to every third)

    # cells
    def num(self, key: str) -> str:
        v = self.f[key]
        self.n += 1
        if v == 0 and self.m["zero"] == "nbsp":
            return "&nbsp;"
        text = f"{v:.2f}".rstrip("0").rstrip(".") if isinstance(v, Decimal) else str(v)
        if self.m["fullwidth"] and v and self.n % 3 == 0:
            text = text.translate(FULLWIDTH)
        return text

    def td(self, text: str, rs: int = 1, cs: int = 1, width: int = 60, tag: str = "td") -> str:
        span = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
        if self.word:
            body = text if text != "&nbsp;" else ""
            return (f"<{tag} width={width}{span.replace(chr(34), '')} valign=top style='width:{width / 1.33:.1f}pt;"
                    "border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>"
                    "<p class=MsoNormal align=center style='text-align:center'><span lang=EN-US "
                    f"style='font-size:10.5pt;font-family:宋体;mso-bidi-font-family:宋体'>{body}<o:p>"
                    f"{'&nbsp;' if not body else ''}</o:p></span></p></{tag}>")
        if self.m["cells"] == "p-span":
            return (f'<{tag}{span} style="width:{width}px;border:1px solid #000;" valign="middle">'
                    f'<p style="text-align:center;"><span style="font-family:宋体;font-size:14px;">{text}</span></p></{tag}>')
        return f"<{tag}{span}>{text}</{tag}>"

    def label(self, text: str, br_at: int | None = None) -> str:
        if self.m["labels_br"] and br_at and len(text) > br_at:
            return text[:br_at] + "<br/>" + text[br_at:]
        return htmlmod.escape(text)

    def table(self, rows: list[str], head: int = 0) -> str:
        if self.word:
            widths = "".join(f"<td width={w} style='border:none'></td>" for w in (40, 60, 120) + (50,) * 7)
            return ("<div align=center><table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 width=620 "
                    "style='width:465.0pt;border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;"
                    "mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>\n"
                    + "\n".join(f" <tr style='mso-yfti-irow:{i};height:20.0pt'>{r}</tr>" for i, r in enumerate(rows))
                    + f"\n <![if !supportMisalignedColumns]>\n <tr height=0>{widths}</tr>\n <![endif]>\n</table></div>")
        if head and self.m["container"] == "plain":
            return ('<table class="table" border="1" cellspacing="0" width="100%"><thead>'
                    + "".join(f"<tr>{r}</tr>" for r in rows[:head]) + "</thead><tbody>"
                    + "".join(f"<tr>{r}</tr>" for r in rows[head:]) + "</tbody></table>")
        return ('<table border="1" cellspacing="0" cellpadding="0" align="center" style="border-collapse:collapse;">'
                "<tbody>" + "".join(f"<tr>{r}</tr>" for r in rows) + "</tbody></table>")

    # the three tables
    def active(self) -> str:
        t, n = self.td, self.num
        rows = []
        for head, cols, items in (
            ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"],
             [("规章", "regulation", ("issued", "repealed", "in_force")),
              ("行政规范性文件", "normative", ("issued", "repealed", "in_force"))]),
            ("第二十条第（五）项", ["本年处理决定数量"], [("行政许可", "license", ("decisions",))]),
            ("第二十条第（六）项", ["本年处理决定数量"], [("行政处罚", "penalty", ("decisions",)),
                                                 ("行政强制", "coercion", ("decisions",))]),
            ("第二十条第（八）项", ["本年收费金额（单位：万元）"], [("行政事业性收费", "fee", ("amount",))]),
        ):
            if self.m.get("active_split"):  # one small table per clause, the clause as a caption line
                rows.append(self.para(head))
            else:
                rows.append(t(head, cs=4, width=560))
            cs = 3 if len(cols) == 1 else 1
            rows.append(t("信息内容") + "".join(t(self.label(c, 4), cs=cs) for c in cols))
            for label, key, fields in items:
                rows.append(t(label) + "".join(t(n(f"active.{key}.{fld}"), cs=cs) for fld in fields))
        if not self.m.get("active_split"):
            return self.table(rows)
        out, part = [], []
        for r in rows + ["<p>"]:
            if r.startswith("<p"):
                if part:
                    out.append(self.table(part))
                out.append(r if r != "<p>" else "")
                part = []
            else:
                part.append(r)
        return "\n".join(out)

    def requests(self) -> str:
        t, n, lab = self.td, self.num, self.label
        org = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
        rows = []
        if self.m["header"] == "rowspan":
            rows.append(t("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rs=3, cs=3)
                        + t("申请人情况", cs=7))
            rows.append(t("自然人", rs=2) + t("法人或其他组织", cs=5) + t("总计", rs=2))
            rows.append("".join(t(lab(o, 2)) for o in org))
        else:  # the merged cells written out, as some editors save them
            rows.append(t("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", cs=3)
                        + t("申请人情况", cs=7))
            rows.append(t("", cs=3) + t("自然人") + t("法人或其他组织", cs=5) + t("总计"))
            rows.append(t("", cs=3) + t("") + "".join(t(lab(o, 2)) for o in org) + t(""))

        def figs(row: str) -> str:
            return "".join(t(n(f"requests.{row}.{c}")) for c in COLS)

        rows.append(t(lab("一、本年新收政府信息公开申请数量", 4), cs=3) + figs("new"))
        rows.append(t(lab("二、上年结转政府信息公开申请数量", 4), cs=3) + figs("carried_in"))
        groups: list[tuple[str, list[str]]] = []
        for row in ms.OUTCOME_ROWS + ("handled_total",):
            _, group, item = ms.T3_LABELS[row]
            if groups and groups[-1][0] == group and item:
                groups[-1][1].append(row)
            else:
                groups.append((group, [row]))
        first = True
        for group, members in groups:
            for i, row in enumerate(members):
                cells = ""
                if first:
                    cells += t("三、本年度办理结果", rs=22)
                    first = False
                item = ms.T3_LABELS[row][2]
                if item:
                    cells += (t(group, rs=len(members)) if i == 0 else "") + t(lab(item, 6))
                else:
                    cells += t(lab(group, 6), cs=2)
                rows.append(cells + figs(row))
        rows.append(t("四、结转下年度继续办理", cs=3) + figs("carried_forward"))
        split = self.m.get("split")
        if not split:
            return self.table(rows, head=3)
        # the table cut in two before （四）无法提供, as an editor pasting it page by page leaves it:
        # the long 三、本年度办理结果 cell ends at the cut and goes on, empty, in the second part;
        # "repeat" prints the three header rows again on top of the second part
        k = next(i for i, r in enumerate(rows) if "（四）无法提供" in r)
        first = [rows[0], *rows[1:k]]
        first[5] = first[5].replace('rowspan="22"', f'rowspan="{k - 5}"').replace("rowspan=22", f"rowspan={k - 5}")
        rest = [t("", rs=22 - (k - 5)) + rows[k], *rows[k + 1:]]
        if split == "repeat":
            rest = rows[:3] + rest
        return (self.table(first, head=3) + self.para("（续表）") + self.table(rest, head=3 if split == "repeat" else 0))

    def appeals(self) -> str:
        t, n = self.td, self.num
        outs = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
        rows = [t("行政复议", cs=5) + t("行政诉讼", cs=10),
                "".join(t(self.label(o, 2), rs=2) for o in outs) + t("未经复议直接起诉", cs=5) + t("复议后起诉", cs=5),
                "".join(t(self.label(o, 2)) for o in outs * 2),
                "".join(t(n(f"appeals.{g}.{o}")) for g in ms.APPEAL_GROUPS for o in ms.APPEAL_OUTCOMES)]
        return self.table(rows, head=3)

    # text
    def para(self, text: str) -> str:
        heading = text.startswith("#")
        text = htmlmod.escape(text.lstrip("#"))
        if self.word:
            inner = f"<b><span style='font-family:黑体'>{text}</span></b>" if heading else \
                f"<span style='font-size:16.0pt;font-family:仿宋_GB2312'>{text}<o:p></o:p></span>"
            return f"<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0'>{inner}</p>"
        if self.m["cells"] == "p-span":
            return f'<p style="text-indent:2em;"><span style="font-family:仿宋_GB2312;font-size:16px;">{text}</span></p>'
        return f"<p>{text}</p>"

    def body(self) -> str:
        parts = [self.para(s) for s in self.p["narrative"]]
        images = self.p["markup"].get("tables_as") == "images"
        stem = self.p["name"]
        for i, (head, table) in enumerate((("二、主动公开政府信息情况", self.active),
                                           ("三、收到和处理政府信息公开申请情况", self.requests),
                                           ("四、政府信息公开行政复议、行政诉讼情况", self.appeals)), start=1):
            parts.append(self.para("#" + head))
            if images:
                parts.append(f'<p style="text-align:center;"><img src="./{stem}_files/image00{i}.png" '
                             f'width="600" title="{head}" border="0"/></p>')
            else:
                parts.append(table())
        parts += [self.para("#五、存在的主要问题及改进情况"),
                  self.para("一是政务公开工作机制有待进一步完善；二是政策解读形式还不够丰富。下一步，将进一步加强业务培训，提升政务公开工作水平。"),
                  self.para("#六、其他需要报告的事项"),
                  self.para("本年度未收取信息处理费。")]
        return "\n".join(parts)

    def document(self) -> str:
        title, body = htmlmod.escape(self.p["title"]), self.body()
        charset = "gb2312" if self.m["encoding"] == "gbk" else "utf-8"
        meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if self.m["meta"] else ""
        c = self.m["container"]
        if c == "word":
            return ("<html xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" "
                    "xmlns:w=\"urn:schemas-microsoft-com:office:word\" xmlns=\"http://www.w3.org/TR/REC-html40\">\n"
                    f"<head>{meta}<meta name=ProgId content=Word.Document><meta name=Generator content=\"Microsoft Word 15\">"
                    f"<title>{title}</title><!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View>"
                    "</w:WordDocument></xml><![endif]--><style><!-- p.MsoNormal{mso-style-parent:\"\";margin:0cm;} --></style>"
                    "</head>\n<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>\n"
                    f"<div class=WordSection1 style='layout-grid:15.6pt'>\n<p class=MsoNormal align=center "
                    f"style='text-align:center'><b><span style='font-size:22.0pt;font-family:方正小标宋简体'>{title}"
                    f"<o:p></o:p></span></b></p>\n{body}\n</div></body></html>")
        head = (f"<!DOCTYPE html><html><head>{meta}<title>{title}_政府信息公开年报</title>"
                "<script>var _hmt = _hmt || [];</script></head><body>")
        nav = ('<div class="header"><div class="nav"><a href="/">首页</a><a>政务公开</a><a>政务服务</a><a>互动交流</a></div></div>'
               '<div class="breadcrumb">当前位置：<a>首页</a> &gt; <a>政府信息公开</a> &gt; <a>政府信息公开年报</a></div>')
        tools = ('<div class="article-tools"><span>【字体：<a>大</a> <a>中</a> <a>小</a>】</span><span>分享到：</span>'
                 '<a href="javascript:window.print()">【打印本页】</a><a href="javascript:window.close()">【关闭窗口】</a></div>')
        prev_year = self.p["title"].replace(str(self.p["year"]), str(self.p["year"] - 1))
        pager = (f'<div class="pre-next"><p>上一篇：<a>{prev_year}</a></p><p>下一篇：<a>关于公布2024年度重大行政决策事项目录的通知</a></p></div>'
                 f'<div class="xgwz"><h3>相关文章</h3><ul><li><a>{prev_year}</a></li></ul></div>')
        foot = ('<div class="footer"><p>主办单位：人民政府办公室 版权所有</p>'
                '<p>网站标识码：4208020001 鄂ICP备05001234号 鄂公网安备 42080202000123号</p></div>')
        chrome = self.m["chrome"]
        if c == "zoom":  # the pager inside the report's box, not marked by a class
            inner_pager = ("<p>（责任编辑：王华）</p><p>【我要纠错】 【打印本页】 【关闭窗口】</p><div><a>打印</a> | <a>关闭</a></div>"
                           "<div>【字号 大 中 小】 <a>收藏</a></div>"
                           + pager.replace(' class="pre-next"', "")) if chrome else ""
            # the 信息公开 record of the document, printed as a table above the text
            record = (f'<table class="xxgk_table"><tr><td>索引号：</td><td>11330825002598177F/{self.p["year"] + 1}-00012</td>'
                      f'<td>发布机构：</td><td>县政府办公室</td></tr><tr><td>名称：</td><td colspan="3">{title}</td></tr>'
                      f'<tr><td>文号：</td><td></td><td>成文日期：</td><td>{self.p["year"] + 1}-01-30</td></tr></table>')
            body = (record if chrome else "") + body
            # the old sites' left menu is a table of links, one of them 依申请公开
            menu = ('<td width="200" valign="top"><table width="200"><tr><td><a>政府信息公开指南</a></td></tr>'
                    '<tr><td><a>政府信息公开制度</a></td></tr><tr><td><a>法定主动公开内容</a></td></tr>'
                    '<tr><td><a>依申请公开</a></td></tr><tr><td><a>政府信息公开年报</a></td></tr></table></td>')
            return (head + '<table width="1000" align="center"><tr><td class="top" colspan="2">' + (nav if chrome else "") +
                    f'</td></tr><tr>{menu if chrome else ""}<td><table width="760"><tr><td align="center"><h2>{title}</h2></td></tr>'
                    f'<tr><td>发布日期：2024-01-30 信息来源：县政府办</td></tr></table>'
                    f'<div id="zoom">{body}{inner_pager}</div></td></tr>'
                    f'<tr><td colspan="2">{tools if chrome else ""}</td></tr><tr><td class="bottom" colspan="2">{foot if chrome else ""}</td></tr>'
                    "</table></body></html>")
        box = 'class="TRS_Editor"' if c == "trs" else 'class="article-content"'
        return (head + (nav if chrome else "") + f'<div class="main"><h1 class="title">{title}</h1>'
                '<div class="info">发布时间：2025-01-22 来源：区政府办 浏览次数：356</div>'
                f'<div {box}>{body}</div>' + (tools + pager if chrome else "") + "</div>" + (foot if chrome else "")
                + "</body></html>")

    def bytes(self) -> bytes:
        text = self.document()
        return text.encode("gb18030" if self.m["encoding"] == "gbk" else "utf-8")


def write_page(page: dict, folder: Path) -> tuple[Path, dict[str, Any]]:
    figures = figures_for(page)
    suffix = ".htm" if page["markup"]["container"] == "word" else ".html"
    path = folder / f"{page['name']}{suffix}"
    path.write_bytes(Page(page, figures).bytes())
    return path, figures


def read_figures(report) -> dict[str, Decimal]:
    """key → the number read (a blank cell counts as 0, as the rules count it)."""
    return {k: (Decimal(0) if f.value.kind == "blank" else f.value.number) for k, f in report.figures.items()}


TABLE_PAGES = [p for p in PAGES if p["markup"].get("tables_as") != "images"]


@pytest.mark.parametrize("page", TABLE_PAGES, ids=[p["name"] for p in TABLE_PAGES])
def test_every_figure_is_read_exactly_and_nothing_is_wrong(page: dict, tmp_path: Path) -> None:
    path, figures = write_page(page, tmp_path)
    result = checker.check_file(path, RULES)
    report = result.report
    assert (report.reader, report.problems, report.year) == ("html", [], page["year"])
    got = read_figures(report)
    wrong = {k: (got.get(k), v) for k, v in figures.items() if got.get(k) != Decimal(v)}
    assert wrong == {}
    assert len(got) == 200
    # nothing is wrong with these reports: no error and no warning (notes on the prose of 五/六 may be)
    assert [(f.code, f.message("zh")) for f in result.findings if f.severity != "info"] == []
    paras = [b.text for b in report.document.blocks if isinstance(b, Paragraph)]
    assert paras[0] == page["title"]
    for sentence in page["narrative"]:
        assert sentence.lstrip("#") in paras
    for chrome in ("首页", "当前位置", "分享到", "打印本页", "关闭窗口", "网站标识码", "发布时间", "发布日期", "浏览次数", "字体",
                   "上一篇", "下一篇", "相关文章", str(page["year"] - 1), "政府信息公开制度", "责任编辑", "纠错", "打印", "收藏"):
        assert not any(chrome in p for p in paras), chrome


IMAGE_PAGES = [p for p in PAGES if p["markup"].get("tables_as") == "images"]


@pytest.mark.parametrize("boxed", [False, True], ids=["img", "img-in-a-table"])
@pytest.mark.parametrize("page", IMAGE_PAGES, ids=[p["name"] for p in IMAGE_PAGES])
def test_tables_published_as_pictures_are_said_per_table_and_nothing_is_guessed(page: dict, tmp_path: Path,
                                                                                boxed: bool) -> None:
    path, _ = write_page(page, tmp_path)
    if boxed:  # an editor centring each picture in a one-cell table
        html = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(<img [^>]*>)", r'<table align="center"><tr><td>\1</td></tr></table>', html),
                        encoding="utf-8")
    result = checker.check_file(path, RULES)
    assert result.report.figures == {}
    got = [(f.code, f.location.table, f.severity) for f in result.findings if f.severity != "info"]
    assert got == [("S-001", "active", "error"), ("S-001", "requests", "error"), ("S-001", "appeals", "error")]
    assert all("以图片形式插入" in f.message("zh") for f in result.findings if f.code == "S-001")
    # the narrative is still read: its statistics period and year
    assert (result.report.year, result.report.period_years) == (page["year"], [page["year"]])


def test_a_small_image_in_the_text_is_no_table(tmp_path: Path) -> None:
    """An icon (a PDF symbol before an attachment link, a bullet) is not a table pasted as a picture."""
    page = dict(IMAGE_PAGES[0])
    doc_icon = '<p><img src="/images/pdf.gif" width="16" height="16"/>附件：年度报告.pdf</p>'
    html = Page(page, figures_for(page)).document().replace('<img src="./', '<img width="16" src="./')
    path = tmp_path / "icons.html"
    path.write_text(html.replace("</h1>", "</h1>" + doc_icon), encoding="utf-8")
    result = checker.check_file(path, RULES)
    assert sorted({f.code for f in result.findings if f.severity == "error"}) == ["S-001"]
    assert all("未找到" in f.message("zh") for f in result.findings if f.code == "S-001")
    assert not any(b.has_drawing for b in result.report.document.blocks if isinstance(b, Paragraph))


# --- page markup a reader must see through -----------------------------------------------------


def _grid(path: Path) -> list[list[str]]:
    from govinfo_check.models import Table

    [t] = [b for b in pipeline.parse_file(path).document.blocks if isinstance(b, Table)]
    return [[c.text if c else "" for c in row] for row in t.grid]


WORD_PAGE = ("<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head><meta http-equiv=Content-Type "
             "content=\"text/html; charset=utf-8\"><title>某某区2024年政府信息公开工作年度报告</title></head><body>"
             "<div class=WordSection1><p class=MsoNormal>一、总体情况</p><table class=MsoNormalTable border=1>"
             "<tr><td><p class=MsoNormal>信息内容</p></td><td><p class=MsoNormal>本年制发件数</p></td></tr>"
             "<tr style='display:none'><td>行政规范性文件</td><td>99</td></tr>"
             "<tr><td style='display:none'>0</td><td>信息内容</td><td>本年废止件数</td></tr>"
             "<tr><td><p class=MsoNormal>行政规范性文件</p></td><td><p class=MsoNormal><span lang=EN-US>{cell}"
             "<o:p></o:p></span></p></td></tr></table></div></body></html>")


@pytest.mark.parametrize("cell,text", [
    # Word's "save as web page" of a report with tracked changes: the deletion is not the report's text
    ("<del cite=\"mailto:admin\" datetime=\"2025-01-20T09:30\">56</del><ins cite=\"mailto:admin\" "
     "datetime=\"2025-01-20T09:30\">59</ins>", "59"),
    ("59", "59"),
])
def test_word_tracked_deletions_and_hidden_rows_are_not_read(tmp_path: Path, cell: str, text: str) -> None:
    path = tmp_path / "报告.htm"
    path.write_text(WORD_PAGE.format(cell=cell), encoding="utf-8")
    assert _grid(path) == [["信息内容", "本年制发件数"], ["信息内容", "本年废止件数"], ["行政规范性文件", text]]


@pytest.mark.parametrize("folder", ["报告_files", "报告.files"])
def test_a_page_saved_complete_is_one_report(tmp_path: Path, folder: str) -> None:
    """A browser saves 报告_files/, Word and IE in Chinese 报告.files/: the page's own parts
    (frames, header.htm, filelist.xml, images), never reports of their own."""
    page, _ = write_page(PAGES[0], tmp_path)
    page = page.rename(tmp_path / "报告.html")
    assets = tmp_path / folder
    assets.mkdir()
    (assets / "header.htm").write_text("<html><body><p>页眉</p></body></html>", encoding="utf-8")
    (assets / "filelist.xml").write_text("<xml/>", encoding="utf-8")
    (assets / "image001.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    lone = tmp_path / "notes.files"  # no page beside it: an ordinary folder
    lone.mkdir()
    (lone / "other.htm").write_bytes(page.read_bytes())
    got = checker.collect_paths([tmp_path])
    assert (sorted(got.files), got.skipped) == (sorted([page, lone / "other.htm"]), [assets])


# --- a published page as it is ----------------------------------------------------------------

SHANGHAI = yaml.safe_load((DATA / "shanghai-office-2019.yaml").read_text(encoding="utf-8"))


def test_a_published_2019_page_is_read_cell_by_cell() -> None:
    """The page's own markup (<td nowrap style="width:…"><p align="center">, &nbsp; for an empty
    cell, <br /> in labels, colspans of table 二 that do not line up from row to row)."""
    result = checker.check_file(DATA / "shanghai-office-2019.html", RULES)
    r = result.report
    assert (r.reader, r.format_version, r.year, r.agency) == ("html", "2019", 2019, "上海市人民政府办公厅")

    def printed(key: str) -> int | None:
        f = r.figures.get(key) or r.extras[key]
        return None if f.value.kind == "blank" else int(f.value.number)

    cols = (*ORG, "total")
    for row, values in SHANGHAI["requests"].items():
        assert [printed(f"requests.{row}.{c}") for c in cols] == values, row
    appeals = [f"appeals.{g}.{o}" for g in ms.APPEAL_GROUPS for o in ms.APPEAL_OUTCOMES]
    assert [printed(k) for k in appeals] == SHANGHAI["appeals"]
    for row, values in SHANGHAI["active2019"].items():
        assert {k: printed(f"active2019.{row}.{k}") for k in values} == values
    v003 = sorted((f.args["row_id"], f.location.column_label) for f in result.findings if f.code == "V-003")
    assert v003 == sorted((row, "总计") for row in SHANGHAI["blank_totals"])


ATTACHMENT_PAGE = ("<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
                   "<div class='breadcrumb'>当前位置：首页 &gt; 政府信息公开年报</div><div class='main'><h1>{title}</h1>"
                   "<div class='info'>发布时间：2025-01-22</div><div class='TRS_Editor'>{body}</div></div></body></html>")


@pytest.mark.parametrize("body,finding", [
    # the report published as an attachment: the page only names and links it
    ("<p>附件：<a href='/xxgk/P020250122.pdf'>硚口区人民政府办公室2024年政府信息公开工作年度报告.pdf</a></p>",
     ["F-027"]),
    ("<p><a href='./W020250122_1.docx'>点击下载</a>年度报告全文</p>", ["F-027"]),
    ("<p>年度报告全文如下：</p><iframe src='/pdfjs/web/viewer.html?file=/P020250122.pdf' width='100%'></iframe>", ["F-027"]),
])
def test_a_page_that_only_links_to_the_report_says_so_once(tmp_path: Path, body: str, finding: list[str]) -> None:
    path = tmp_path / "page.html"
    path.write_text(ATTACHMENT_PAGE.format(title=PAGES[0]["title"], body=body), encoding="utf-8")
    result = checker.check_file(path, RULES)
    assert [f.code for f in result.findings] == finding
    assert "附件" in result.findings[0].message("zh") and "attachment" in result.findings[0].message("en")


def test_a_report_page_with_an_attachment_link_is_read(tmp_path: Path) -> None:
    """The body printed on the page and the same report also offered for download: the page is read."""
    html = Page(PAGES[0], figures_for(PAGES[0])).document().replace(
        "</h1>", "</h1><p>附件：<a href='/P0202501.pdf'>年度报告.pdf</a></p>")
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    result = checker.check_file(path, RULES)
    assert (len(result.report.figures), [f.code for f in result.findings if f.severity == "error"]) == (200, [])


# --- encodings as pages are really saved -----------------------------------------------------


@pytest.mark.parametrize("declared,actual", [
    ("gb2312", "utf-8"),        # the site serves UTF-8 (HTTP header) but the page keeps its old <meta>
    ("iso-8859-1", "gbk"),      # a server's default charset, the page is GBK
    ("utf-8", "gbk"),           # declared wrongly, a short page: too little for statistical detection
    (None, "gbk"),              # nothing declared
    ("gbk", "gb18030"),
    ("utf-8", "utf-8"),
])
@pytest.mark.parametrize("text", [PAGES[0]["title"], "（二）依申请公开情况", "新收到依申请公开政府信息42件，"])
def test_the_page_text_survives_a_wrong_or_missing_charset(tmp_path: Path, declared: str | None, actual: str,
                                                           text: str) -> None:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">' if declared else ""
    page = f"<html><head>{meta}</head><body><p>{text}</p></body></html>"
    path = tmp_path / "p.html"
    path.write_bytes(page.encode(actual))
    assert [b.text for b in pipeline.parse_file(path).document.blocks] == [text]


@pytest.mark.parametrize("span", ['"2"', '" 2 "', '"2.0"', '"2px"', "2", '"２"'])
def test_span_attributes_are_read_as_browsers_read_them(tmp_path: Path, span: str) -> None:
    path = tmp_path / "t.html"
    path.write_text("<p>一、总体情况</p><table><tr><td>信息内容</td><td colspan=" + span + ">本年处理决定数量</td></tr>"
                    "<tr><td rowspan=" + span + ">行政许可</td><td>3</td><td>4</td></tr><tr><td>5</td><td>6</td></tr></table>",
                    encoding="utf-8")
    assert _grid(path) == [["信息内容", "本年处理决定数量", "本年处理决定数量"], ["行政许可", "3", "4"], ["行政许可", "5", "6"]]


# --- a page saved as one file: .mht / .mhtml ---------------------------------------------------


def _web_archive(html: bytes, charset: str, kind: str) -> bytes:
    """A web archive as Word writes its 单个文件网页 (quoted-printable, the page's charset in the part
    header, a note before the first part) or as a browser saves a page (headers of its own)."""
    from email.mime.base import MIMEBase
    from email.mime.multipart import MIMEMultipart
    from email import encoders

    archive = MIMEMultipart("related", boundary="----=_NextPart_01DB6B5A.2C8E4F60")
    if kind == "word":
        archive.preamble = "NOTE"  # Word writes its note in the page's code page: set below, as bytes
    else:
        archive["From"] = "<Saved by Blink>"
        archive["Snapshot-Content-Location"] = "https://www.jmdbq.gov.cn/art/2025/2/8/art_28090_1130982.html"
    page = MIMEBase("text", "html", charset=charset)
    page.set_payload(html)
    encoders.encode_quopri(page) if kind == "word" else encoders.encode_base64(page)
    page["Content-Location"] = "file:///C:/report.files/report.htm" if kind == "word" else "https://www.jmdbq.gov.cn/"
    archive.attach(page)
    picture = MIMEBase("image", "png")
    picture.set_payload(b"\x89PNG\r\n\x1a\n" + bytes(64))
    encoders.encode_base64(picture)
    archive.attach(picture)
    return archive.as_bytes().replace(b"NOTE", "此文档为“单个文件网页”，也称为“Web 档案”文件。".encode("gbk"), 1)


@pytest.mark.parametrize("kind,suffix", [("word", ".mht"), ("browser", ".mhtml")])
def test_a_page_saved_as_one_file_is_read_like_the_page(tmp_path: Path, kind: str, suffix: str) -> None:
    page = PAGES[1]  # 东宝区, written by Word in GB2312
    figures = figures_for(page)
    html = Page(page, figures).bytes()
    path = tmp_path / f"report{suffix}"
    path.write_bytes(_web_archive(html, "gb2312", kind))
    assert checker.is_supported(path)
    result = checker.check_file(path, RULES)
    assert (result.report.reader, result.report.problems) == ("html", [])
    got = read_figures(result.report)
    assert {k: got.get(k) for k in figures} == {k: Decimal(v) for k, v in figures.items()}
    assert [f.code for f in result.findings if f.severity != "info"] == []
    assert result.report.title == page["title"]


def test_a_web_archive_without_a_page_is_one_finding(tmp_path: Path) -> None:
    path = tmp_path / "empty.mht"
    data = _web_archive(b"<html></html>", "utf-8", "word").replace(b"Content-Type: text/html", b"Content-Type: text/plain")
    path.write_bytes(data)
    assert [p.code for p in pipeline.parse_file(path).problems] == ["F-027"]
