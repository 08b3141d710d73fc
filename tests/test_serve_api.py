"""`govinfo-check serve`: the API through Starlette's test client (every endpoint, every error), the
upload limit while the body streams, the worker pool's fault isolation, and upload names that try
to be paths. The browser test is test_serve_browser.py; the command itself test_serve_cli.py."""

from __future__ import annotations

import io
import json
import os
import signal
import stat
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
import pytest
import warnings

with warnings.catch_warnings():  # starlette would rather have httpx2; httpx is what the test extras pin
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from govinfo_check.commands import check_command
from govinfo_check.options import CheckArgs
from govinfo_check import catalogue, checker, engine, runner
from govinfo_check.runner import BatchSpec, load_rules
from govinfo_check.models import FileResult
from govinfo_check.web.app import (MAX_UPLOAD_BYTES, BodyLimit, Settings, Upload, _unique, create_app,
                                    display_name, present)
from govinfo_check.web.pool import CheckPool

from conftest import SAMPLES  # noqa: E402
from serve_live import running  # noqa: E402
from wordml import make_docx, p  # noqa: E402

NEGATIVE = SAMPLES / "negative" / "t3-typo-cell-2024.docx"
POSITIVE = SAMPLES / "positive" / "plain-2024.docx"
NOT_A_ZIP = SAMPLES / "bad" / "not-a-zip.docx"
LANLING_2023 = SAMPLES / "negative" / "cross-year-mismatch-lanling-county-2023.docx"
LANLING_2024 = SAMPLES / "negative" / "cross-year-mismatch-lanling-county-2024.docx"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BASE = "http://127.0.0.1"


@pytest.fixture(scope="module")
def client() -> TestClient:
    with TestClient(create_app(Settings(jobs=2)), base_url=BASE) as c:
        yield c


def upload(path: Path, name: str | None = None) -> tuple[str, tuple[str, bytes, str]]:
    return ("file", (name or path.name, path.read_bytes(), DOCX))


def cli_json(path: Path) -> dict:
    out = io.StringIO()
    check_command(CheckArgs(paths=[path], format="json", jobs=1, quiet=True, no_history=True), stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


def codes(doc: dict, i: int = 0) -> list[str]:
    return [f["code"] for f in doc["files"][i]["findings"]]


# ---------------------------------------------------------------------------
# GET /
# ---------------------------------------------------------------------------


def test_page_has_the_file_input_and_no_outside_assets(client: TestClient) -> None:
    res = client.get("/")
    assert res.status_code == 200
    html = res.text
    # the types `check` reads (checker's list: a new reader adds its type to the page, too)
    assert f'<input id="file" name="file" type="file" multiple accept="{",".join(checker.SUPPORTED_SUFFIXES)}">' in html
    assert "<title>政府信息公开工作年度报告检查</title>" in html
    # nothing is fetched from the network: no src/href leaves the page, and the browser is told so
    assert "src=\"http" not in html and "href=\"http" not in html and "@import" not in html
    csp = res.headers["content-security-policy"]
    assert csp.startswith("default-src 'none';") and "connect-src 'self'" in csp
    assert "http:" not in csp and "https:" not in csp


def test_page_in_english(client: TestClient) -> None:
    html = client.get("/?lang=en").text
    assert '<html lang="en">' in html
    assert "Drop reports here, or click to choose files" in html
    assert "把报告拖到这里" not in html


def test_each_page_gets_its_own_script_nonce(client: TestClient) -> None:
    a, b = (client.get("/").headers["content-security-policy"] for _ in range(2))
    assert a != b


# ---------------------------------------------------------------------------
# POST /api/check
# ---------------------------------------------------------------------------


def test_check_answers_the_check_json_document(client: TestClient) -> None:
    res = client.post("/api/check", files=[upload(NEGATIVE)])
    assert res.status_code == 200 and res.headers["content-type"] == "application/json"
    doc = res.json()
    f = doc["files"][0]
    assert f["path"] == "t3-typo-cell-2024.docx"  # the name as uploaded, not where the server kept it
    assert f["status"] == "findings"
    blamed = f["findings"][0]
    assert (blamed["code"], blamed["expected"], blamed["actual"]) == ("B-001", 34, 43)
    assert (blamed["location"]["table"], blamed["location"]["row"], blamed["location"]["col"]) == ("requests", 15, 3)
    assert doc["summary"]["errors"] == 1
    # the very document `check --format json` writes, but for the path
    expected = cli_json(NEGATIVE)
    expected["files"][0]["path"] = "t3-typo-cell-2024.docx"
    assert doc == expected


def test_check_a_correct_report(client: TestClient) -> None:
    doc = client.post("/api/check", files=[upload(POSITIVE)]).json()
    assert (doc["summary"]["errors"], doc["summary"]["warnings"]) == (0, 0)
    expected = cli_json(POSITIVE)
    expected["files"][0]["path"] = POSITIVE.name
    assert doc == expected


def test_check_in_english(client: TestClient) -> None:
    doc = client.post("/api/check?lang=en", files=[upload(NEGATIVE)]).json()
    assert doc["files"][0]["findings"][0]["message"].startswith("Most likely error: Table 3")


def test_several_files_in_order_and_paired_across_years(client: TestClient) -> None:
    """Two years of one agency uploaded together are compared, as `check` compares one run's files."""
    doc = client.post("/api/check", files=[upload(LANLING_2024, "兰陵县2024年报.docx"),
                                           upload(POSITIVE), upload(LANLING_2023, "兰陵县2023年报.docx")]).json()
    assert [f["path"] for f in doc["files"]] == ["兰陵县2024年报.docx", "plain-2024.docx", "兰陵县2023年报.docx"]
    cli_2024 = next(f for f in _cli_pair()["files"] if f["path"].endswith("2024.docx"))
    assert codes(doc) == [f["code"] for f in cli_2024["findings"]]
    # the carry-over of table 3, natural persons and total
    assert [c for c in codes(doc) if c.startswith("X-")] == ["X-001", "X-001"]
    assert [f["message"] for f in doc["files"][0]["findings"]] == [
        f["message"].replace(str(LANLING_2024), "兰陵县2024年报.docx").replace(str(LANLING_2023), "兰陵县2023年报.docx")
        for f in cli_2024["findings"]]
    assert "/tmp" not in json.dumps(doc, ensure_ascii=False)


def _cli_pair() -> dict:
    """`check` on both years, with the paths written out in full (as the messages quote them)."""
    out = io.StringIO()
    check_command(CheckArgs(paths=[LANLING_2023, LANLING_2024], format="json", jobs=1, quiet=True, no_history=True), stdout=out,
                  stderr=io.StringIO())
    return json.loads(out.getvalue())


def test_same_name_twice_stays_two_files(client: TestClient) -> None:
    doc = client.post("/api/check", files=[upload(NEGATIVE, "报告.docx"), upload(POSITIVE, "报告.docx")]).json()
    assert [f["path"] for f in doc["files"]] == ["报告.docx", "报告 (2).docx"]
    assert [codes(doc, 0), codes(doc, 1)] == [codes(cli_json(NEGATIVE)), codes(cli_json(POSITIVE))]


def test_corrupt_docx_is_a_finding_not_a_failure(client: TestClient) -> None:
    res = client.post("/api/check", files=[upload(NOT_A_ZIP)])
    assert res.status_code == 200
    f = res.json()["files"][0]
    assert (f["status"], codes(res.json())) == ("error", ["F-001"])


def test_unsupported_type_is_f010(client: TestClient) -> None:
    res = client.post("/api/check", files=[("file", ("notes.txt", "表三 合计 12".encode(), "text/plain"))])
    assert res.status_code == 200
    assert codes(res.json()) == ["F-010"] and ".txt" in res.json()["files"][0]["findings"][0]["message"]


def test_a_word_file_that_is_not_a_report(client: TestClient, tmp_path: Path) -> None:
    notice = tmp_path / "会议通知.docx"
    make_docx(notice, p("关于召开全市档案工作会议的通知") + p("各区县档案局：定于2024年3月5日召开全市档案工作会议，请准时参加。"))
    doc = client.post("/api/check", files=[upload(notice)]).json()
    assert doc["files"][0]["status"] == "findings"
    assert codes(doc)[:3] == ["S-001", "S-001", "S-001"]  # none of the three tables is there
    assert codes(doc) == codes(cli_json(notice))


# ---------------------------------------------------------------------------
# request errors
# ---------------------------------------------------------------------------


def test_wrong_field_name(client: TestClient) -> None:
    res = client.post("/api/check", files=[("upload", ("a.docx", NEGATIVE.read_bytes(), DOCX))])
    assert res.status_code == 400
    assert res.json()["error"]["code"] == "no_file" and "upload" in res.json()["error"]["message"]


def test_no_multipart_body(client: TestClient) -> None:
    res = client.post("/api/check", json={"file": "x"})
    assert (res.status_code, res.json()["error"]["code"]) == (400, "no_file")


def test_text_field_instead_of_a_file(client: TestClient) -> None:
    res = client.post("/api/check", data={"file": "report.docx"}, files=[("other", ("x", b"x", "text/plain"))])
    assert (res.status_code, res.json()["error"]["code"]) == (400, "not_a_file")


def test_empty_upload(client: TestClient) -> None:
    res = client.post("/api/check", files=[("file", ("空.docx", b"", DOCX))])
    assert res.status_code == 400
    assert res.json()["error"] == {"code": "empty_upload", "message": "上传的文件 空.docx 是空的（0 字节）"}


def test_broken_multipart(client: TestClient) -> None:
    res = client.post("/api/check", content=b"--xyz\r\nContent-Disposition: form-data; name=\"file\"\r\n",
                      headers={"content-type": "multipart/form-data"})  # no boundary
    assert (res.status_code, res.json()["error"]["code"]) == (400, "bad_form")


def test_huge_upload_gets_413_with_a_json_error(client: TestClient) -> None:
    res = client.post("/api/check", files=[("file", ("big.docx", b"\0" * (25 * 1024 * 1024), DOCX))])
    assert res.status_code == 413
    assert res.json()["error"] == {"code": "too_large", "message": "上传内容超过 20 MB 上限"}
    res = client.post("/api/annotate?lang=en", files=[("file", ("big.docx", b"\0" * (MAX_UPLOAD_BYTES + 1), DOCX))])
    assert (res.status_code, res.json()["error"]["message"]) == (413, "The upload is over the 20 MB limit")


def test_upload_just_under_the_limit_is_read(client: TestClient) -> None:
    body = b"PK" + b"\0" * (MAX_UPLOAD_BYTES - 4096)  # the multipart framing fits in the rest
    res = client.post("/api/check", files=[("file", ("nearly.docx", body, DOCX))])
    assert res.status_code == 200 and codes(res.json()) == ["F-001"]


def test_too_many_files_in_one_request(client: TestClient) -> None:
    parts = [("file", (f"{i}.docx", b"PK", DOCX)) for i in range(101)]
    res = client.post("/api/check", files=parts)
    assert res.status_code == 400
    assert res.json()["error"]["message"] == "无法解析上传内容（应为 multipart/form-data）：Too many files. Maximum number of files is 100."


def test_bad_language_and_unknown_address(client: TestClient) -> None:
    res = client.post("/api/check?lang=fr", files=[upload(NEGATIVE)])
    assert (res.status_code, res.json()["error"]["code"]) == (400, "bad_lang")
    res = client.get("/api/nothing")
    assert (res.status_code, res.json()["error"]["code"]) == (404, "not_found")
    assert client.get("/api/check").status_code == 405


def test_other_host_names_are_refused(client: TestClient) -> None:
    """A web site that rebinds its name to 127.0.0.1 must not reach the page under that name."""
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"host": "localhost:8000"}).status_code == 200


# ---------------------------------------------------------------------------
# the limit while the body streams (no Content-Length: the client chunks it)
# ---------------------------------------------------------------------------


def test_body_limit_stops_reading_a_chunked_body_at_the_limit() -> None:
    chunks_read = 0
    chunk = b"x" * (1024 * 1024)

    async def receive() -> dict:
        nonlocal chunks_read
        chunks_read += 1
        return {"type": "http.request", "body": chunk, "more_body": chunks_read < 100}  # 100 MB offered

    async def app(scope: dict, receive_, send) -> None:
        while (await receive_()).get("more_body"):
            pass
        raise AssertionError("read past the limit")

    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    import anyio

    limit = BodyLimit(app, max_bytes=5 * 1024 * 1024, lang="zh")
    anyio.run(limit, {"type": "http", "headers": [], "query_string": b"lang=en"}, receive, send)
    assert chunks_read == 6  # the sixth megabyte passes the five allowed: nothing more is read
    assert sent[0]["status"] == 413
    assert json.loads(sent[1]["body"])["error"]["message"] == "The upload is over the 5 MB limit"


def test_declared_length_over_the_limit_is_refused_before_reading() -> None:
    async def receive() -> dict:
        raise AssertionError("the body was read")

    async def app(scope, receive_, send) -> None:
        raise AssertionError("the app was called")

    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    import anyio

    scope = {"type": "http", "headers": [(b"content-length", str(25 * 1024 * 1024).encode())], "query_string": b""}
    anyio.run(BodyLimit(app, max_bytes=MAX_UPLOAD_BYTES, lang="zh"), scope, receive, send)
    assert sent[0]["status"] == 413


# ---------------------------------------------------------------------------
# POST /api/annotate
# ---------------------------------------------------------------------------


def test_annotate_answers_the_docx_with_comments(client: TestClient, tmp_path: Path) -> None:
    res = client.post("/api/annotate", files=[upload(NEGATIVE, "白沙市城市管理局2024年报.docx")])
    assert res.status_code == 200 and res.headers["content-type"] == DOCX
    cd = res.headers["content-disposition"]
    assert cd.startswith("attachment;")
    assert "filename*=UTF-8''%E7%99%BD%E6%B2%99" in cd and cd.endswith("-%E6%89%B9%E6%B3%A8.docx")  # …-批注.docx
    out = tmp_path / "annotated.docx"
    out.write_bytes(res.content)
    comments = [c.text for c in docx.Document(str(out)).comments]
    assert comments[0].startswith("[B-001] 错误：最可能的错误：表三")
    assert "填报 43，按合计应为 34" in comments[0]
    assert comments[-1].startswith("govinfo-check 检查结果：1 个错误，0 个警告")
    assert res.headers["x-findings"] == str(len(cli_json(NEGATIVE)["files"][0]["findings"]))


def test_annotate_in_english(client: TestClient, tmp_path: Path) -> None:
    res = client.post("/api/annotate?lang=en", files=[upload(NEGATIVE)])
    assert res.headers["content-disposition"].endswith("t3-typo-cell-2024-annotated.docx")
    (tmp_path / "a.docx").write_bytes(res.content)
    assert next(iter(docx.Document(str(tmp_path / "a.docx")).comments)).text.startswith("[B-001] error")


def test_annotate_a_corrupt_docx_is_a_json_error(client: TestClient) -> None:
    res = client.post("/api/annotate", files=[upload(NOT_A_ZIP)])
    assert res.status_code == 422
    err = res.json()["error"]
    assert err["code"] == "not_annotatable"
    assert err["message"].startswith("无法为 not-a-zip.docx 生成批注副本：")
    assert [f["code"] for f in err["findings"]] == ["F-001"]


def test_annotate_needs_a_docx_and_one_file(client: TestClient) -> None:
    res = client.post("/api/annotate", files=[("file", ("a.txt", b"text", "text/plain"))])
    assert res.status_code == 422 and [f["code"] for f in res.json()["error"]["findings"]] == ["F-010"]
    res = client.post("/api/annotate", files=[upload(NEGATIVE), upload(POSITIVE)])
    assert (res.status_code, res.json()["error"]["code"]) == (400, "one_file")
    res = client.post("/api/annotate", files=[("document", ("a.docx", b"x", DOCX))])
    assert (res.status_code, res.json()["error"]["code"]) == (400, "no_file")


# ---------------------------------------------------------------------------
# GET /api/rules, the page's own call
# ---------------------------------------------------------------------------


def test_rules_catalogue(client: TestClient) -> None:
    rules = client.get("/api/rules").json()["rules"]
    infos = engine.rule_infos(load_rules())
    assert [r["code"] for r in rules] == [i.code for i in infos]  # every code: rule files and catalogue
    assert [(r["name"], r["severity"], r["description"]) for r in rules] == [
        (i.name, i.severity, i.description) for i in infos]
    t3 = next(r for r in rules if r["code"] == "T3-002")
    assert (t3["severity"], t3["category"]) == ("error", "arithmetic")


def test_report_call_carries_the_html_report(client: TestClient) -> None:
    """The page shows what `check --format html` writes: the same html reporter, the same page."""
    body = client.post("/api/report", files=[upload(NEGATIVE)]).json()
    expected = cli_json(NEGATIVE)
    expected["files"][0]["path"] = NEGATIVE.name
    assert body["report"] == expected
    out = io.StringIO()
    check_command(CheckArgs(paths=[NEGATIVE], format="html", jobs=1, quiet=True, no_history=True), stdout=out, stderr=io.StringIO())
    assert body["html"] == out.getvalue().replace(str(NEGATIVE), NEGATIVE.name)


# ---------------------------------------------------------------------------
# uploads: names, the private folder, concurrency
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("raw, shown", [
    ("../../etc/passwd.docx", "passwd.docx"),
    ("C:\\Users\\张三\\报告.docx", "报告.docx"),
    ("报告\x00\x1b[31m.docx", "报告[31m.docx"),
    ("", "upload-1"),
    (None, "upload-1"),
    ("/", "upload-1"),
])
def test_display_name_is_never_a_path(raw: str | None, shown: str) -> None:
    assert display_name(raw, 0) == shown


def test_where_the_server_kept_a_file_is_never_shown() -> None:
    """A reader's error text may quote the path it opened: the report names the upload instead."""
    kept = Path("/tmp/govinfo-check-serve-x/req-y/1.docx")
    finding = catalogue.make("F-009", detail=f"PackageNotFoundError: Package not found at '{kept}'")
    result = FileResult(path=str(kept), report=None, findings=[finding])
    present([result], [Upload("年报.docx", kept)])
    assert result.path == "年报.docx"
    assert finding.message("zh").endswith("PackageNotFoundError: Package not found at '年报.docx'")
    assert finding.message("en").endswith("Package not found at '年报.docx'")
    assert finding.args["detail"] == "PackageNotFoundError: Package not found at '年报.docx'"


def test_names_made_unique() -> None:
    assert _unique(["a.docx", "a.docx", "a (2).docx", "b", "b"]) == ["a.docx", "a (2).docx", "a (2) (2).docx",
                                                                      "b", "b (2)"]


def test_upload_names_never_become_paths(client: TestClient, tmp_path: Path) -> None:
    target = tmp_path / "escaped.docx"
    name = f"../../../../../../..{tmp_path}/escaped.docx"
    doc = client.post("/api/check", files=[upload(NEGATIVE, name)]).json()
    assert doc["files"][0]["path"] == "escaped.docx" and codes(doc)[0] == "B-001"
    assert not target.exists()


def test_uploads_are_gone_after_the_answer(client: TestClient) -> None:
    root: Path = client.app.state.root  # type: ignore[attr-defined]
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    client.post("/api/check", files=[upload(NEGATIVE)])
    client.post("/api/annotate", files=[upload(NEGATIVE)])
    client.post("/api/check", files=[("file", ("big.docx", b"\0" * (21 * 1024 * 1024), DOCX))])
    client.post("/api/check", files=[("file", ("空.docx", b"", DOCX))])
    assert list(root.iterdir()) == []


def test_concurrent_requests_get_their_own_answers(client: TestClient) -> None:
    jobs = [NEGATIVE, POSITIVE, NOT_A_ZIP] * 3
    negative_findings = str(len(cli_json(NEGATIVE)["files"][0]["findings"]))
    positive = cli_json(POSITIVE)["files"][0]

    def one(path: Path) -> tuple[str, str, list[str]]:
        if path is NEGATIVE:
            res = client.post("/api/annotate", files=[upload(path)])
            return path.name, str(res.status_code), [res.headers.get("x-findings", "")]
        doc = client.post("/api/check", files=[upload(path)]).json()
        return doc["files"][0]["path"], doc["files"][0]["status"], codes(doc)

    with ThreadPoolExecutor(max_workers=len(jobs)) as ex:
        answers = list(ex.map(one, jobs))
    assert answers == [("t3-typo-cell-2024.docx", "200", [negative_findings]),
                       ("plain-2024.docx", positive["status"], [f["code"] for f in positive["findings"]]),
                       ("not-a-zip.docx", "error", ["F-001"])] * 3


# ---------------------------------------------------------------------------
# a file that hangs or kills its worker fails alone
# ---------------------------------------------------------------------------


def test_timeout_is_a_finding_and_the_server_goes_on() -> None:
    settings = Settings(jobs=1, spec=BatchSpec(timeout=0.001, kill_grace=5))
    with TestClient(create_app(settings), base_url=BASE) as c:
        doc = c.post("/api/check", files=[upload(NEGATIVE)]).json()
        assert (codes(doc), doc["files"][0]["status"]) == (["F-008"], "error")
        res = c.post("/api/annotate", files=[upload(NEGATIVE)])
        assert res.status_code == 422 and [f["code"] for f in res.json()["error"]["findings"]] == ["F-008"]
        assert c.get("/api/rules").status_code == 200


def test_worker_killed_or_stuck_fails_only_that_file() -> None:
    """Stand-ins for a hostile file: a task that kills its worker, one that never returns."""
    import asyncio

    async def run() -> list:
        pool = CheckPool(BatchSpec(timeout=1, kill_grace=0.5), jobs=2)
        try:
            died = await pool._run(os._exit, (3,), "died.docx")
            stuck = await pool._run(time.sleep, (30,), "stuck.docx")
            after = await pool.check([str(NEGATIVE)])
            return [died[1], stuck[1], after[0]]
        finally:
            pool.stop()

    started = time.perf_counter()
    died, stuck, after = asyncio.run(run())
    assert died.findings[0].code == "F-009" and "worker process died (exit code 3)" in died.findings[0].message()
    assert stuck.findings[0].code == "F-008"
    assert after.findings[0].code == "B-001"
    assert time.perf_counter() - started < 20  # the stuck one was killed at 1.5 s, not waited for


def test_zip_of_a_docx_renamed_is_checked_by_its_type(client: TestClient, tmp_path: Path) -> None:
    """The server picks the reader from the uploaded name's suffix, as `check` does from the path."""
    renamed = tmp_path / "report.zip"
    renamed.write_bytes(NEGATIVE.read_bytes())
    doc = client.post("/api/check", files=[upload(renamed)]).json()
    assert codes(doc) == ["F-010"] and ".zip" in doc["files"][0]["findings"][0]["message"]


def slow_check(paths: list[str]) -> list:
    """A file that takes a minute (runs in a worker, imported there by name)."""
    time.sleep(60)
    return runner.check_chunk(paths)


def test_ctrl_c_abandons_the_check_under_way() -> None:
    """Stopping does not wait out a file's timeout: its request answers 503 and the server is gone."""
    import httpx

    app = create_app(Settings(jobs=1, check_task=slow_check))
    answer: dict = {}
    with running(app) as (url, server):
        def post() -> None:
            answer["res"] = httpx.post(url + "api/check?lang=en", files=[upload(NEGATIVE)], timeout=60)

        deadline = time.monotonic() + 60
        while not app.state.warming.done() and time.monotonic() < deadline:
            time.sleep(0.05)
        client_thread = threading.Thread(target=post)
        client_thread.start()
        while not app.state.pool._running and time.monotonic() < deadline:  # the file is in a worker
            time.sleep(0.05)
        started = time.perf_counter()
        server.handle_exit(signal.SIGINT, None)  # what Ctrl-C calls
        client_thread.join(timeout=30)
    assert time.perf_counter() - started < 15
    res = answer["res"]
    assert res.status_code == 503
    assert res.json()["error"] == {"code": "stopping", "message": "The server is stopping; the check was not finished"}
