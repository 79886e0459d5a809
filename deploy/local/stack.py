#!/usr/bin/env python3
"""Run real Apache Kafka and real Elasticsearch on this machine, without Docker.

Both come from Maven Central: Kafka as the ``org.apache.kafka:kafka_2.13`` jars
(one combined KRaft broker/controller), Elasticsearch as the
``org.elasticsearch.distribution.integ-test-zip`` archive (a real node with a
reduced module set, see deploy/local/README.md). Maven keeps its downloads in
its usual ``~/.m2`` cache; the assembled distributions, data and logs live in
the stack directory, outside the repository.

This script uses the standard library only, so it runs before the project's
virtual environment exists. Every setting is an environment variable (or a line
in ``.env`` at the repository root):

  NEWSFLOW_STACK_DIR            where distributions, data and logs live
                                (default /var/tmp/newsflow-stack-<user>)
  NEWSFLOW_STACK_KAFKA_VERSION  Kafka version (default 3.9.2)
  NEWSFLOW_STACK_KAFKA_PORT     broker port on 127.0.0.1 (default 9092)
  NEWSFLOW_STACK_KAFKA_CONTROLLER_PORT  KRaft controller port (default 9093)
  NEWSFLOW_STACK_KAFKA_HEAP     broker heap (default 1g)
  NEWSFLOW_STACK_KAFKA_PARTITIONS  default partitions of auto-created topics (default 4)
  NEWSFLOW_STACK_ES_VERSION     Elasticsearch version (default 8.19.21)
  NEWSFLOW_STACK_ES_PORT        HTTP port on 127.0.0.1 (default 9200)
  NEWSFLOW_STACK_ES_HEAP        node heap (default 2g)
  NEWSFLOW_STACK_ES_USER        unprivileged user that runs Elasticsearch when
                                this script runs as root (default newsflow-es)
  NEWSFLOW_STACK_JAVA_HOME      JDK for both (default: the first of JAVA_HOME,
                                /usr/lib/jvm/java-17-openjdk-amd64, `java` on PATH)
  NEWSFLOW_STACK_TIMEOUT        seconds to wait for each service (default 180)
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import pwd
import shutil
import signal
import socket
import struct
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
import uuid
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def _load_dotenv(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        values[key.strip()] = value.strip().strip("'\"")
    return values


@dataclasses.dataclass(frozen=True)
class Config:
    stack_dir: Path
    kafka_version: str
    kafka_port: int
    kafka_controller_port: int
    kafka_heap: str
    kafka_partitions: int
    es_version: str
    es_port: int
    es_heap: str
    es_user: str
    java_home: Path
    timeout: float

    @classmethod
    def from_env(cls) -> Config:
        env = {**_load_dotenv(REPO / ".env"), **os.environ}

        def get(name: str, default: str) -> str:
            return env.get(f"NEWSFLOW_STACK_{name}", "") or default

        user = pwd.getpwuid(os.getuid()).pw_name
        return cls(
            # /var/tmp survives reboots and is reachable by the unprivileged ES user
            stack_dir=Path(get("DIR", f"/var/tmp/newsflow-stack-{user}")),  # noqa: S108
            kafka_version=get("KAFKA_VERSION", "3.9.2"),
            kafka_port=int(get("KAFKA_PORT", "9092")),
            kafka_controller_port=int(get("KAFKA_CONTROLLER_PORT", "9093")),
            kafka_heap=get("KAFKA_HEAP", "1g"),
            kafka_partitions=int(get("KAFKA_PARTITIONS", "4")),
            es_version=get("ES_VERSION", "8.19.21"),
            es_port=int(get("ES_PORT", "9200")),
            es_heap=get("ES_HEAP", "2g"),
            es_user=get("ES_USER", "newsflow-es"),
            java_home=Path(get("JAVA_HOME", _default_java_home(env))),
            timeout=float(get("TIMEOUT", "180")),
        )

    @property
    def kafka_home(self) -> Path:
        return self.stack_dir / f"kafka-{self.kafka_version}"

    @property
    def es_home(self) -> Path:
        return self.stack_dir / f"elasticsearch-{self.es_version}"

    @property
    def kafka_data(self) -> Path:
        return self.stack_dir / "data" / "kafka"

    @property
    def es_data(self) -> Path:
        return self.stack_dir / "data" / "elasticsearch"

    @property
    def logs(self) -> Path:
        return self.stack_dir / "logs"

    @property
    def run(self) -> Path:
        return self.stack_dir / "run"


def _default_java_home(env: dict[str, str]) -> str:
    if env.get("JAVA_HOME"):
        return env["JAVA_HOME"]
    candidate = Path("/usr/lib/jvm/java-17-openjdk-amd64")
    if (candidate / "bin" / "java").exists():
        return str(candidate)
    java = shutil.which("java")
    if java:
        return str(Path(java).resolve().parent.parent)
    return str(candidate)


# ----------------------------------------------------------------------------
# small helpers


class StackError(RuntimeError):
    """Something the user must fix; printed without a traceback."""


def say(message: str) -> None:
    print(f"[stack] {message}", flush=True)


def tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return f"(no log at {path})"
    content = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join(content[-lines:])


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie child counts as gone
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _pid_cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def pid_path(cfg: Config, name: str) -> Path:
    # Elasticsearch writes its own pidfile as its own user, in a folder it owns
    return (
        cfg.run / "es" / "elasticsearch.pid" if name == "elasticsearch" else cfg.run / f"{name}.pid"
    )


def read_pid(cfg: Config, name: str, marker: str) -> int | None:
    """The pid this script started for ``name``, if that process still runs.

    ``marker`` must appear in the process's command line, so a pid reused by an
    unrelated process is never reported (nor killed).
    """
    pidfile = pid_path(cfg, name)
    if not pidfile.exists():
        return None
    try:
        pid = int(pidfile.read_text().strip())
    except ValueError:
        return None
    if _pid_alive(pid) and marker in _pid_cmdline(pid):
        return pid
    return None


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def run_checked(cmd: list[str], what: str, **kwargs: object) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload]
    if result.returncode != 0:
        raise StackError(
            f"{what} failed (exit {result.returncode}):\n  {' '.join(cmd)}\n"
            f"{result.stdout[-3000:]}{result.stderr[-3000:]}"
        )


def java(cfg: Config) -> str:
    path = cfg.java_home / "bin" / "java"
    if not path.exists():
        raise StackError(f"no java at {path}; install a JDK 17+ or set NEWSFLOW_STACK_JAVA_HOME")
    return str(path)


def mvn() -> str:
    path = shutil.which("mvn")
    if not path:
        raise StackError("Maven (mvn) is not on PATH; install it (apt-get install maven)")
    return path


# ----------------------------------------------------------------------------
# Kafka


def kafka_metadata(port: int, timeout: float = 2.0) -> list[tuple[int, str, int]]:
    """Send a Kafka Metadata request (v1, all topics) and return the brokers.

    Raises OSError when nothing answers or the answer is not Kafka's.
    """
    client_id = b"newsflow-stack"
    body = struct.pack(">hhih", 3, 1, 1, len(client_id)) + client_id + struct.pack(">i", -1)
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(struct.pack(">i", len(body)) + body)
        header = _recv_exact(s, 4)
        (size,) = struct.unpack(">i", header)
        payload = _recv_exact(s, size)
    (correlation,) = struct.unpack_from(">i", payload, 0)
    if correlation != 1:
        raise OSError("unexpected Kafka response")
    (count,) = struct.unpack_from(">i", payload, 4)
    offset, brokers = 8, []
    for _ in range(count):
        node_id, host_len = struct.unpack_from(">ih", payload, offset)
        offset += 6
        host = payload[offset : offset + host_len].decode()
        offset += host_len
        (broker_port, rack_len) = struct.unpack_from(">ih", payload, offset)
        offset += 6 + max(rack_len, 0)
        brokers.append((node_id, host, broker_port))
    return brokers


def _recv_exact(s: socket.socket, n: int) -> bytes:
    chunks = b""
    while len(chunks) < n:
        chunk = s.recv(n - len(chunks))
        if not chunk:
            raise OSError("connection closed")
        chunks += chunk
    return chunks


def ensure_kafka_dist(cfg: Config) -> None:
    lib = cfg.kafka_home / "lib"
    marker = cfg.kafka_home / ".complete"
    if marker.exists():
        return
    say(f"resolving Apache Kafka {cfg.kafka_version} from Maven Central into {lib}")
    cfg.kafka_home.mkdir(parents=True, exist_ok=True)
    pom = cfg.kafka_home / "pom.xml"
    pom.write_text(
        (HERE / "kafka-pom.xml").read_text().replace("@KAFKA_VERSION@", cfg.kafka_version)
    )
    if lib.exists():
        shutil.rmtree(lib)
    run_checked(
        [
            mvn(),
            "-q",
            "-B",
            "-f",
            str(pom),
            "dependency:copy-dependencies",
            f"-DoutputDirectory={lib}",
            "-DincludeScope=runtime",
        ],
        "resolving Kafka with Maven",
    )
    marker.touch()


def write_kafka_config(cfg: Config) -> Path:
    conf = cfg.stack_dir / "conf" / "kafka"
    conf.mkdir(parents=True, exist_ok=True)
    props = conf / "server.properties"
    props.write_text(
        (HERE / "kafka-server.properties")
        .read_text()
        .replace("@PORT@", str(cfg.kafka_port))
        .replace("@CONTROLLER_PORT@", str(cfg.kafka_controller_port))
        .replace("@LOG_DIRS@", str(cfg.kafka_data))
        .replace("@PARTITIONS@", str(cfg.kafka_partitions))
    )
    log4j = conf / "log4j.properties"
    log4j.write_text(
        (HERE / "kafka-log4j.properties").read_text().replace("@LOG_DIR@", str(cfg.logs))
    )
    return props


def kafka_up(cfg: Config) -> None:
    if read_pid(cfg, "kafka", "kafka.Kafka"):
        say(f"Kafka already running (pid {read_pid(cfg, 'kafka', 'kafka.Kafka')})")
        wait_kafka(cfg)
        return
    if port_open(cfg.kafka_port):
        try:
            kafka_metadata(cfg.kafka_port)
        except OSError as exc:
            raise StackError(
                f"port {cfg.kafka_port} is taken by something that is not Kafka ({exc}); "
                "free it or set NEWSFLOW_STACK_KAFKA_PORT"
            ) from exc
        say(f"a Kafka broker this script did not start answers on {cfg.kafka_port}; using it")
        return
    ensure_kafka_dist(cfg)
    props = write_kafka_config(cfg)
    cfg.logs.mkdir(parents=True, exist_ok=True)
    cfg.run.mkdir(parents=True, exist_ok=True)
    classpath = str(cfg.kafka_home / "lib" / "*")
    log4j_opt = f"-Dlog4j.configuration=file:{props.parent / 'log4j.properties'}"
    if not (cfg.kafka_data / "meta.properties").exists():
        cfg.kafka_data.mkdir(parents=True, exist_ok=True)
        cluster_id = uuid.uuid4().bytes
        import base64

        cid = base64.urlsafe_b64encode(cluster_id).decode().rstrip("=")
        say(f"formatting KRaft storage in {cfg.kafka_data} (cluster id {cid})")
        run_checked(
            [
                java(cfg),
                log4j_opt,
                "-cp",
                classpath,
                "kafka.tools.StorageTool",
                "format",
                "-t",
                cid,
                "-c",
                str(props),
                "--ignore-formatted",
            ],
            "formatting Kafka storage",
        )
    out = cfg.logs / "kafka.out"
    say(f"starting Kafka {cfg.kafka_version} on 127.0.0.1:{cfg.kafka_port}")
    with out.open("ab") as sink:
        proc = subprocess.Popen(
            [
                java(cfg),
                f"-Xms{cfg.kafka_heap}",
                f"-Xmx{cfg.kafka_heap}",
                "-XX:+UseG1GC",
                "-XX:MaxGCPauseMillis=20",
                "-Djava.awt.headless=true",
                log4j_opt,
                f"-Dkafka.logs.dir={cfg.logs}",
                "-cp",
                classpath,
                "kafka.Kafka",
                str(props),
            ],
            stdout=sink,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    (cfg.run / "kafka.pid").write_text(str(proc.pid))
    wait_kafka(cfg, proc)


def wait_kafka(cfg: Config, proc: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + cfg.timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise StackError(
                f"Kafka exited with code {proc.returncode}. "
                f"Last lines of {cfg.logs / 'kafka.out'}:\n"
                + tail(cfg.logs / "kafka.out")
                + "\n--- server.log ---\n"
                + tail(cfg.logs / "server.log")
            )
        try:
            if kafka_metadata(cfg.kafka_port):
                say(f"Kafka is up: a metadata request on 127.0.0.1:{cfg.kafka_port} lists a broker")
                return
        except (OSError, struct.error) as exc:
            last = exc
        time.sleep(0.5)
    raise StackError(
        f"Kafka did not answer a metadata request within {cfg.timeout:.0f}s ({last}). "
        f"Last lines of {cfg.logs / 'server.log'}:\n" + tail(cfg.logs / "server.log")
    )


# ----------------------------------------------------------------------------
# Elasticsearch


def es_request(cfg: Config, path: str, timeout: float = 2.0) -> str:
    url = f"http://127.0.0.1:{cfg.es_port}{path}"
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        return resp.read().decode()


def ensure_es_dist(cfg: Config) -> None:
    marker = cfg.es_home / ".complete"
    if marker.exists():
        return
    say(f"resolving Elasticsearch {cfg.es_version} (integ-test-zip) from Maven Central")
    download = cfg.stack_dir / "downloads"
    download.mkdir(parents=True, exist_ok=True)
    artifact = f"org.elasticsearch.distribution.integ-test-zip:elasticsearch:{cfg.es_version}:zip"
    run_checked(
        [
            mvn(),
            "-q",
            "-B",
            "dependency:copy",
            f"-Dartifact={artifact}",
            f"-DoutputDirectory={download}",
        ],
        "resolving Elasticsearch with Maven",
        cwd=str(cfg.stack_dir),
    )
    archive = download / f"elasticsearch-{cfg.es_version}.zip"
    if cfg.es_home.exists():
        shutil.rmtree(cfg.es_home)
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(cfg.stack_dir)
        # zipfile drops the executable bits; restore them from the archive
        for info in zf.infolist():
            mode = (info.external_attr >> 16) & 0o777
            if mode:
                os.chmod(cfg.stack_dir / info.filename, mode)
    archive.unlink()
    marker.touch()


def es_runner(cfg: Config) -> tuple[pwd.struct_passwd | None, list[str]]:
    """Elasticsearch refuses to run as root: pick (and create) a user for it."""
    if os.getuid() != 0:
        return None, []
    try:
        return pwd.getpwnam(cfg.es_user), []
    except KeyError:
        pass
    useradd = shutil.which("useradd") or "/usr/sbin/useradd"
    say(f"creating the unprivileged system user {cfg.es_user!r} to run Elasticsearch")
    run_checked(
        [
            useradd,
            "--system",
            "--no-create-home",
            "--shell",
            "/usr/sbin/nologin",
            "--user-group",
            cfg.es_user,
        ],
        "creating the Elasticsearch user",
    )
    return pwd.getpwnam(cfg.es_user), []


def write_es_config(cfg: Config) -> Path:
    conf = cfg.stack_dir / "conf" / "elasticsearch"
    if conf.exists():
        shutil.rmtree(conf)
    shutil.copytree(cfg.es_home / "config", conf)
    (conf / "elasticsearch.yml").write_text(
        (HERE / "elasticsearch.yml")
        .read_text()
        .replace("@PORT@", str(cfg.es_port))
        .replace("@DATA@", str(cfg.es_data))
        .replace("@LOGS@", str(cfg.logs / "elasticsearch"))
    )
    (conf / "jvm.options.d" / "heap.options").write_text(f"-Xms{cfg.es_heap}\n-Xmx{cfg.es_heap}\n")
    return conf


def es_up(cfg: Config) -> None:
    marker = f"-Des.path.home={cfg.es_home}"
    if read_pid(cfg, "elasticsearch", marker):
        say(f"Elasticsearch already running (pid {read_pid(cfg, 'elasticsearch', marker)})")
        wait_es(cfg)
        return
    if port_open(cfg.es_port):
        try:
            es_request(cfg, "/")
        except (OSError, urllib.error.URLError) as exc:
            raise StackError(
                f"port {cfg.es_port} is taken by something that is not Elasticsearch ({exc}); "
                "free it or set NEWSFLOW_STACK_ES_PORT"
            ) from exc
        say(f"an Elasticsearch this script did not start answers on {cfg.es_port}; using it")
        return
    ensure_es_dist(cfg)
    conf = write_es_config(cfg)
    user, _ = es_runner(cfg)
    es_logs = cfg.logs / "elasticsearch"
    for d in (cfg.es_data, es_logs, cfg.run):
        d.mkdir(parents=True, exist_ok=True)
    pidfile = pid_path(cfg, "elasticsearch")
    pidfile.parent.mkdir(parents=True, exist_ok=True)
    pidfile.unlink(missing_ok=True)
    tmpdir = cfg.stack_dir / "tmp" / "elasticsearch"
    tmpdir.mkdir(parents=True, exist_ok=True)
    if user is not None:
        # the node writes to its config (keystore), data, logs and tmp dirs and
        # the pidfile; it must be able to reach the stack dir
        os.chmod(cfg.stack_dir, 0o755)  # noqa: S103 - read access to the distribution
        for d in (conf, cfg.es_data, es_logs, tmpdir, pidfile.parent):
            _chown_tree(d, user.pw_uid, user.pw_gid)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "ES_JAVA_HOME": str(cfg.java_home),
        "ES_PATH_CONF": str(conf),
        "ES_TMPDIR": str(tmpdir),
        "HOME": user.pw_dir if user else os.environ.get("HOME", str(cfg.stack_dir)),
        "LANG": "C.UTF-8",
    }
    out = cfg.logs / "elasticsearch.out"
    say(
        f"starting Elasticsearch {cfg.es_version} on 127.0.0.1:{cfg.es_port}"
        + (f" as user {user.pw_name}" if user else "")
    )
    with out.open("ab") as sink:
        if user is not None:
            os.chown(out, user.pw_uid, user.pw_gid)
        proc = subprocess.run(
            [str(cfg.es_home / "bin" / "elasticsearch"), "-d", "-p", str(pidfile)],
            stdout=sink,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            user=user.pw_uid if user else None,
            group=user.pw_gid if user else None,
            extra_groups=[] if user else None,
            cwd=str(cfg.es_home),
            start_new_session=True,
            check=False,
        )
    if proc.returncode != 0:
        raise StackError(
            f"Elasticsearch did not start (exit {proc.returncode}). Last lines of {out}:\n"
            + tail(out)
            + f"\n--- {es_logs / 'newsflow-local.log'} ---\n"
            + tail(es_logs / "newsflow-local.log")
        )
    wait_es(cfg)


def _chown_tree(root: Path, uid: int, gid: int) -> None:
    os.chown(root, uid, gid)
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            os.chown(os.path.join(dirpath, name), uid, gid, follow_symlinks=False)


def wait_es(cfg: Config) -> None:
    deadline = time.monotonic() + cfg.timeout
    last: Exception | None = None
    es_log = cfg.logs / "elasticsearch" / "newsflow-local.log"
    marker = f"-Des.path.home={cfg.es_home}"
    while time.monotonic() < deadline:
        try:
            health = es_request(
                cfg, "/_cluster/health?wait_for_status=yellow&timeout=1s", timeout=3
            )
            status = json.loads(health).get("status")
            if status in ("yellow", "green"):
                say(f"Elasticsearch is up: cluster health {status}")
                return
        except (OSError, urllib.error.URLError, ValueError) as exc:
            last = exc
        pidfile = pid_path(cfg, "elasticsearch")
        if pidfile.exists() and not read_pid(cfg, "elasticsearch", marker):
            raise StackError(
                f"Elasticsearch stopped while starting. Last lines of {es_log}:\n{tail(es_log)}"
            )
        time.sleep(1)
    raise StackError(
        f"Elasticsearch was not yellow within {cfg.timeout:.0f}s ({last}). "
        f"Last lines of {es_log}:\n{tail(es_log)}"
    )


# ----------------------------------------------------------------------------
# commands


def cmd_up(cfg: Config) -> None:
    cfg.stack_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    kafka_up(cfg)
    es_up(cfg)
    say(f"ready in {time.monotonic() - started:.1f}s")
    say(f"  Kafka          127.0.0.1:{cfg.kafka_port}   logs: {cfg.logs / 'server.log'}")
    say(
        f"  Elasticsearch  http://127.0.0.1:{cfg.es_port}   logs: "
        f"{cfg.logs / 'elasticsearch' / 'newsflow-local.log'}"
    )
    say("stop both with: make down")


def _stop(cfg: Config, name: str, marker: str, grace: float) -> None:
    pid = read_pid(cfg, name, marker)
    pidfile = pid_path(cfg, name)
    if pid is None:
        say(f"{name}: not running (nothing this script started)")
        pidfile.unlink(missing_ok=True)
        return
    say(f"stopping {name} (pid {pid})")
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and _pid_alive(pid):
        time.sleep(0.3)
    if _pid_alive(pid):
        say(f"{name} did not stop within {grace:.0f}s; killing it")
        os.kill(pid, signal.SIGKILL)
    pidfile.unlink(missing_ok=True)


def cmd_down(cfg: Config) -> None:
    cmd_stop_workers(cfg)
    _stop(cfg, "elasticsearch", f"-Des.path.home={cfg.es_home}", 60)
    _stop(cfg, "kafka", "kafka.Kafka", 60)


def cmd_status(cfg: Config) -> int:
    code = 0
    kpid = read_pid(cfg, "kafka", "kafka.Kafka")
    try:
        brokers = kafka_metadata(cfg.kafka_port)
        print(f"Kafka          up    127.0.0.1:{cfg.kafka_port}  brokers={brokers}  pid={kpid}")
    except (OSError, struct.error) as exc:
        print(f"Kafka          down  127.0.0.1:{cfg.kafka_port}  ({exc})")
        code = 1
    epid = read_pid(cfg, "elasticsearch", f"-Des.path.home={cfg.es_home}")
    try:
        health = es_request(cfg, "/_cluster/health")
        print(f"Elasticsearch  up    http://127.0.0.1:{cfg.es_port}  {health}  pid={epid}")
    except (OSError, urllib.error.URLError) as exc:
        print(f"Elasticsearch  down  http://127.0.0.1:{cfg.es_port}  ({exc})")
        code = 1
    return code


def cmd_stop_one(cfg: Config, name: str) -> None:
    markers = {"kafka": "kafka.Kafka", "elasticsearch": f"-Des.path.home={cfg.es_home}"}
    _stop(cfg, name, markers[name], 60)


def cmd_start_one(cfg: Config, name: str) -> None:
    (kafka_up if name == "kafka" else es_up)(cfg)


def worker_pids(cfg: Config) -> dict[int, int]:
    """index → pid of the `newsflow worker` processes this script started."""
    found = {}
    for pidfile in sorted(cfg.run.glob("worker-*.pid")):
        index = int(pidfile.stem.split("-", 1)[1])
        pid = read_pid(cfg, pidfile.stem, "worker")
        if pid is not None:
            found[index] = pid
        else:
            pidfile.unlink(missing_ok=True)
    return found


def cmd_workers(cfg: Config, count: int, newsflow: str, base_port: int) -> None:
    """Start `newsflow worker` processes until `count` run (each with its own
    web port and data dir); they share the partitions as one consumer group."""
    cfg.run.mkdir(parents=True, exist_ok=True)
    cfg.logs.mkdir(parents=True, exist_ok=True)
    running = worker_pids(cfg)
    for index in range(1, count + 1):
        if index in running:
            say(f"worker {index} already running (pid {running[index]})")
            continue
        port = base_port + index - 1
        data = cfg.stack_dir / "data" / f"worker-{index}"
        data.mkdir(parents=True, exist_ok=True)
        log = cfg.logs / f"worker-{index}.log"
        with log.open("ab") as sink:
            proc = subprocess.Popen(
                [newsflow, "worker", "--web-port", str(port), "--data-dir", str(data)],
                stdout=sink,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        (cfg.run / f"worker-{index}.pid").write_text(str(proc.pid))
        say(
            f"worker {index} started (pid {proc.pid}), metrics on "
            f"http://127.0.0.1:{port}/metrics, log {log}"
        )
    deadline = time.monotonic() + cfg.timeout
    for index in range(1, count + 1):
        port = base_port + index - 1
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                    health = json.loads(r.read())
                if health.get("assigned") and not health.get("rebalancing"):
                    break
            except (OSError, ValueError):
                pass
            if time.monotonic() > deadline:
                raise StackError(
                    f"worker {index} not ready; last lines of its log:\n"
                    + tail(cfg.logs / f"worker-{index}.log")
                )
            if read_pid(cfg, f"worker-{index}", "worker") is None:
                raise StackError(
                    f"worker {index} exited; last lines of its log:\n"
                    + tail(cfg.logs / f"worker-{index}.log")
                )
            time.sleep(0.5)
    say(f"{count} worker(s) ready")


def cmd_stop_workers(cfg: Config) -> None:
    for index in sorted(worker_pids(cfg)):
        _stop(cfg, f"worker-{index}", "worker", 60)


def cmd_reset(cfg: Config) -> None:
    cmd_down(cfg)
    data = cfg.stack_dir / "data"
    if data.exists():
        say(f"removing {data}")
        shutil.rmtree(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="stack.py",
        description=textwrap.dedent(__doc__ or "").strip(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("up", help="resolve, start and wait for Kafka and Elasticsearch (idempotent)")
    sub.add_parser("down", help="stop exactly the processes `up` started")
    sub.add_parser("status", help="say whether both answer; exit 1 when one does not")
    sub.add_parser("reset", help="stop both and delete their data (keeps the downloads)")
    for verb in ("start", "stop"):
        p = sub.add_parser(verb, help=f"{verb} one service (used by failure tests)")
        p.add_argument("service", choices=["kafka", "elasticsearch"])
    sub.add_parser("env", help="print the resolved settings")
    workers = sub.add_parser("workers", help="start `newsflow worker` processes (idempotent)")
    workers.add_argument("--count", type=int, default=2, help="how many (default 2)")
    workers.add_argument(
        "--newsflow",
        default=str(REPO / ".venv" / "bin" / "newsflow"),
        help="the newsflow command (default .venv/bin/newsflow)",
    )
    workers.add_argument(
        "--base-port",
        type=int,
        default=6066,
        help="web port of worker 1; worker N gets base+N-1 (default 6066)",
    )
    sub.add_parser("stop-workers", help="stop the workers this script started")
    args = parser.parse_args(argv)
    cfg = Config.from_env()
    try:
        if args.command == "up":
            cmd_up(cfg)
        elif args.command == "down":
            cmd_down(cfg)
        elif args.command == "status":
            return cmd_status(cfg)
        elif args.command == "reset":
            cmd_reset(cfg)
        elif args.command == "start":
            cmd_start_one(cfg, args.service)
        elif args.command == "stop":
            cmd_stop_one(cfg, args.service)
        elif args.command == "workers":
            cmd_workers(cfg, args.count, args.newsflow, args.base_port)
        elif args.command == "stop-workers":
            cmd_stop_workers(cfg)
        elif args.command == "env":
            for field in dataclasses.fields(cfg):
                print(f"{field.name}={getattr(cfg, field.name)}")
    except StackError as exc:
        print(f"[stack] error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
