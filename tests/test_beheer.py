"""`gereedschapskist beheer`: decap-server and the site on 127.0.0.1, both gone after Ctrl-C."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import copy_project

ROOT = Path(__file__).resolve().parent.parent


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_beheer_serves_the_editor_with_the_local_backend_and_stops_both_on_ctrl_c(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    process = subprocess.Popen([sys.executable, "-m", "generator.cli", "--project", str(project), "beheer"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            output.append(line)
            if "Serving on" in line or not line:
                break
        text = "".join(output)
        site = re.search(r"Bewerkscherm: (http://127\.0\.0\.1:(\d+)/beheer/)", text)
        api = re.search(r"\((http://127\.0\.0\.1:(\d+)/api/v1)\)", text)
        assert site and api, text
        config = urllib.request.urlopen(site.group(1) + "config.yml", timeout=10).read().decode("utf-8")
        assert f"url: {api.group(1)}" in config  # the editor talks to this decap-server
        request = urllib.request.Request(api.group(1), data=json.dumps({"action": "info"}).encode(),
                                         headers={"Content-Type": "application/json"})
        info = json.loads(urllib.request.urlopen(request, timeout=10).read())
        assert Path(info["repo"]).name == project.name or info["repo"] == project.name
        site_port, api_port = int(site.group(2)), int(api.group(2))
    finally:
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=30)
    assert process.returncode == 0, rest
    assert "Bewerkscherm en decap-server gestopt." in rest
    assert not _listening(site_port) and not _listening(api_port)
