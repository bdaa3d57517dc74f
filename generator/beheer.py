"""`gereedschapskist beheer`: the editor on this computer, without GitHub.

Starts Decap's local backend (`decap-server` from node_modules, file-system mode: it reads and writes
`approaches/` directly) and the site with live reload, both on 127.0.0.1, and stops both on Ctrl-C.
The built editor finds decap-server through LOCAL_BACKEND_ENV (see generator/decap.py).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .decap import LOCAL_BACKEND_ENV, node_file
from .paths import Project

HOST = "127.0.0.1"
DECAP_SERVER = Path("node_modules") / "decap-server" / "dist" / "index.js"


class BeheerError(Exception):
    pass


def stop_on_signals() -> None:
    """Ctrl-C and SIGTERM both end the command the same way, so both processes are stopped.

    A shell that starts a command in the background makes it ignore SIGINT; restore Python's
    handler so Ctrl-C (or `kill -INT`) still stops it.
    """
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda signum, frame: signal.default_int_handler(signum, frame))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.2)
        return probe.connect_ex((HOST, port)) == 0


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@contextmanager
def decap_server(project: Project, port: int) -> Iterator[str]:
    """Run decap-server on 127.0.0.1:`port` for `project`; yields its API address."""
    node = shutil.which("node")
    if node is None:
        raise BeheerError("Node.js ontbreekt; installeer het pakket nodejs en draai scripts/setup.sh")
    try:
        script = node_file(project.root, DECAP_SERVER)
    except FileNotFoundError as error:
        raise BeheerError(str(error)) from None
    if _listening(port):
        raise BeheerError(f"poort {port} is al in gebruik; kies een andere met --decap-poort")
    env = {**os.environ, "PORT": str(port), "BIND_HOST": HOST, "MODE": "fs",
           "GIT_REPO_DIRECTORY": str(project.root), "LOG_LEVEL": "warn"}
    process = subprocess.Popen([node, str(script)], cwd=project.root, env=env, stdin=subprocess.DEVNULL)
    try:
        for _ in range(150):  # up to 15 s for node to start
            if process.poll() is not None:
                raise BeheerError(f"decap-server stopte meteen (code {process.returncode})")
            if _listening(port):
                break
            time.sleep(0.1)
        else:
            raise BeheerError("decap-server start niet (geen antwoord na 15 seconden)")
        yield f"http://{HOST}:{port}/api/v1"
    finally:
        _stop(process)


@contextmanager
def local_backend(url: str) -> Iterator[None]:
    """Builds made inside this block point the editor at decap-server."""
    before = os.environ.get(LOCAL_BACKEND_ENV)
    os.environ[LOCAL_BACKEND_ENV] = url
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(LOCAL_BACKEND_ENV, None)
        else:
            os.environ[LOCAL_BACKEND_ENV] = before
