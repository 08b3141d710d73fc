"""The package around the document: empty files, OLE containers (encrypted OOXML, legacy .doc),
the zip archive, its relationships, and reading one part with a size limit."""

from __future__ import annotations

import zipfile
import zlib
from typing import IO

from ..errors import ReadError
from .markup import parse_xml

# A real annual report's document.xml is under 2 MB (the official template filled in: ~0.3 MB).
# Parsing costs ~20× a part's size in memory and time grows with it: 50 MB let a 238 KB file take
# 0.85 GB and 8 s. 4 MB is twice the largest real report and bounds one file to ~100 MB and a few
# seconds. Read at call time so tests can monkeypatch it.
MAX_XML_BYTES = 4 * 1024 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# only used when olefile cannot parse a damaged compound file
_OLE_SCAN_BYTES = 16 * 1024 * 1024

MAIN_PART = "word/document.xml"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"


def core_title(zf: zipfile.ZipFile) -> str | None:
    """The title in the document properties (docProps/core.xml): some reports print no title line
    and carry it only there. A damaged or missing part just means no title."""
    names = set(zf.namelist())
    candidates = [t for t in _relationship_targets(zf, "_rels/.rels", "/core-properties", base="") if t in names]
    if not candidates and "docProps/core.xml" in names:
        candidates = ["docProps/core.xml"]
    for name in candidates:
        try:
            el = parse_xml(read_member(zf, name), name).find(_DC_TITLE)
        except (KeyError, ReadError):
            return None
        text = (el.text or "").strip() if el is not None else ""
        return text or None
    return None


def ole_error(fh: IO[bytes]) -> ReadError:
    """An OLE/CFB container: an encrypted OOXML package (EncryptionInfo stream) or a legacy .doc."""
    import olefile  # only for a file that is not a zip package at all

    try:
        ole = olefile.OleFileIO(fh)
        try:
            encrypted = ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage")
            word97 = ole.exists("WordDocument")
        finally:
            ole.close()
    except Exception:  # noqa: BLE001 - a damaged compound file: fall back to a byte scan
        fh.seek(0)
        raw = fh.read(_OLE_SCAN_BYTES)
        encrypted = "EncryptionInfo".encode("utf-16-le") in raw
        word97 = "WordDocument".encode("utf-16-le") in raw
    if encrypted:
        return ReadError("F-003", "encrypted (password-protected) Office document",
                         "文件已加密（受密码保护）")
    if word97:
        return ReadError("F-004", "legacy Word 97-2003 binary document (.doc)", "旧版 Word 97-2003 文档（.doc）")
    return ReadError("F-004", "OLE compound file without a WordDocument stream (not a .docx)",
                     "OLE 复合文档，不含 WordDocument 流（不是 .docx）")


def open_zip(fh: IO[bytes]) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(fh)
    except OSError:
        raise
    except Exception as exc:  # noqa: BLE001 - zipfile raises several types for damaged archives
        raise ReadError("F-001", str(exc) or type(exc).__name__, f"不是有效的 zip 文件（{exc}）") from exc


def main_part_name(zf: zipfile.ZipFile) -> str:
    names = zf.namelist()
    if MAIN_PART in names:
        return MAIN_PART
    # the package's own relationship names the main part; some generators do not use the usual name
    for target in _relationship_targets(zf, "_rels/.rels", "/officeDocument", base=""):
        if target in names:
            return target
    lowered = {n.lower(): n for n in names}
    if MAIN_PART in lowered:
        return lowered[MAIN_PART]
    raise ReadError("F-002", "the archive has no word/document.xml", "压缩包中没有 word/document.xml")


def part_name(zf: zipfile.ZipFile, main: str, usual: str, rel_type: str) -> str | None:
    """A part the main document refers to (styles, numbering), or None when it has none."""
    names = set(zf.namelist())
    folder, _, base = main.rpartition("/")
    guess = f"{folder}/{usual}" if folder else usual
    if guess in names:
        return guess  # the usual name: no need to parse the relationships
    rels = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
    for target in _relationship_targets(zf, rels, rel_type, base=folder):
        if target in names:
            return target
    return None


def _relationship_targets(zf: zipfile.ZipFile, rels_name: str, type_suffix: str, base: str) -> list[str]:
    try:
        root = parse_xml(read_member(zf, rels_name), rels_name)
    except (KeyError, ReadError):
        return []
    out = []
    for rel in root.iter(f"{_REL_NS}Relationship"):
        if (rel.get("Type") or "").endswith(type_suffix) and rel.get("TargetMode") != "External":
            out.append(_resolve_target(base, rel.get("Target") or ""))
    return out


def _resolve_target(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = base.split("/") if base else []
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def read_member(zf: zipfile.ZipFile, name: str) -> bytes:
    """Read one part, refusing anything over MAX_XML_BYTES before and while inflating it."""
    info = zf.getinfo(name)  # KeyError when absent: callers decide
    limit = MAX_XML_BYTES
    if info.file_size > limit:
        raise _too_large(name, info.file_size, limit)
    try:
        with zf.open(info) as member:
            data = member.read(limit + 1)
    except OSError:
        raise
    except RuntimeError as exc:  # zipfile: "File ... is encrypted, password required"
        raise ReadError("F-003", f"{name} is encrypted in the zip archive", f"{name} 在压缩包中被加密") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as exc:
        raise ReadError("F-001", f"cannot extract {name}: {exc}", f"无法解压 {name}：{exc}") from exc
    if len(data) > limit:
        raise _too_large(name, len(data), limit)
    return data


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def _too_large(name: str, size: int, limit: int) -> ReadError:
    return ReadError("F-007",
                     f"{name} is {_mb(size)} MB uncompressed, over the {_mb(limit)} MB limit for one part "
                     f"(a real report's document.xml is under 2 MB)",
                     f"{name} 解压后 {_mb(size)} MB，超过单个部件 {_mb(limit)} MB 的上限（真实年度报告的 "
                     f"document.xml 不到 2 MB）")
