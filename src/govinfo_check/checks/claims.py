"""The claim reader: what a sentence of report prose states about a table figure.

A sentence is cut into *mentions* — a number with its unit ("申请6件", "4条", "51.85%"). Each mention's
*subject* is the text from the previous mention (or the clause start) up to the number, or, when that names
nothing, the words right after the unit ("收到4件政府信息公开申请"). The subject phrase names a figure through
the vocabulary in ``rules/vocab/narrative.yaml``; qualifiers around it decide whether the mention is a claim
about the table at all (another channel, a part of a figure, an outline "六个部分", a subset after 其中) and
how certain it is (error only when subject, scope and unit are unambiguous; a warning when the wording admits
several figures, the scope is wider than the reporting body, or a review count is not tied to disclosure).

The reader knows no phrase itself; everything it recognises is in the vocabulary, so a reviewer can read and
extend it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Iterable, Iterator

from .. import yamlio

from .. import fields as F
from ..models import Paragraph
from ..numerals import parse_number

# ---------------------------------------------------------------------------
# vocabulary
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureDef:
    """A table figure the text can name: one cell or the sum of several (fields.csv keys)."""

    name: str
    keys: tuple[str, ...]
    zh: str
    en: str


@dataclass(frozen=True)
class Subject:
    """What a phrase says a number counts."""

    name: str
    group: str  # the rule comparing it: requests | outcomes | appeals | documents
    strength: int  # in one segment the strongest subject wins (an outcome beats 答复)
    topic: str | None  # requests / appeals: only a claim when the sentence is about that
    readings: tuple[str, ...]  # figure names; several = the wording admits each
    certain: bool  # False: a mismatch is a warning at most
    zh: str
    en: str
    pattern: re.Pattern[str] | None
    loose: re.Pattern[str] | None = None  # phrases naming the figure loosely: a warning, documents topic only
    after_outcomes: tuple[str, ...] = ()  # 合计 after a list of outcomes sums the outcomes
    uncertain_with: tuple[str, ...] = ()  # a sibling subject in the sentence leaves the scope open


@dataclass(frozen=True)
class Vocabulary:
    figures: dict[str, FigureDef]
    subjects: dict[str, Subject]
    topics: dict[str, re.Pattern[str]]
    foreign: re.Pattern[str]
    strong_tie: re.Pattern[str]  # words that bind a request count to disclosure after a foreign word
    sub_channels: re.Pattern[str]
    parts: re.Pattern[str]
    not_requests: re.Pattern[str]
    scope_wide: re.Pattern[str]
    other_period: re.Pattern[str]
    disclosure_tie: re.Pattern[str]
    negation: re.Pattern[str]
    adverse: re.Pattern[str]
    subset: re.Pattern[str]
    count_units: frozenset[str]
    mention: re.Pattern[str]
    not_counted: re.Pattern[str]
    any_subject: re.Pattern[str]  # every phrase at once: most segments name nothing, one search says so
    # the word lists a sentence is asked about at each mention ("was a channel named before this
    # number?"), by name: the pattern and whether its matches in a prefix can be read off the
    # sentence's (:func:`_prefix_exact`)
    scanned: dict[str, tuple[re.Pattern[str], bool]] = field(default_factory=dict, compare=False, hash=False)
    # segments repeat across reports ("予以公开", "部分公开"): their subjects are looked up once
    memo: dict[tuple[str, bool, bool], Any] = field(default_factory=dict, compare=False, hash=False)
    first_verbs: dict[str, Subject | None] = field(default_factory=dict, compare=False, hash=False)  # _first_verb


def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted((str(w) for w in words), key=len, reverse=True))


def _expand(keys: Iterable[str]) -> tuple[str, ...]:
    """fields.csv keys, ``*`` standing for one key segment (requests.withheld_*.total)."""
    known = list(F.field_index())
    out: list[str] = []
    for key in keys:
        if "*" not in key:
            out.append(key)
            continue
        rx = re.compile("^" + re.escape(key).replace(r"\*", r"[^.]*") + "$")
        out.extend(k for k in known if rx.match(k))
    return tuple(out)


# A number: Arabic digits (with thousands separators and a fraction) or Chinese numerals, not
# preceded by a digit, a point or 第, nor a Chinese numeral run by another numeral. Read as
#   (?<![0-9０-９.．第])(?P<num>[0-9０-９](?:[0-9０-９]|[,，](?=[0-9０-９]{3}))*(?:[.．][0-9０-９]+)?
#                            |(?<![零〇○…千])[零〇○…千]+)
# but written to open with a character class, so the regex engine skips to the next digit or numeral
# instead of trying the look-behinds at every character of every paragraph: the first character is
# consumed, then the look-behinds test the one before it (two characters back, the second being that
# digit), and a look-behind on the first character picks the branch.
_D, _CN = "0-9０-９", "零〇○一二两三四五六七八九十百千"
MENTION_NUMBER = (
    rf"(?P<num>[{_D}{_CN}](?:"
    rf"(?<=[{_D}])(?<![{_D}.．第].)(?:[{_D}]|[,，](?=[{_D}]{{3}}))*(?:[.．][{_D}]+)?"
    rf"|(?<=[{_CN}])(?<![{_D}.．第].)(?<![{_CN}].)[{_CN}]*))")


@lru_cache(maxsize=4)
def load_vocabulary(text: str | None = None) -> Vocabulary:
    data: dict[str, Any] = (yamlio.safe_load(text) if text is not None
                            else yamlio.package_data("govinfo_check.rules", "vocab/narrative.yaml"))
    figures = {name: FigureDef(name, _expand(d["keys"]), d["zh"], d["en"]) for name, d in data["figures"].items()}
    subjects = {}
    for name, d in data["subjects"].items():
        unknown = [r for r in d["readings"] + d.get("after_outcomes", []) if r not in figures]
        if unknown:
            raise ValueError(f"narrative vocabulary: subject {name} reads unknown figures {unknown}")
        subjects[name] = Subject(
            name, d["group"], int(d.get("strength", 1)), d.get("topic"), tuple(d["readings"]),
            d.get("certainty", "error") == "error", d["zh"], d["en"],
            re.compile(_alternation(d["phrases"])) if d["phrases"] else None,
            re.compile(_alternation(d["loose"])) if d.get("loose") else None,
            tuple(d.get("after_outcomes", ())), tuple(d.get("uncertain_with", ())))
    units = list(data["count_units"]) + list(data["other_units"])
    mention = re.compile(MENTION_NUMBER + rf"(?P<approx>余|多)?(?P<unit>[%％]|{_alternation(units)})")
    words = lambda key: re.compile(_alternation(data[key]))  # noqa: E731
    vocab = Vocabulary(
        figures=figures, subjects=subjects,
        topics={t: re.compile(_alternation(ws)) for t, ws in data["topics"].items()},
        foreign=words("foreign"),
        strong_tie=re.compile(_alternation(w for w in data["topics"]["requests"] if len(w) >= 4)),
        sub_channels=words("sub_channels"), parts=words("parts"), not_requests=words("not_requests"), scope_wide=words("scope_wide"), other_period=words("other_period"),
        disclosure_tie=words("disclosure_tie"), negation=re.compile(data["negation"]), adverse=words("adverse"),
        subset=words("subset"), count_units=frozenset(data["count_units"]), mention=mention,
        not_counted=re.compile("^(?:" + _alternation(data["not_counted"]) + ")"),
        any_subject=re.compile("|".join(f"(?:{p.pattern})" for subj in subjects.values()
                                        for p in (subj.pattern, subj.loose) if p is not None)))
    scanned = {**vocab.topics, "foreign": vocab.foreign, "strong_tie": vocab.strong_tie, "scope_wide": vocab.scope_wide}
    vocab.scanned.update((name, (pattern, _prefix_exact(pattern))) for name, pattern in scanned.items())
    return vocab


# ---------------------------------------------------------------------------
# claims
# ---------------------------------------------------------------------------


@dataclass
class Claim:
    """One statement about a table figure."""

    subject: Subject
    value: int | None  # None: a share only ("予以公开及部分公开占总数的51.85%")
    certain: bool  # False: a mismatch is reported as a warning
    clause: str  # as printed
    sentence: str  # as printed
    readings: tuple[str, ...]  # figure names
    why: list[str] = field(default_factory=list)  # what lowered the certainty
    percent: Decimal | None = None
    percent_text: str = ""
    paragraph_index: int = 0

    @property
    def group(self) -> str:
        return self.subject.group


# a sentence runs to its end mark (kept) or to the end of the text: what splitting after every end mark
# gives, found by scanning ahead rather than trying a look-behind at every character
_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]|[^。！？!?]+")
# Clause breaks: a subject never reaches across them.
_BREAK = re.compile(r"[，,；;：:（）()、\[\]【】]")
_STRONG_BREAK = re.compile(r"[，,；;：:。]")
_YEAR_FROM = re.compile(r"(?P<y>[12][0-9]{3})年度?(?:结转|转结|遗留|转至|转入)")
_YEAR_TO = re.compile(r"(?:结转|转结|转入|顺延|延续|延期)(?:至|到|入)?(?P<y>[12][0-9]{3})年")
_CONTINUES = re.compile(r"^(?:其中|包括|含|另|此外|以上|上述|这些|均|合计|总计|共计)")
_OWN_BODY = re.compile(r"本机关|本单位|本局|本办|本委|我局|我办|我委|我单位|我中心")
_SHARE = re.compile(r"占|比例|占比|比重")
_RATE = re.compile(r"率$")
_CARRIES = ("carried_in", "carried_forward")
_OPENING = re.compile(r"(?:的|为|系|属|是|均|已)?")
_JOINED = re.compile(r"(?:并|和|及|与|、)(?:已|依法)?")
_INFO_ITEMS = re.compile(r"(?:公开|处理|提供)信息$")
_DIGIT = re.compile(r"[0-9０-９]")
_BARE_PREFIX = re.compile(r"^(?:共|共计|全年|依法|已)")
_EACH = re.compile(r"各|均|分别|都")
_DATED_YEAR = re.compile(r"(?<![0-9])([12][0-9]{3})年(?!\d{1,2}月\d)")
_MAKING = re.compile(r"制发|制定|出台|印发")
_RECEIVING = re.compile(r"收到|受理|接到|接收")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


class _Sentence:
    """A sentence without spaces (PDF text puts them around numbers), mapped back to the printed one.

    Its clause breaks are found once: each mention asks for the break before and after it, and
    rescanning the sentence from its start for every mention made reading quadratic in its length.
    Found on first use: a sentence with no number and no negation never asks."""

    __slots__ = ("_breaks", "_origin", "_strong", "printed", "text")

    def __init__(self, printed: str):
        self.printed = printed
        text = "".join(printed.split())  # str.split() splits on exactly the characters str.isspace() accepts
        self.text = printed if len(text) == len(printed) else text
        self._origin: list[int] | None = None
        self._breaks: list[int] | None = None
        self._strong: list[int] | None = None

    @property
    def breaks(self) -> list[int]:
        """Where the clause breaks are (single characters)."""
        if self._breaks is None:
            self._breaks = [m.start() for m in _BREAK.finditer(self.text)]
        return self._breaks

    @property
    def strong(self) -> list[int]:
        """Where the strong breaks (，；：。) are."""
        if self._strong is None:
            self._strong = [m.start() for m in _STRONG_BREAK.finditer(self.text)]
        return self._strong

    @property
    def origin(self) -> list[int]:
        """Printed offset of each character of ``text`` (and the printed length after the last)."""
        if self._origin is None:
            if len(self.text) == len(self.printed):
                self._origin = list(range(len(self.printed) + 1))
            else:
                self._origin = [i for i, ch in enumerate(self.printed) if not ch.isspace()] + [len(self.printed)]
        return self._origin

    def strong_before(self, pos: int, floor: int = 0) -> int:
        """End of the last strong break in [floor, pos), or ``floor``: where the clause holding ``pos`` starts."""
        i = bisect_left(self.strong, pos)
        return max(floor, self.strong[i - 1] + 1) if i else floor

    def strong_from(self, pos: int) -> int:
        """Start of the first strong break at or after ``pos`` (the text's length when none)."""
        i = bisect_left(self.strong, pos)
        return self.strong[i] if i < len(self.strong) else len(self.text)

    def break_before(self, pos: int, floor: int) -> int:
        """End of the last clause break in [floor, pos), or ``floor``."""
        i = bisect_left(self.breaks, pos)
        return max(floor, self.breaks[i - 1] + 1) if i else floor

    def break_in(self, start: int, end: int) -> int | None:
        """Start of the first clause break in [start, end), None when there is none."""
        i = bisect_left(self.breaks, start)
        return self.breaks[i] if i < len(self.breaks) and self.breaks[i] < end else None

    def clause_at(self, start: int, end: int) -> str:
        """The printed clause around [start, end): from the previous break to the next one."""
        left = self.strong_before(start)
        right = self.strong_from(end)
        origin = self.origin
        return self.printed[origin[left]:origin[right - 1] + 1 if right else 0].strip()


@dataclass
class _Mention:
    start: int  # number start
    end: int  # after the unit
    value: int | None
    unit: str
    approx: bool
    number_text: str


# the same few tokens ("1", "12", "三") come back in sentence after sentence
_count = lru_cache(maxsize=4096)(parse_number)


def _mentions(s: _Sentence, v: Vocabulary) -> list[_Mention]:
    out = []
    for m in v.mention.finditer(s.text):
        if s.text[m.end("num"):m.end("num") + 1] == "年":
            continue  # "2024年": a year, whatever follows
        token = m.group("num")
        value = _count(token) if "." not in token and "．" not in token else None
        out.append(_Mention(m.start(), m.end(), value, m.group("unit"), bool(m.group("approx")), token))
    return out


def _subject_in(text: str, v: Vocabulary, documents: bool = False,
                at_start: bool = False) -> tuple[Subject, int, bool] | None:
    """The subject a segment names: longest phrases first, then the strongest, then the nearest.
    Returns (subject, position, loose). ``documents``: loose document phrases count too (the sentence is about
    规范性文件). ``at_start``: only a phrase opening the text ("7件正在办理中", not "120件做了复议决定")."""
    key = (text, documents, at_start)
    if key not in v.memo:
        if len(v.memo) > 50_000:
            v.memo.clear()  # bounded: a batch of odd reports must not grow it for ever
        v.memo[key] = _find_subject(text, v, documents, at_start) if v.any_subject.search(text) else None
    return v.memo[key]


def _find_subject(text: str, v: Vocabulary, documents: bool, at_start: bool) -> tuple[Subject, int, bool] | None:
    found: list[tuple[int, int, Subject, bool]] = []
    for subj in v.subjects.values():
        for pattern, loose in ((subj.pattern, False), (subj.loose if documents else None, True)):
            if pattern is not None:
                found.extend((m.start(), m.end(), subj, loose) for m in pattern.finditer(text) if m.end() > m.start())
    if at_start:
        found = [f for f in found if _OPENING.fullmatch(text[:f[0]])]
    chosen: list[tuple[int, int, Subject, bool]] = []
    for f in sorted(found, key=lambda f: (-(f[1] - f[0]), f[0])):
        if all(f[1] <= c[0] or f[0] >= c[1] for c in chosen):
            chosen.append(f)
    if not chosen:
        return None
    best = max(chosen, key=lambda c: (c[2].strength, c[1]))
    # "受理并答复…12件", "收到并办结…": two generic verbs joined count by the first
    for c in sorted(chosen):
        if c[2].strength <= 1 and best[2].strength <= 1 and c[1] <= best[0] \
                and _JOINED.fullmatch(text[c[1]:best[0]]):
            return c[2], c[0], c[3]
    return best[2], best[0], best[3]


def _first_verb(item: str, v: Vocabulary) -> Subject | None:
    """The subject whose phrase ends ``item``, the longest such phrase: the list's first verb ends the
    first item ("…管理局受理、办理、答复…"). Items repeat across reports: each is looked up once."""
    if item not in v.first_verbs:
        if len(v.first_verbs) > 50_000:
            v.first_verbs.clear()  # bounded, like ``memo``
        ends = [(m.end() - m.start(), subj) for subj in v.subjects.values() if subj.pattern is not None
                for m in subj.pattern.finditer(item) if m.end() == len(item)]
        v.first_verbs[item] = max(ends, key=lambda e: e[0])[1] if ends else None
    return v.first_verbs[item]


def _last(pattern: re.Pattern[str], text: str) -> int:
    """End of the last match in text, -1 when none."""
    return max((m.end() for m in pattern.finditer(text)), default=-1)


# What can make a pattern's matches in a prefix of a text differ from its matches in the whole text
# other than by the prefix's end: looking ahead, anchors, word boundaries.
_LOOKS_AHEAD = ("(?=", "(?!", "$", "^", "\\b", "\\B", "\\A", "\\Z")


def _prefix_exact(pattern: re.Pattern[str]) -> bool:
    """Whether the matches of ``pattern`` in ``text[:upto]`` are those in ``text`` that end by ``upto``,
    up to the first match running across ``upto``. True for the vocabulary's word lists: a match at a
    position reads only the characters it spans (and those before it), and is never empty."""
    return not any(t in pattern.pattern for t in _LOOKS_AHEAD) and pattern.fullmatch("") is None


_UNSET: Any = object()


class _Reader:
    """One sentence. What it carries over from the sentences before it in its paragraph (the topic
    they ended on, a wider scope, a part of the year) comes from ``prev``, the previous sentence's
    reader, and is worked out only when this sentence asks: most never do. ``inherited``, ``wide``
    and ``part_year`` give the same directly (one sentence read alone)."""

    def __init__(self, printed: str, v: Vocabulary, year: int | None, paragraph_index: int,
                 inherited: str | None = None, wide: bool = False, part_year: bool = False,
                 prev: _Reader | None = None):
        self.s = _Sentence(printed)
        self.text = self.s.text
        self.v = v
        self.prev = prev
        self._inherited = inherited
        self._after: str | None = _UNSET  # what the next sentence inherits (topic_after)
        self._spans: dict[str, tuple[list[int], list[int]]] = {}
        continues = (wide or part_year or prev is not None) and _CONTINUES.match(self.text) is not None
        # the previous sentence spoke for a wider body and this one goes on from it ("全区共收到…。其中，予以
        # 公开…"); a sentence with a subject of its own ("政府信息公开行政复议351件") starts afresh
        self.wide = continues and (wide or (prev is not None and prev.wide_after())) \
            and not _OWN_BODY.search(self.text)
        self.part_year = continues and (part_year or (prev is not None and prev.part_year_after()))
        self.other_period = v.other_period.search(self.text) is not None  # 上半年, 第三季度: asked twice
        self.year = year
        self.index = paragraph_index
        self.extra: list[Claim] = []  # a second claim one mention makes ("行政复议、行政诉讼各0件")
        self.request_end = 0  # where the last request or outcome count of the sentence ended

    # -- what carries over between the sentences of a paragraph ---------------------------------
    @property
    def inherited(self) -> str | None:
        """The topic the previous sentences of the paragraph ended on."""
        return self._inherited if self.prev is None else self.prev.topic_after()

    def topic_after(self) -> str | None:
        """What the next sentence inherits: the topic this one ends on, else the one it inherited.
        Walks back without recursing: a long run of sentences naming no topic must not overflow."""
        waiting: list[_Reader] = []
        r: _Reader = self
        while True:
            if r._after is not _UNSET:
                value = r._after
                break
            own = r.topic_at(len(r.text))
            if own is not None:
                value = r._after = own
                break
            waiting.append(r)
            if r.prev is None:
                value = r._inherited
                break
            r = r.prev
        for w in waiting:
            w._after = value
        return value

    def wide_after(self) -> bool:
        """Whether the next sentence, if it goes on from this one, speaks for a wider body."""
        return self.wide or (bool(self._spans_of("scope_wide")[0]) and not _OWN_BODY.search(self.text))

    def part_year_after(self) -> bool:
        """Whether the next sentence, if it goes on from this one, is about part of the year."""
        return self.part_year or self.other_period

    # -- the sentence's word lists, each scanned once ---------------------------------------------
    def _spans_of(self, name: str) -> tuple[list[int], list[int]]:
        """Starts and ends of the matches of the word list ``name`` (``Vocabulary.scanned``) in the sentence."""
        spans = self._spans.get(name)
        if spans is None:
            starts: list[int] = []
            ends: list[int] = []
            for m in self.v.scanned[name][0].finditer(self.text):
                starts.append(m.start())
                ends.append(m.end())
            spans = self._spans[name] = (starts, ends)
        return spans

    def _last_in(self, name: str, upto: int) -> int:
        """``_last(pattern, self.text[:upto])`` for the word list ``name``. Every mention asks where a topic
        or channel was last named before it: read off the sentence's matches (found once) instead of
        scanning the prefix again."""
        pattern, exact = self.v.scanned[name]
        if not exact:
            return _last(pattern, self.text[:upto])
        starts, ends = self._spans_of(name)
        k = bisect_right(ends, upto)
        if k < len(starts) and starts[k] < upto:
            return _last(pattern, self.text[:upto])  # a match runs across upto: a shorter one may end before
        return ends[k - 1] if k else -1

    # -- context ------------------------------------------------------------------------------
    def _appeal_topic(self, upto: int) -> str | None:
        review = self._last_in("review", upto)
        suit = self._last_in("suit", upto)
        if review < 0 and suit < 0:
            return None
        return "review" if review > suit else "suit"

    def _foreign(self, upto: int) -> bool:
        """A channel that is not a disclosure request (领导信箱, 12345热线…) governs this point of the sentence."""
        foreign = self._last_in("foreign", upto)
        return foreign >= 0 and self._last_in("strong_tie", upto) < foreign

    def _about_requests(self, upto: int) -> bool:
        """Requests are named in this sentence, or the sentence names no topic and the last one did
        ("共收到政府信息公开申请8件。均已办结。")."""
        if self._last_in("requests", upto) >= 0:
            return True
        return self.inherited == "requests" and self.topic_at(upto) is None

    def topic_at(self, upto: int) -> str | None:
        """The topic the sentence speaks about at ``upto``: the last one named."""
        ends = {t: self._last_in(t, upto) for t in ("requests", "review", "suit", "foreign")}
        best = max(ends, key=lambda t: ends[t])
        return best if ends[best] >= 0 else None

    # -- reading --------------------------------------------------------------------------------
    def claims(self) -> Iterator[Claim]:
        if self.other_period or self.part_year:
            return  # half-year or quarterly figures: not the annual table's
        mentions = _mentions(self.s, self.v)
        out: list[Claim] = []
        prev_end = 0
        parent: str | None = None  # the subject a 其中/包括 list belongs to
        last_subject: str | None = None
        channel_mentions = 0
        pending: list[tuple[Claim, _Mention]] = []
        starts: list[int] = []  # where each claim in ``out`` was stated
        for i, m in enumerate(mentions):
            between = self.text[prev_end:m.start]
            if self.v.subset.search(between):
                parent = last_subject
            left = self.s.break_before(m.start, prev_end)
            segment = self.text[left:m.start]
            nxt = mentions[i + 1].start if i + 1 < len(mentions) else len(self.text)
            brk = self.s.break_in(m.end, nxt)
            suffix = self.text[m.end:nxt if brk is None else brk]
            prev_end = m.end
            if m.unit in "%％":
                share = self._share(m, segment, out)
                if share is not None:
                    out.append(share)
                    starts.append(m.start)
                continue
            claim = self._claim(m, segment, suffix, parent, out, left)
            if claim is None:
                self.extra = []
                last_subject = None if self._is_part(segment) else last_subject
                continue
            last_subject = claim.subject.name
            if claim.group in ("requests", "outcomes"):
                self.request_end = m.end
            out.extend(self.extra)
            starts.extend(m.start for _ in self.extra)
            self.extra = []
            if self.v.sub_channels.search(segment) and claim.subject.name in ("received", "total"):
                channel_mentions += 1
                pending.append((claim, m))
                continue
            out.append(claim)
            starts.append(m.start)
        if channel_mentions > 1:
            # "受理线上申请65件，依法办结62件，…受理线下申请9件": what follows a channel is that channel's part
            # ...until a total ("合计12件") sums the channels up again
            first = min(m.start for _, m in pending)
            total = min((st for c, st in zip(out, starts) if c.subject.name == "total"), default=len(self.text))
            out = [c for c, st in zip(out, starts)
                   if not (c.group in ("requests", "outcomes") and first < st < total)]
        for claim, _ in pending:
            # one channel named alone is the total arriving that way (a warning); a list of channels is parts
            if channel_mentions == 1 and not any(c.subject.name in ("received", "total") for c in out):
                claim.certain = False
                claim.why.append("channel")
                out.append(claim)
        yield from self._zeros(mentions)
        yield from out

    def _is_part(self, segment: str) -> bool:
        return bool(self.v.parts.search(segment) or self.v.sub_channels.search(segment))

    def _claim(self, m: _Mention, segment: str, suffix: str, parent: str | None,
               sofar: list[Claim], left: int) -> Claim | None:
        v = self.v
        if m.unit not in v.count_units or m.approx or m.value is None:
            return None
        if v.not_counted.match(suffix) or (m.unit == "个" and suffix and not v.topics["requests"].search(suffix)):
            return None  # "六个部分", "20个工作日"
        documents = bool(self._spans_of("documents")[0])
        found = self._verb_list(left, documents) or _subject_in(segment, v, documents) \
            or _subject_in(suffix, v, documents, at_start=True)
        subject = found[0] if found else None
        loose = bool(found and found[2])
        if subject is None and segment == "其他" and sofar and sofar[-1].group == "outcomes":
            subject, loose = v.subjects["other_handling"], True  # "…不予公开1件，其他1件": the list's last item
        carried = self._carried_by_year(segment, parent)
        if carried is not None and (subject is None or subject.name in _CARRIES + ("processed", "received")):
            subject = v.subjects[carried] if carried else None
        if subject is None:
            return None
        if carried is None and self._other_year(m.start):
            return None  # "2023年收到申请10件" in the 2024 report: last year's figure
        if v.parts.search(segment) and subject.group in ("requests", "outcomes") and subject.name not in _CARRIES:
            return None  # 自然人80件, 涉及…: a part
        if v.not_requests.search(segment) and subject.group in ("requests", "outcomes"):
            return None
        if subject.group == "outcomes" and _INFO_ITEMS.search(segment):
            return None  # "不予公开信息1535条": information items of 2019-style reports, not requests
        upto = m.end + len(suffix)
        if subject.group in ("requests", "outcomes") and self._foreign(upto):
            return None
        if _RATE.search(segment):
            return None
        if subject.topic == "requests" and not self._about_requests(upto):
            return None
        readings = subject.readings
        why: list[str] = []
        certain = subject.certain and not loose
        if loose:
            why.append("loose")
        if any(v.subjects[u].pattern.search(self.text) for u in subject.uncertain_with
               if v.subjects[u].pattern is not None):
            certain = False
            why.append("sibling")
        both = self._both_appeals(subject, segment, suffix, m)
        if both == "sum":
            subject, readings = v.subjects["appeals_both"], v.subjects["appeals_both"].readings
        elif both == "each":
            other = "review" if subject.name == "suit" else "suit"
            self.extra.append(Claim(v.subjects[other], m.value, True, self.s.clause_at(m.start, m.end),
                                    self.s.printed, v.subjects[other].readings, paragraph_index=self.index))
        if subject.topic == "appeals":
            topic = self._appeal_topic(m.start)
            if topic is None:
                return None
            readings = tuple(r for r in readings if r.startswith(topic))
        if subject.name == "total" and subject.after_outcomes and any(c.group == "outcomes" for c in sofar):
            readings = subject.after_outcomes
        if subject.group == "outcomes" and parent in _CARRIES:
            return None  # "包括上年结转4件，其中同意公开4件": outcomes of the carried requests only
        # A wider count of 0 still says the body's own count is 0; a positive one may include others.
        # tied: a disclosure word since the last request count ("收到政府信息公开申请10件，…，行政复议5件" is not)
        tie_text = self.text[self.request_end:self.s.strong_from(m.end)]
        if m.value and subject.group == "appeals" and not v.disclosure_tie.search(tie_text):
            certain = False
            why.append("appeals-scope")  # all the body's reviews, not only disclosure ones
        if m.value and (self.wide or self._last_in("scope_wide", upto) >= 0):
            certain = False
            why.append("scope")
        claim = Claim(subject, m.value, certain, self.s.clause_at(m.start, m.end), self.s.printed, readings, why,
                      paragraph_index=self.index)
        for extra in self.extra:
            extra.certain, extra.why = certain, list(why)
        return claim

    def _verb_list(self, left: int, documents: bool) -> tuple[Subject, int, bool] | None:
        """"受理、办理、答复依申请公开2件": a list of verbs before one number counts by its first verb."""
        if left <= 0 or self.text[left - 1] != "、":
            return None
        start = self.s.strong_before(left)
        listed = self.text[start:left - 1]
        if _DIGIT.search(listed):
            return None
        items = listed.split("、")
        if not all(self._bare_subject(it) for it in items[1:]):
            return None
        first = _first_verb(items[0], self.v)
        return None if first is None else (first, start, False)

    def _bare_subject(self, item: str) -> bool:
        item = _BARE_PREFIX.sub("", item)
        found = _subject_in(item, self.v)
        return bool(item) and found is not None and len(item) <= 4

    def _both_appeals(self, subject: Subject, segment: str, suffix: str, m: _Mention) -> str | None:
        """"行政复议、行政诉讼案件为0件" / "…各1件": each; "…共3件": one count for both."""
        if subject.name not in ("review", "suit"):
            return None
        left = self.s.strong_before(m.start)
        clause = self.text[left:m.start]
        if not (self.v.topics["review"].search(clause) and self.v.topics["suit"].search(clause)):
            return None
        # both named before this number with no number between them
        if _DIGIT.search(clause):
            return None
        if m.value == 0 or _EACH.search(segment + suffix):
            return "each"
        return "sum"

    def _other_year(self, start: int) -> bool:
        """The clause before the number dates itself to a year other than the report's."""
        if self.year is None:
            return False
        left = self.s.strong_before(start)
        years = [int(y) for y in _DATED_YEAR.findall(self.text[left:start])]
        return bool(years) and years[-1] != self.year

    def _carried_by_year(self, segment: str, parent: str | None) -> str | None | bool:
        """"2023年结转2024年", "结转至2026年": which way the years point, given the report year.
        None: no year-carry wording; "" (falsy): the wording cannot be placed."""
        frm, to = _YEAR_FROM.search(segment), _YEAR_TO.search(segment)
        if not frm and not to:
            return None
        included = self.v.subset.search(segment) is not None or parent in ("received", "total", "processed")
        y_from = int(frm.group("y")) if frm else None
        y_to = int(to.group("y")) if to else None
        if self.year is not None:
            if y_from == self.year - 1 or y_to == self.year:
                return "carried_in"
            if y_from == self.year or y_to == self.year + 1:
                return "carried_forward"
            return ""
        if included and "下" not in segment:
            return "carried_in"
        if y_to is not None and not frm:
            return "carried_forward"
        return ""

    def _share(self, m: _Mention, segment: str, out: list[Claim]) -> Claim | None:
        """"予以公开42件，占51.85%" shares the previous claim; "予以公开占总数的51.85%" states one alone."""
        try:
            pct = Decimal(m.number_text.replace("．", "."))
        except InvalidOperation:
            return None
        if "率" in segment:
            return None
        found = _subject_in(segment, self.v)
        if found and _SHARE.search(segment):
            subject = found[0]
            return Claim(subject, None, subject.certain, self.s.clause_at(m.start, m.end), self.s.printed,
                         subject.readings, percent=pct, percent_text=m.number_text, paragraph_index=self.index)
        if _SHARE.search(segment) and out and out[-1].percent is None:
            out[-1].percent, out[-1].percent_text = pct, m.number_text
        return None

    def _zeros(self, mentions: list[_Mention]) -> Iterator[Claim]:
        """"未收到政府信息公开申请", "全年无行政复议和行政诉讼": zero claims. "未发生…纠错/败诉" says
        nothing about counts. A zero over a wider scope is still certain: the body's own count is part of it."""
        v = self.v
        for neg in v.negation.finditer(self.text):
            end = self.s.strong_from(neg.end())
            clause = self.text[neg.end():end]
            if any(neg.end() <= mm.start < end for mm in mentions) or v.adverse.search(clause) \
                    or self._other_year(neg.start()):
                continue
            printed = self.s.clause_at(neg.start(), neg.end())
            subjects = []
            if v.topics["review"].search(clause):
                subjects.append("review")
            if v.topics["suit"].search(clause):
                subjects.append("suit")
            making = _MAKING.search(neg.group()) is not None
            if making and v.topics["documents"].search(clause):
                subjects.append("regulation_issued" if "规章" in clause and "规范性文件" not in clause
                                else "normative_issued")
            elif not subjects and not v.foreign.search(clause):
                found = _subject_in(clause, v)
                by_year = self._carried_by_year(clause, None)
                if by_year:
                    subjects.append(str(by_year))
                elif found and found[0].name in _CARRIES:
                    subjects.append(found[0].name)
                elif v.topics["requests"].search(clause) and _RECEIVING.search(neg.group() + clause[:4]) \
                        and not v.parts.search(clause) and not v.sub_channels.search(clause):
                    subjects.append("received")
            for name in subjects:
                subject = v.subjects[name]
                readings = ("new",) if name == "received" else subject.readings
                certain = name != "received" or v.strong_tie.search(clause) is not None
                yield Claim(subject, 0, certain, printed, self.s.printed, readings,
                            [] if certain else ["topic"], paragraph_index=self.index)


def read_sentence(sentence: str, year: int | None = None, paragraph_index: int = 0,
                  vocab: Vocabulary | None = None, inherited: str | None = None) -> list[Claim]:
    return list(_Reader(sentence, vocab or load_vocabulary(), year, paragraph_index, inherited).claims())


def read_text(text: str, year: int | None = None, paragraph_index: int = 0,
              vocab: Vocabulary | None = None) -> list[Claim]:
    """The claims of one paragraph; each sentence inherits the topic the previous one ended on."""
    v = vocab or load_vocabulary()
    out: list[Claim] = []
    prev: _Reader | None = None
    for s in sentences(text):
        prev = _Reader(s, v, year, paragraph_index, prev=prev)
        out.extend(prev.claims())
    return out


def read_paragraphs(paragraphs: Iterable[Paragraph], year: int | None = None) -> list[Claim]:
    """Every claim in the paragraphs, in reading order."""
    v = load_vocabulary()
    out: list[Claim] = []
    for para in paragraphs:
        compact = "".join(para.text.split())
        if not v.mention.search(compact) and not v.negation.search(compact):
            continue
        out.extend(read_text(para.text, year, para.index, v))
    return out
