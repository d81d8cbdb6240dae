"""How to run each target's snippet here, and where .ci/install-runtimes.sh put the runtimes.

Compiled targets are built in one step per target (one `go build` for every case, one `javac` for every case, gcc
per case in parallel) so the whole proof stays within a few minutes on two cores.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache"
TOOLS_VENV = CACHE / "codegen-venv"
NODE_MODULES = CACHE / "codegen-node" / "node_modules"
OKHTTP_CLASSPATH = "/usr/share/java/okhttp.jar:/usr/share/java/okio.jar"
GUZZLE_AUTOLOAD = "/usr/share/php/GuzzleHttp/autoload.php"
RUN_TIMEOUT = 60
INSTALL_HINT = "run .ci/install-runtimes.sh"

#: sends a raw-http11 snippet as it is over a socket to 127.0.0.1:PORT, then reads the answer
_RAW_SENDER = """
import socket, sys
data = open(sys.argv[1], "rb").read()
with socket.create_connection(("127.0.0.1", int(sys.argv[2])), timeout=20) as s:
    s.sendall(data)
    s.shutdown(socket.SHUT_WR)
    while s.recv(65536):
        pass
"""


class RuntimeMissing(AssertionError):
    """An AssertionError on purpose: a missing runtime fails the tests, it never skips them."""


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str


@dataclass
class Runtime:
    target: str
    filename: str
    #: executables that must exist (absolute paths or names on PATH)
    needs: tuple[str, ...]
    #: the command for one case directory (after `build`, if any)
    command: Callable[[Path], list[str]]
    #: builds every case directory of the target at once; raises with the compiler's output on failure
    build: Callable[[Path, list[Path]], None] | None = None
    extra_files: dict[str, str] = field(default_factory=dict)

    def check(self) -> None:
        for tool in self.needs:
            if not (Path(tool).exists() if tool.startswith("/") else shutil.which(tool, path=env()["PATH"])):
                raise RuntimeMissing(f"{self.target}: {tool} is not installed ({INSTALL_HINT})")


def env() -> dict[str, str]:
    out = dict(os.environ)
    out["PATH"] = f"{TOOLS_VENV / 'bin'}:{out.get('PATH', '/usr/bin:/bin')}"
    out.update({
        "NODE_PATH": str(NODE_MODULES), "PYTHONDONTWRITEBYTECODE": "1", "PYTHONIOENCODING": "utf-8",
        "GOCACHE": str(CACHE / "codegen-go-build"), "GOPATH": str(CACHE / "codegen-gopath"), "GOFLAGS": "-mod=mod",
        "GOPROXY": "off", "GOTOOLCHAIN": "local", "GO111MODULE": "on", "CGO_ENABLED": "0",
        "NO_COLOR": "1", "LC_ALL": "C.UTF-8",
    })
    # Snippets talk to 127.0.0.1 only: a proxy from the environment would swallow their requests.
    for key in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"):
        out.pop(key, None)
    out["NO_PROXY"] = out["no_proxy"] = "127.0.0.1,localhost"
    return out


def run(cmd: list[str], cwd: Path, timeout: int = RUN_TIMEOUT) -> Outcome:
    try:
        proc = subprocess.run(cmd, cwd=cwd, env=env(), stdin=subprocess.DEVNULL, capture_output=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        return Outcome(-1, _text(exc.stdout), _text(exc.stderr) + f"\n(timed out after {timeout}s)")
    return Outcome(proc.returncode, _text(proc.stdout), _text(proc.stderr))


def _text(data: bytes | str | None) -> str:
    if data is None:
        return ""
    return data if isinstance(data, str) else data.decode("utf-8", "replace")


def _checked(cmd: list[str], cwd: Path, what: str, timeout: int = 300) -> None:
    out = run(cmd, cwd, timeout)
    if out.returncode != 0:
        raise AssertionError(f"{what} failed ({out.returncode}):\n{out.stdout}\n{out.stderr}"[:20000])


def _package_name(case_dir: Path) -> str:
    return case_dir.name.replace("-", "_").replace(".", "_")


def _build_go(root: Path, dirs: list[Path]) -> None:
    (root / "go.mod").write_text("module snippets\n\ngo 1.19\n")
    # One `go build` for every case: the packages compile in parallel and share the standard library's build.
    _checked(["go", "build", "-o", str(root / "bin") + "/", *[f"./{d.name}" for d in dirs]], root, "go build")


def _build_javac(classpath: str | None) -> Callable[[Path, list[Path]], None]:
    def build(root: Path, dirs: list[Path]) -> None:
        # One javac for every case. Each snippet's class is `Main`; a package line per case keeps them apart (the
        # only change made to a snippet before it runs).
        for d in dirs:
            src = d / "Main.java"
            src.write_text(f"package {_package_name(d)};\n" + src.read_text())
        cmd = ["javac", "-nowarn", "-encoding", "UTF-8", "-d", str(root / "classes")]
        if classpath:
            cmd += ["-cp", classpath]
        _checked(cmd + [str(d / "Main.java") for d in dirs], root, "javac")
    return build


def _java_command(classpath: str | None) -> Callable[[Path], list[str]]:
    def command(d: Path) -> list[str]:
        cp = str(d.parent / "classes") + (f":{classpath}" if classpath else "")
        return ["java", "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", cp, f"{_package_name(d)}.Main"]
    return command


def _build_gcc(root: Path, dirs: list[Path]) -> None:
    def one(d: Path) -> None:
        _checked(["gcc", "-std=c99", "-Wall", "-Werror", "-o", "snippet", "snippet.c", "-lcurl"], d, f"gcc {d.name}")
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(one, dirs))


RUNTIMES: dict[str, Runtime] = {r.target: r for r in [
    Runtime("curl", "snippet.sh", ("bash", "curl", "base64"), lambda d: ["bash", "snippet.sh"]),
    Runtime("wget", "snippet.sh", ("bash", "wget", "base64"), lambda d: ["bash", "snippet.sh"]),
    Runtime("httpie", "snippet.sh", ("bash", str(TOOLS_VENV / "bin" / "http"), "base64"),
            lambda d: ["bash", "snippet.sh"]),
    Runtime("python-requests", "snippet.py", (str(TOOLS_VENV / "bin" / "python"),),
            lambda d: [str(TOOLS_VENV / "bin" / "python"), "snippet.py"]),
    Runtime("python-httpx", "snippet.py", (str(TOOLS_VENV / "bin" / "python"),),
            lambda d: [str(TOOLS_VENV / "bin" / "python"), "snippet.py"]),
    Runtime("python-http.client", "snippet.py", (str(TOOLS_VENV / "bin" / "python"),),
            lambda d: [str(TOOLS_VENV / "bin" / "python"), "snippet.py"]),
    # .mjs: the snippet uses top-level await, as in a browser console or an ES module.
    Runtime("js-fetch", "snippet.mjs", ("node",), lambda d: ["node", "snippet.mjs"]),
    Runtime("node-axios", "snippet.js", ("node", str(NODE_MODULES / "axios" / "package.json")),
            lambda d: ["node", "snippet.js"]),
    Runtime("node-http", "snippet.js", ("node",), lambda d: ["node", "snippet.js"]),
    Runtime("go-nethttp", "main.go", ("go",), lambda d: [str(d.parent / "bin" / d.name)], _build_go),
    Runtime("java-httpclient", "Main.java", ("java", "javac"), _java_command(None), _build_javac(None)),
    Runtime("java-okhttp", "Main.java", ("java", "javac", "/usr/share/java/okhttp.jar", "/usr/share/java/okio.jar"),
            _java_command(OKHTTP_CLASSPATH), _build_javac(OKHTTP_CLASSPATH)),
    Runtime("php-curl", "snippet.php", ("php",), lambda d: ["php", "snippet.php"]),
    # The snippet requires Composer's vendor/autoload.php; here it loads Debian's Guzzle.
    Runtime("php-guzzle", "snippet.php", ("php", GUZZLE_AUTOLOAD), lambda d: ["php", "snippet.php"],
            extra_files={"vendor/autoload.php": f"<?php\nrequire '{GUZZLE_AUTOLOAD}';\n"}),
    Runtime("ruby-nethttp", "snippet.rb", ("ruby",), lambda d: ["ruby", "snippet.rb"]),
    Runtime("c-libcurl", "snippet.c", ("gcc", "curl-config"),
            lambda d: [str(d / "snippet")], _build_gcc),
    Runtime("raw-http11", "request.http", (sys.executable,),
            lambda d: [sys.executable, "-c", _RAW_SENDER, "request.http", (d / "port").read_text()]),
]}
