"""`mkdocs serve` at the repository root: the page's language, and a clean stop."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import yaml


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_shows_the_language_and_leaves_no_folder_when_stopped(repo, tmp_path):
    welsh = next((a.name for a in sorted((repo / "authorities").iterdir())
                  if len(yaml.safe_load((a / "authority.yml").read_text())["languages"]) > 1), None)
    slug = welsh or sorted(p.name for p in (repo / "authorities").iterdir())[0]
    locale = yaml.safe_load((repo / "authorities" / slug / "authority.yml").read_text())["languages"][-1]
    config = repo / "mkdocs.yml"
    text = re.sub(r"(?m)^(\s+authority:) \S+", rf"\1 {slug}", config.read_text(encoding="utf-8"))
    config.write_text(re.sub(r"(?m)^(\s+locale:) \S+", rf"\1 {locale}", text), encoding="utf-8")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    port = _free_port()
    env = dict(os.environ, TMPDIR=str(temporary), NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
                              cwd=repo, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        page, deadline = None, time.monotonic() + 60
        while page is None and time.monotonic() < deadline:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read().decode()
            except OSError:
                time.sleep(0.2)
        assert page is not None, "mkdocs serve did not start"
        assert f'<html lang="{locale}"' in page
        assert list(temporary.glob("parent-guides-preview-*"))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    assert list(temporary.glob("parent-guides-preview-*")) == []
