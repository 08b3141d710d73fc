"""`govinfo-check serve` as a drafter starts it: a real process on 127.0.0.1, real HTTP, Ctrl-C to
stop. What the issue's "done when" names: the server starts on 127.0.0.1, /api/check answers the
finding, /api/annotate answers a .docx with comments, / holds a file input, 25 MB gets 413."""

from __future__ import annotations

import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import docx
import httpx
import pytest

from govinfo_check.web.server import is_loopback

from conftest import SAMPLES  # noqa: E402

NEGATIVE = SAMPLES / "negative" / "t3-typo-cell-2024.docx"
URL = re.compile(r"http://127\.0\.0\.1:(\d+)/")


def start(tmp_path: Path, *args: str) -> subprocess.Popen:
    env = dict(os.environ, TMPDIR=str(tmp_path))  # the server's private upload folder goes here
    # a session of its own: Ctrl-C in a terminal reaches the whole process group, as killpg does
    return subprocess.Popen([sys.executable, "-m", "govinfo_check.cli", "serve", "--no-open", *args],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def wait_for_url(proc: subprocess.Popen, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    line = ""
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        m = URL.search(line)
        if m:
            return m.group(0)
        if proc.poll() is not None:
            break
    proc.kill()
    raise AssertionError(f"no URL announced: {line!r} {proc.stderr.read()}")


def stop(proc: subprocess.Popen) -> tuple[int, str]:
    os.killpg(proc.pid, signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        raise
    return proc.returncode, err


def test_serve_end_to_end_and_ctrl_c(tmp_path: Path) -> None:
    proc = start(tmp_path, "--port", "0")
    try:
        url = wait_for_url(proc)
        folders = list(tmp_path.glob("govinfo-check-serve-*"))
        assert len(folders) == 1 and oct(folders[0].stat().st_mode & 0o777) == "0o700"
        with httpx.Client(base_url=url, timeout=60) as http:
            page = http.get("/")
            assert page.status_code == 200 and 'type="file"' in page.text

            doc = http.post("/api/check", files=[("file", (NEGATIVE.name, NEGATIVE.read_bytes()))]).json()
            blamed = doc["files"][0]["findings"][0]
            assert (blamed["code"], blamed["expected"], blamed["actual"]) == ("B-001", 34, 43)

            res = http.post("/api/annotate", files=[("file", (NEGATIVE.name, NEGATIVE.read_bytes()))])
            assert res.headers["content-disposition"].startswith("attachment;")
            comments = [c.text for c in docx.Document(io.BytesIO(res.content)).comments]
            assert comments[0].startswith("[B-001]")

            big = b"\0" * (25 * 1024 * 1024)
            res = http.post("/api/check", files=[("file", ("big.docx", big))])
            assert (res.status_code, res.json()["error"]["code"]) == (413, "too_large")

            def chunks():  # no Content-Length: the limit is met while the body streams
                yield (b'--x\r\nContent-Disposition: form-data; name="file"; filename="big.docx"\r\n'
                       b"Content-Type: application/octet-stream\r\n\r\n")
                for _ in range(25):
                    yield b"\0" * (1024 * 1024)
                yield b"\r\n--x--\r\n"

            res = http.post("/api/check", content=chunks(),
                            headers={"content-type": "multipart/form-data; boundary=x"})
            assert res.status_code == 413
            assert http.get("/api/rules").status_code == 200
        assert list(folders[0].iterdir()) == []  # each request's uploads went with its answer
    finally:
        code, err = stop(proc)
    assert code == 0
    assert "govinfo-check 页面已停止。" in err and "Traceback" not in err, err
    assert list(tmp_path.glob("govinfo-check-serve-*")) == []


def test_busy_port_is_one_clear_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        proc = start(tmp_path, "--port", str(port))
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert err.strip() == f"无法在 127.0.0.1:{port} 启动服务：Address already in use（换一个端口：--port）"


def test_other_host_gets_a_warning(tmp_path: Path) -> None:
    """192.0.2.1 is a documentation address (RFC 5737): not on this machine, so nothing is exposed."""
    proc = start(tmp_path, "--host", "192.0.2.1", "--port", "0", "--lang", "en")
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    lines = err.strip().splitlines()
    assert lines[0].startswith("Warning: the server is bound to 192.0.2.1: other computers on the network")
    assert lines[1].startswith("Cannot start the server on 192.0.2.1:0")


@pytest.mark.parametrize("host, loopback", [
    ("127.0.0.1", True), ("127.0.0.2", True), ("localhost", True), ("::1", True), ("[::1]", True),
    ("0.0.0.0", False), ("192.168.1.10", False), ("::", False), ("example.org", False),
])
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
