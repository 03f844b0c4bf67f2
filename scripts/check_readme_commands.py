#!/usr/bin/env python3
"""Run every command the README shows, as written, in a fresh clone (CI: .ci/run).

The commands are read from the README itself, so a new one is covered automatically: every line
of a ```bash block, and every inline `…manage.py …` span. In a fresh clone of this repository
(the committed HEAD) in a temporary folder, with none of DJANGO_* / FC_* / DATABASE_URL set:

1. ``scripts/setup.sh`` prepares the real (local) instance;
2. each command runs in README order through bash and must exit 0; ``scripts/run.sh`` (a
   server) is started, must answer HTTP on its port, and is stopped; ``scripts/test.sh`` is the
   CI's own first step and is skipped here. Interactive prompts (the administrator's initial
   password) read a password from standard input.

By default the clone reuses this checkout's ``.venv`` and ``node_modules`` (setup.sh then finds
them installed); ``--fresh`` lets setup install everything itself (needs the package indexes).
Usage: .venv/bin/python scripts/check_readme_commands.py [--fresh] [--keep]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Readme@Check2026\n" * 4  # any prompt (getpass falls back to stdin without a tty)
SKIP = {
    "scripts/test.sh": "CI 第一步已运行全部测试",
    # Long-running processes: scripts/serve.sh starts them and CI's production smoke test
    # (scripts/smoke_production.sh) checks that server; run here they would never return.
    "manage.py scheduler": "长驻进程，由 scripts/serve.sh 启动，CI 的生产冒烟测试检查",
}
SERVERS = ("scripts/run.sh",)


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def readme_commands(text: str) -> list[str]:
    """Fenced ```bash lines (without comments) and inline spans naming manage.py, in order."""
    found: list[tuple[int, str]] = []
    for block in re.finditer(r"```bash\n(.*?)```", text, re.S):
        offset = block.start(1)
        for line in block.group(1).splitlines(keepends=True):
            command = line.split(" #", 1)[0].strip()
            if command and not command.startswith("#"):
                found.append((offset, command))
            offset += len(line)
    fenced = re.sub(r"```.*?```", lambda m: " " * len(m.group(0)), text, flags=re.S)
    for span in re.finditer(r"`([^`\n]*manage\.py [^`\n]*)`", fenced):
        found.append((span.start(), span.group(1).strip()))
    return [command for _, command in sorted(found)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def clean_env(port: int) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "FC_")) and k not in {"DATABASE_URL", "VIRTUAL_ENV"}
    }
    env["PORT"] = str(port)
    return env


def run(command: str, cwd: Path, env: dict[str, str], timeout: int = 1200) -> tuple[bool, str]:
    done = subprocess.run(  # noqa: S603
        ["bash", "-c", command],  # noqa: S607
        cwd=cwd,
        env=env,
        input=PASSWORD,
        capture_output=True,
        text=True,
        timeout=timeout,
        start_new_session=True,  # no controlling tty: prompts read standard input
    )
    return done.returncode == 0, (done.stdout + done.stderr)[-3000:]


def serve(command: str, cwd: Path, env: dict[str, str], port: int) -> tuple[bool, str]:
    """Start the server command, wait until it answers HTTP, then stop it (its process group)."""
    log = cwd / "var" / "server-check.log"
    log.parent.mkdir(exist_ok=True)
    with log.open("w") as out:
        server = subprocess.Popen(  # noqa: S603
            ["bash", "-c", command],  # noqa: S607
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    answer = ""
    try:
        deadline = time.monotonic() + 1200
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(  # noqa: S310
                    f"http://127.0.0.1:{port}/accounts/login/", timeout=5
                ) as response:
                    answer = f"HTTP {response.status}"
                    if response.status == 200 and "未来社区" in response.read().decode():
                        return True, answer
            except (urllib.error.URLError, OSError):
                time.sleep(2)
        return False, f"{answer or '没有应答'}\n" + log.read_text()[-3000:]
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)


def reuse(clone: Path) -> None:
    """Lend the clone this checkout's installed environment. ``.venv`` becomes a folder of links
    with its own install markers (copied), so setup.sh's bookkeeping stays in the clone."""
    venv = (ROOT / ".venv").resolve()
    if venv.is_dir():
        (clone / ".venv").mkdir()
        for entry in venv.iterdir():
            if entry.name.startswith(".installed"):
                shutil.copy(entry, clone / ".venv" / entry.name)
            else:
                (clone / ".venv" / entry.name).symlink_to(entry)
    if (ROOT / "node_modules").exists():
        (clone / "node_modules").symlink_to((ROOT / "node_modules").resolve())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fresh", action="store_true", help="install everything in the clone")
    parser.add_argument("--keep", action="store_true", help="keep the temporary clone")
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="fc-readme-"))
    clone = work / "fc"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)  # noqa: S603,S607
    if not options.fresh:
        reuse(clone)
    port = free_port()
    env = clean_env(port)
    commands = readme_commands((clone / "README.md").read_text(encoding="utf-8"))
    say(f"==> 全新克隆 {clone}；README 命令 {len(commands)} 条")
    failures = 0
    for command in ["scripts/setup.sh", *commands]:
        started = time.monotonic()
        if command in SKIP:
            say(f"  跳过  {command}（{SKIP[command]}）")
            continue
        if command.startswith(SERVERS):
            ok, output = serve(command, clone, env, port)
        else:
            if command.startswith("manage.py "):
                command = f".venv/bin/python {command}"
            ok, output = run(command, clone, env)
        took = time.monotonic() - started
        say(f"  {'通过' if ok else '失败'}  {command}  ({took:.0f} 秒)")
        if not ok:
            failures += 1
            say("    " + output.replace("\n", "\n    "))
    if options.keep:
        say(f"保留克隆：{clone}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    say(f"==> README 命令：{len(commands) + 1 - failures} 条通过，{failures} 条失败")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
