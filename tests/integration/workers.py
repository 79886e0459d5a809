"""Real worker processes for integration tests: `newsflow worker` as a subprocess."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pipeline_env(prefix: str, alias: str, data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSFLOW_")}
    for key in ("NEWSFLOW_KAFKA_BOOTSTRAP_SERVERS", "NEWSFLOW_ES_URL"):
        if key in os.environ:
            env[key] = os.environ[key]
    env.update(
        {
            "NEWSFLOW_TOPIC_PREFIX": prefix,
            "NEWSFLOW_INDEX_ALIAS": alias,
            "NEWSFLOW_APP_ID": f"{prefix}newsflow",
            "NEWSFLOW_WORKER_DATA_DIR": str(data_dir),
            **extra,
        }
    )
    return env


def newsflow(
    env: dict[str, str], *args: str, stdin: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        env=env,
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


class Worker:
    """One `newsflow worker` process with its own web port and data dir."""

    def __init__(self, env: dict[str, str], data_dir: Path, name: str = "w1") -> None:
        self.env = env
        self.port = free_port()
        self.data_dir = data_dir / name
        self.log_path = data_dir / f"{name}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Worker:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pipeline.cli",
                "worker",
                "--web-port",
                str(self.port),
                "--data-dir",
                str(self.data_dir),
                "-l",
                "info",
            ],
            env=self.env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def health(self) -> dict[str, Any] | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=2) as r:
                return json.loads(r.read())  # type: ignore[no-any-return]
        except OSError:
            return None

    def metrics(self) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/metrics", timeout=5) as r:
            return r.read().decode()

    def wait_ready(self, timeout: float = 90) -> None:
        """Until the worker owns partitions and is not rebalancing."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise AssertionError(f"worker exited with {self.proc.returncode}:\n{self.log()}")
            h = self.health()
            if h and h["assigned"] and not h["rebalancing"]:
                return
            time.sleep(0.5)
        raise AssertionError(f"worker not ready within {timeout}s:\n{self.log()}")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
            self.proc.wait(timeout=60)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self, tail: int = 60) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-tail:])


def wait_for(
    condition: Callable[[], Any], timeout: float, message: str, interval: float = 0.5
) -> Any:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = condition()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"{message} (last value: {last!r})")
