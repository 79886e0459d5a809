"""Static checks of docker-compose.yml and .env.example.

No Docker engine runs where the tests run, so these tests read the files: the
compose file parses, every image is pinned, services start only once what they
need is healthy, secrets are required, the versions follow the local stack, and
the pipeline containers get real ``Settings`` fields.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.settings import Settings

REPO = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO / "docker-compose.yml"
ENV_EXAMPLE = REPO / ".env.example"
LOCAL_STACK = REPO / "deploy" / "local" / "stack.py"

PIPELINE_SERVICES = ("setup", "worker", "feeder")
ONE_SHOT_SERVICES = ("es-setup", "kibana-import", "setup", "feeder")
LONG_RUNNING_SERVICES = ("kafka", "elasticsearch", "kibana", "worker")
EXPECTED_SERVICES = {*ONE_SHOT_SERVICES, *LONG_RUNNING_SERVICES}
SECRETS = ("ELASTIC_PASSWORD", "KIBANA_PASSWORD")
SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN|API_KEY")

HEALTHY = "service_healthy"
COMPLETED = "service_completed_successfully"
# who waits for whom, and for what
EXPECTED_DEPENDENCIES = {
    "es-setup": {"elasticsearch": HEALTHY},
    "kibana": {"elasticsearch": HEALTHY, "es-setup": COMPLETED},
    "kibana-import": {"kibana": HEALTHY},
    "setup": {"kafka": HEALTHY, "elasticsearch": HEALTHY},
    "worker": {"kafka": HEALTHY, "elasticsearch": HEALTHY, "setup": COMPLETED},
    "feeder": {"setup": COMPLETED, "worker": HEALTHY},
}
# what each healthcheck must contain to probe the service for real
HEALTHCHECK_PROBES = {
    "kafka": ("/opt/kafka/bin/kafka-", "--bootstrap-server localhost:9092"),
    "elasticsearch": ("/_cluster/health", "-u ", "elastic:", "green", "yellow"),
    "kibana": ("/api/status", "available"),
    "worker": ("localhost:6066/health",),
}

# `$$` (a literal dollar for the container's shell), then ${NAME}, ${NAME:-x},
# ${NAME-x}, ${NAME:?x}, ${NAME?x}, ${NAME:+x}, ${NAME+x} and $NAME
_REFERENCE = re.compile(
    r"\$\$|\$\{(?P<name>[A-Za-z_]\w*)(?P<op>:?[-?+])?(?P<arg>[^}]*)\}|\$(?P<bare>[A-Za-z_]\w*)"
)
_EXACT_VERSION = re.compile(r"\d+\.\d+\.\d+(?:[-.][A-Za-z0-9.]+)?")


@dataclass(frozen=True)
class Reference:
    """One ``${VAR...}`` in the compose file."""

    name: str
    op: str | None  # None, "-", ":-", "?", ":?", "+", ":+"
    arg: str
    where: str

    @property
    def has_default(self) -> bool:
        return self.op in ("-", ":-", "+", ":+")


@cache
def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "docker-compose.yml is not a mapping"
    return data


def services() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = compose()["services"]
    return found


def _strings(node: Any, where: str) -> Iterator[tuple[str, str]]:
    """Every string value in the parsed file (compose interpolates values, not keys)."""
    if isinstance(node, str):
        yield where, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, f"{where}[{index}]")


def references() -> list[Reference]:
    found = []
    for where, text in _strings(compose(), "compose"):
        for match in _REFERENCE.finditer(text):
            if match.group(0) == "$$":
                continue
            name = match.group("name") or match.group("bare")
            found.append(Reference(name, match.group("op"), match.group("arg") or "", where))
    return found


def interpolate(text: str, env: dict[str, str]) -> str:
    """Resolve ``${VAR...}`` the way docker compose does, for the forms used here."""

    def resolve(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        name = match.group("name") or match.group("bare")
        op, arg = match.group("op"), match.group("arg") or ""
        value = env.get(name)
        if (op == ":?" and not value) or (op == "?" and value is None):
            raise KeyError(f"{name}: {arg}")
        if op == ":-":
            return value or arg
        if op == "-":
            return arg if value is None else value
        return value or ""

    return _REFERENCE.sub(resolve, text)


def env_of(service: str) -> dict[str, str]:
    environment = services()[service].get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    return {key: str(value) for key, value in environment.items()}


def image_tag(service: str) -> tuple[str, str]:
    """(repository, tag) of a service's image, with defaults filled in."""
    image = interpolate(services()[service]["image"], {})
    repository, _, tag = image.rpartition(":")
    if "/" in tag or not repository:  # `host:5000/name` has no tag
        return image, ""
    return repository, tag


def stack_default(name: str) -> str:
    match = re.search(rf'get\("{name}",\s*"([^"]+)"\)', LOCAL_STACK.read_text(encoding="utf-8"))
    assert match, f"no default for {name} in {LOCAL_STACK}"
    return match.group(1)


def env_example() -> tuple[dict[str, str], set[str]]:
    """(variables set in .env.example, every variable it mentions, commented or not)."""
    defined: dict[str, str] = {}
    mentioned: set[str] = set()
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\s*(#\s*)?([A-Z_][A-Z0-9_]*)=(.*)", line)
        if match:
            mentioned.add(match.group(2))
            if not match.group(1):
                defined[match.group(2)] = match.group(3).strip()
    return defined, mentioned


def health_test(service: str) -> str:
    healthcheck = services()[service].get("healthcheck") or {}
    test = healthcheck.get("test") or []
    return " ".join(test) if isinstance(test, list) else str(test)


def published_ports(service: str) -> list[str]:
    return [str(port) for port in services()[service].get("ports") or []]


# --- the file ----------------------------------------------------------------


def test_compose_file_parses() -> None:
    """docker-compose.yml is YAML with only top-level keys that compose knows."""
    known = {"name", "services", "volumes", "networks", "configs", "secrets", "include"}
    unknown = {key for key in compose() if key not in known and not key.startswith("x-")}
    assert not unknown, f"unknown top-level keys: {unknown}"
    assert isinstance(compose()["services"], dict)


def test_header_explains_usage() -> None:
    """The header comment says how to start it and where Kibana is."""
    lines = COMPOSE_FILE.read_text(encoding="utf-8").splitlines()
    header = []
    for line in lines:
        if not line.startswith("#"):
            break
        header.append(line)
    text = "\n".join(header)
    for needle in ("docker compose up", "seeds/", "http://localhost:5601"):
        assert needle in text, f"the header comment should mention {needle!r}"


def test_expected_services_exist() -> None:
    """Kafka, Elasticsearch, Kibana, their one-shot helpers and the pipeline are there."""
    missing = EXPECTED_SERVICES - set(services())
    assert not missing, f"missing services: {sorted(missing)}"


# --- images and versions -----------------------------------------------------


def test_every_image_is_pinned() -> None:
    """Pulled images carry an exact version tag; the built image a tag other than latest."""
    problems = []
    for name, service in services().items():
        if "image" not in service:
            problems.append(f"{name}: no image")
            continue
        repository, tag = image_tag(name)
        if "@sha256:" in service["image"]:
            continue
        if "build" in service:
            if not tag or tag == "latest":
                problems.append(f"{name}: built image {service['image']!r} needs a tag")
        elif not _EXACT_VERSION.fullmatch(tag):
            problems.append(f"{name}: {repository}:{tag or '<none>'} is not an exact version")
    assert not problems, "\n".join(problems)


def test_kafka_version_is_the_local_stack_default() -> None:
    """The Kafka image runs the version the local stack runs (deploy/local/stack.py)."""
    repository, tag = image_tag("kafka")
    assert repository == "apache/kafka"
    assert tag == stack_default("KAFKA_VERSION")


def test_elastic_versions_match() -> None:
    """Elasticsearch, Kibana and es-setup share one version, the local stack's."""
    es_repository, es_tag = image_tag("elasticsearch")
    kibana_repository, kibana_tag = image_tag("kibana")
    assert es_repository == "docker.elastic.co/elasticsearch/elasticsearch"
    assert kibana_repository == "docker.elastic.co/kibana/kibana"
    assert kibana_tag == es_tag
    assert image_tag("es-setup") == (es_repository, es_tag)
    assert es_tag == stack_default("ES_VERSION")


# --- health and start order --------------------------------------------------


def test_healthchecks_probe_the_service() -> None:
    """Kafka, Elasticsearch, Kibana and the worker have healthchecks that ask the service."""
    for name, probes in HEALTHCHECK_PROBES.items():
        healthcheck = services()[name].get("healthcheck")
        assert healthcheck, f"{name} has no healthcheck"
        assert not healthcheck.get("disable"), f"{name}'s healthcheck is disabled"
        test = health_test(name)
        assert test.split()[0] in ("CMD", "CMD-SHELL"), f"{name}: healthcheck test {test!r}"
        for probe in probes:
            assert probe in test, f"{name}'s healthcheck should contain {probe!r}: {test!r}"


def test_depends_on_uses_conditions() -> None:
    """Every dependency has a condition, and the condition can be met."""
    problems = []
    for name, service in services().items():
        depends_on = service.get("depends_on") or {}
        if isinstance(depends_on, list):
            problems.append(f"{name}: depends_on is a list, so it waits for nothing")
            continue
        for target, spec in depends_on.items():
            condition = (spec or {}).get("condition")
            if target not in services():
                problems.append(f"{name} depends on unknown service {target}")
            elif condition == HEALTHY:
                if not services()[target].get("healthcheck"):
                    problems.append(f"{name} waits for {target} to be healthy; it has no check")
            elif condition == COMPLETED:
                if services()[target].get("restart", "no") != "no":
                    problems.append(f"{name} waits for {target} to finish; it restarts")
            else:
                problems.append(f"{name} -> {target}: condition {condition!r}")
    assert not problems, "\n".join(problems)


def test_start_order() -> None:
    """Each service waits for exactly what it needs."""
    for name, expected in EXPECTED_DEPENDENCIES.items():
        depends_on = services()[name].get("depends_on") or {}
        actual = {target: (spec or {}).get("condition") for target, spec in depends_on.items()}
        assert actual == expected, f"{name}: depends_on {actual}, expected {expected}"


def test_restart_policies() -> None:
    """One-shot services run once; long-running services come back after a crash."""
    for name in ONE_SHOT_SERVICES:
        assert services()[name].get("restart", "no") == "no", name
    for name in LONG_RUNNING_SERVICES:
        assert services()[name].get("restart") in ("unless-stopped", "always"), name


# --- variables and secrets ---------------------------------------------------


def test_references_are_well_formed() -> None:
    """Every ``${...}`` is one compose understands (a name, then an operator or nothing)."""
    bad = [ref for ref in references() if ref.op is None and ref.arg]
    assert not bad, bad
    assert references(), "the compose file reads no variables at all?"


def test_secrets_are_required() -> None:
    """Passwords are never defaulted: every use is ``${VAR:?message}``."""
    secret_refs = [ref for ref in references() if SECRET_NAME.search(ref.name)]
    assert {ref.name for ref in secret_refs} >= set(SECRETS)
    for ref in secret_refs:
        assert ref.op == ":?", f"{ref.where}: use ${{{ref.name}:?message}}"
        assert ref.arg.strip(), f"{ref.where}: ${{{ref.name}:?}} needs a message for the user"
    es, kibana = env_of("elasticsearch"), env_of("kibana")
    assert es["ELASTIC_PASSWORD"].startswith("${ELASTIC_PASSWORD:?")
    assert kibana["ELASTICSEARCH_PASSWORD"].startswith("${KIBANA_PASSWORD:?")
    for name in PIPELINE_SERVICES:
        assert env_of(name)["NEWSFLOW_ES_PASSWORD"].startswith("${ELASTIC_PASSWORD:?"), name


def test_required_variables_are_in_env_example() -> None:
    """Every variable used without a default is set in .env.example."""
    defined, _ = env_example()
    required = {ref.name for ref in references() if not ref.has_default}
    missing = required - set(defined)
    assert not missing, f"set these in .env.example: {sorted(missing)}"


def test_every_variable_is_documented() -> None:
    """Every variable the compose file reads appears in .env.example, at least commented."""
    _, mentioned = env_example()
    missing = {ref.name for ref in references()} - mentioned
    assert not missing, f"document these in .env.example: {sorted(missing)}"


def test_env_example_has_placeholders_only() -> None:
    """The example passwords are obvious placeholders that Elasticsearch still accepts."""
    defined, _ = env_example()
    for name in SECRETS:
        assert defined[name].startswith("change-me"), name
        assert len(defined[name]) >= 6, f"{name}: Elasticsearch wants at least 6 characters"


def test_env_example_names_are_settings_fields() -> None:
    """Every NEWSFLOW_* line of .env.example, commented or not, is a real setting."""
    _, mentioned = env_example()
    unknown = {
        name
        for name in mentioned
        if name.startswith("NEWSFLOW_")
        and name != "NEWSFLOW_VERSION"  # the image tag, read by compose only
        and name.removeprefix("NEWSFLOW_").lower() not in Settings.model_fields
    }
    assert not unknown, f"not fields of pipeline.settings.Settings: {sorted(unknown)}"


# --- Kafka -------------------------------------------------------------------


def test_kafka_is_one_kraft_node() -> None:
    """A combined broker/controller with an internal and a host listener."""
    env = env_of("kafka")
    assert env["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"].startswith(f"{env['KAFKA_NODE_ID']}@")
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", env["CLUSTER_ID"]), "CLUSTER_ID: a base64 UUID"
    protocols = dict(
        item.split(":") for item in env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(",")
    )
    listeners = [item.split("://")[0] for item in env["KAFKA_LISTENERS"].split(",")]
    assert set(listeners) <= set(protocols), "every listener needs a security protocol"
    assert env["KAFKA_CONTROLLER_LISTENER_NAMES"] in listeners
    assert env["KAFKA_INTER_BROKER_LISTENER_NAME"] in listeners
    advertised = env["KAFKA_ADVERTISED_LISTENERS"].split(",")
    assert any(item.endswith("://kafka:9092") for item in advertised)
    assert any(item.endswith("://localhost:9094") for item in advertised)
    assert any(port.endswith("9094:9094") for port in published_ports("kafka"))
    for key in (
        "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
        "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
    ):
        assert env[key] == "1", key
    assert env["KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS"] == "0"


def test_data_lives_on_named_volumes() -> None:
    """Kafka's log dirs and Elasticsearch's data are on declared named volumes."""
    declared = set(compose().get("volumes") or {})
    mounts = {
        "kafka": env_of("kafka")["KAFKA_LOG_DIRS"],
        "elasticsearch": "/usr/share/elasticsearch/data",
    }
    for name, target in mounts.items():
        volumes = [str(volume).split(":") for volume in services()[name].get("volumes") or []]
        sources = [parts[0] for parts in volumes if len(parts) > 1 and parts[1] == target]
        assert sources, f"{name}: nothing mounted on {target}"
        assert sources[0] in declared, f"{name}: {sources[0]} is not a declared named volume"


# --- Elasticsearch and Kibana ------------------------------------------------


def test_elasticsearch_is_secured() -> None:
    """Security on, one node, heap from .env, memory locked."""
    env = env_of("elasticsearch")
    assert env["xpack.security.enabled"] == "true"
    assert env["discovery.type"] == "single-node"
    assert re.search(r"-Xms\$\{ES_HEAP:-\w+\}", env["ES_JAVA_OPTS"])
    assert re.search(r"-Xmx\$\{ES_HEAP:-\w+\}", env["ES_JAVA_OPTS"])
    assert env["bootstrap.memory_lock"] == "true"
    memlock = services()["elasticsearch"]["ulimits"]["memlock"]
    assert memlock == {"soft": -1, "hard": -1}


def test_kibana_logs_in_as_kibana_system() -> None:
    """Kibana uses kibana_system, whose password es-setup sets."""
    env = env_of("kibana")
    assert env["ELASTICSEARCH_USERNAME"] == "kibana_system"
    assert env["ELASTICSEARCH_HOSTS"] == "http://elasticsearch:9200"
    setup_env = env_of("es-setup")
    assert setup_env["KIBANA_PASSWORD"].startswith("${KIBANA_PASSWORD:?")
    script = REPO / "deploy" / "compose" / "es-setup.sh"
    assert "_security/user/kibana_system/_password" in script.read_text(encoding="utf-8")


def test_bind_mounted_helpers_exist() -> None:
    """The helper scripts that services mount from deploy/compose/ exist."""
    for name, service in services().items():
        for volume in service.get("volumes") or []:
            source = str(volume).split(":")[0]
            if source.startswith("./deploy/compose/"):
                assert (REPO / source).is_file(), f"{name} mounts missing {source}"


# --- the pipeline ------------------------------------------------------------


def test_pipeline_services_share_one_image() -> None:
    """setup, worker and feeder build deploy/Dockerfile into the same newsflow image."""
    for name in PIPELINE_SERVICES:
        service = services()[name]
        assert service.get("build") == {"context": ".", "dockerfile": "deploy/Dockerfile"}, name
        assert service["image"] == services()["setup"]["image"], name
        assert image_tag(name)[0] == "newsflow", name
        assert env_of(name).items() >= compose()["x-newsflow-env"].items(), name


def test_pipeline_commands() -> None:
    """Each pipeline service runs its newsflow subcommand."""
    expected = {
        "setup": ["newsflow", "setup"],
        "worker": ["newsflow", "worker"],
        "feeder": ["newsflow", "feed", "/app/seeds"],
    }
    for name, command in expected.items():
        assert services()[name]["command"] == command, name


def test_worker_scales() -> None:
    """No container_name and no published port, so `--scale worker=N` works."""
    worker = services()["worker"]
    assert "container_name" not in worker
    assert not worker.get("ports"), "a published port allows one worker per host"
    web_port = int(
        env_of("worker").get(
            "NEWSFLOW_WORKER_WEB_PORT", Settings.model_fields["worker_web_port"].default
        )
    )
    assert str(web_port) in [str(port) for port in worker.get("expose") or []]
    assert f"localhost:{web_port}/health" in health_test("worker")


@pytest.mark.parametrize("service", PIPELINE_SERVICES)
def test_pipeline_env_names_are_settings_fields(service: str) -> None:
    """Every NEWSFLOW_* variable a pipeline container gets is a Settings field."""
    assert Settings.model_config.get("env_prefix") == "NEWSFLOW_"
    env = env_of(service)
    unknown = [
        key
        for key in env
        if key.startswith("NEWSFLOW_")
        and key.removeprefix("NEWSFLOW_").lower() not in Settings.model_fields
    ]
    assert not unknown, f"{service}: not fields of pipeline.settings.Settings: {unknown}"
    for key in ("KAFKA_BOOTSTRAP_SERVERS", "ES_URL", "ES_USERNAME", "ES_PASSWORD", "TOPIC_PREFIX"):
        assert f"NEWSFLOW_{key}" in env, f"{service} needs NEWSFLOW_{key}"


@pytest.mark.parametrize("service", PIPELINE_SERVICES)
def test_pipeline_env_makes_valid_settings(service: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The container environment, interpolated from .env.example, validates as Settings."""
    for name in list(os.environ):
        if name.startswith("NEWSFLOW_"):  # only what the container gets
            monkeypatch.delenv(name)
    defined, _ = env_example()
    env = {key: interpolate(value, defined) for key, value in env_of(service).items()}
    fields = {
        key.removeprefix("NEWSFLOW_").lower(): value
        for key, value in env.items()
        if key.startswith("NEWSFLOW_")
    }
    settings = Settings(_env_file=None, **fields)
    assert settings.bootstrap_list == ["kafka:9092"]
    assert settings.es_hosts == ["http://elasticsearch:9200"]
    assert settings.es_username == "elastic"
    assert settings.es_password is not None
    assert settings.es_password.get_secret_value() == defined["ELASTIC_PASSWORD"]


def test_pipeline_env_points_at_the_compose_services() -> None:
    """The bootstrap server is Kafka's internal listener; the ES URL matches its TLS setting."""
    env = env_of("worker")
    advertised = env_of("kafka")["KAFKA_ADVERTISED_LISTENERS"].split(",")
    for server in env["NEWSFLOW_KAFKA_BOOTSTRAP_SERVERS"].split(","):
        assert any(item.endswith(f"://{server}") for item in advertised), server
    es_env = env_of("elasticsearch")
    scheme = "https" if es_env.get("xpack.security.http.ssl.enabled") == "true" else "http"
    assert env["NEWSFLOW_ES_URL"] == f"{scheme}://elasticsearch:9200"
