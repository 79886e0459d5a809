"""Static checks of deploy/Dockerfile and .dockerignore.

No Docker engine runs where the tests run, so these tests read the files with a
small Dockerfile parser of their own (line continuations, comments, exec and
shell forms): the image is multi-stage on a pinned Python of the project's
minor version, runs as an unprivileged user from a virtualenv built in the
builder stage, installs the large spaCy models unless told not to, sets real
``Settings`` fields, copies only what exists and is not ignored, and the
commands docker-compose.yml runs in it are real ``newsflow`` subcommands.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shlex
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.settings import Settings

REPO = Path(__file__).resolve().parents[2]
DOCKERFILE = REPO / "deploy" / "Dockerfile"
DOCKERIGNORE = REPO / ".dockerignore"  # docker-compose.yml builds with the repo root as context
COMPOSE_FILE = REPO / "docker-compose.yml"
PYPROJECT = REPO / "pyproject.toml"

VENV = "/opt/venv"
SPACY_RELEASES = "https://github.com/explosion/spacy-models/releases/download"
# the subcommands docker-compose.yml runs in the image
COMPOSE_SUBCOMMANDS = ("setup", "worker", "feed")
EXPECTED_ENV = {
    "NEWSFLOW_WORKER_WEB_HOST": "0.0.0.0",  # noqa: S104 - the container's port, by design
    "NEWSFLOW_WORKER_DATA_DIR": "/app/data",
    "NEWSFLOW_NER_MODEL_DE": "de_core_news_lg",
    "NEWSFLOW_NER_MODEL_EN": "en_core_web_lg",
    "PYTHONUNBUFFERED": "1",
    "PIP_NO_CACHE_DIR": "1",
}
OCI_LABELS = ("title", "description", "source", "licenses")

_EXACT_TAG = re.compile(r"\d+\.\d+\.\d+(?:-[a-z0-9][a-z0-9.-]*)?")
_DIGEST = re.compile(r"@sha256:[0-9a-f]{64}")
_LARGE_MODEL = re.compile(r"(?P<lang>[a-z]{2})_core_(?:news|web)_lg-\d+\.\d+\.\d+")


# --- a small Dockerfile parser ------------------------------------------------


@dataclass(frozen=True)
class Instruction:
    """One logical instruction, continuations joined and comments dropped."""

    keyword: str  # upper case
    args: str
    line: int  # where it starts

    def exec_form(self) -> list[str] | None:
        """The JSON array of CMD/ENTRYPOINT/RUN, or None for the shell form."""
        if not self.args.startswith("["):
            return None
        try:
            value = json.loads(self.args)
        except json.JSONDecodeError:
            return None  # Docker runs an invalid array through the shell, too
        return [str(item) for item in value] if isinstance(value, list) else None

    def flags(self) -> tuple[dict[str, str], str]:
        """(``--name=value`` flags, the rest): COPY --from, RUN --mount, FROM --platform."""
        found: dict[str, str] = {}
        rest = self.args
        while match := re.match(r"--([a-z-]+)(?:=(\S*))?\s*", rest):
            found[match.group(1)] = match.group(2) or ""
            rest = rest[match.end() :]
        return found, rest

    def key_values(self) -> dict[str, str]:
        """ENV and LABEL: ``k=v k2="v 2"``, or the legacy ``KEY value with spaces``."""
        tokens = shlex.split(self.args)
        if tokens and "=" not in tokens[0]:
            return {tokens[0]: " ".join(tokens[1:])}
        return dict(token.split("=", 1) for token in tokens)

    def arg_defaults(self) -> dict[str, str | None]:
        """ARG: names with their defaults (None when there is none)."""
        found: dict[str, str | None] = {}
        for token in shlex.split(self.args):
            name, equals, default = token.partition("=")
            found[name] = default if equals else None
        return found

    def copy_parts(self) -> tuple[dict[str, str], list[str], str]:
        """COPY/ADD: (flags, sources, destination)."""
        flags, rest = self.flags()
        tokens = json.loads(rest) if rest.startswith("[") else shlex.split(rest)
        assert len(tokens) >= 2, f"line {self.line}: {self.keyword} needs source and destination"
        return flags, tokens[:-1], tokens[-1]


@dataclass
class Stage:
    """A FROM and the instructions up to the next FROM."""

    index: int
    image: str
    name: str | None
    line: int
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]

    def env(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for instruction in self.all("ENV"):
            found.update(instruction.key_values())
        return found

    def args(self) -> dict[str, str | None]:
        found: dict[str, str | None] = {}
        for instruction in self.all("ARG"):
            found.update(instruction.arg_defaults())
        return found

    def position(self, instruction: Instruction) -> int:
        return self.instructions.index(instruction)


def parse(text: str) -> list[Instruction]:
    """The logical instructions of a Dockerfile (default escape character only)."""
    instructions: list[Instruction] = []
    parts: list[str] = []
    start = 0

    def flush() -> None:
        logical = " ".join(part for part in parts if part)
        parts.clear()
        if logical:
            keyword, _, args = logical.partition(" ")
            instructions.append(Instruction(keyword.upper(), args.strip(), start))

    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if stripped.startswith("#"):
            # comments, parser directives, and comment lines inside a continuation
            assert not re.match(r"#\s*escape\s*=", stripped) or instructions, (
                "the test's parser supports only the default escape character"
            )
            continue
        if not stripped:
            continue  # blank lines, also inside a continuation
        if not parts:
            start = number
        if stripped.endswith("\\"):
            parts.append(stripped[:-1].strip())
            continue
        parts.append(stripped)
        flush()
    flush()  # a continuation at the end of the file
    return instructions


@cache
def dockerfile() -> tuple[list[Instruction], list[Stage]]:
    """(the instructions before the first FROM, the stages)."""
    preamble: list[Instruction] = []
    stages: list[Stage] = []
    for instruction in parse(DOCKERFILE.read_text(encoding="utf-8")):
        if instruction.keyword == "FROM":
            _, rest = instruction.flags()
            tokens = rest.split()
            name = tokens[2] if len(tokens) >= 3 and tokens[1].lower() == "as" else None
            stages.append(Stage(len(stages), tokens[0], name, instruction.line))
        elif stages:
            stages[-1].instructions.append(instruction)
        else:
            preamble.append(instruction)
    return preamble, stages


def stages() -> list[Stage]:
    return dockerfile()[1]


def final_stage() -> Stage:
    return stages()[-1]


def stage_named(reference: str, before: int) -> Stage | None:
    """The earlier stage that ``FROM x`` or ``COPY --from=x`` refers to, if any."""
    for stage in stages()[:before]:
        if reference in (stage.name, str(stage.index)):
            return stage
    return None


def external_images() -> list[Stage]:
    """The stages built FROM a pulled image rather than FROM an earlier stage."""
    return [s for s in stages() if stage_named(s.image, s.index) is None]


@cache
def pyproject() -> dict[str, Any]:
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))


def image_env_settings() -> dict[str, str]:
    """The NEWSFLOW_* variables the final image sets."""
    prefix = str(Settings.model_config.get("env_prefix", ""))
    return {k: v for k, v in final_stage().env().items() if k.startswith(prefix)}


def user_of(instruction: Instruction) -> str:
    """The user part of ``USER name[:group]`` or ``USER uid[:gid]``."""
    return instruction.args.split(":", 1)[0].strip()


def created_users(stage: Stage) -> dict[str, str]:
    """{name: uid} of the users a stage's RUNs create with ``useradd``."""
    found = {}
    for run in stage.all("RUN"):
        for command in re.split(r"&&|;|\|\|", run.args):
            words = command.split()
            if "useradd" not in words:
                continue
            words = words[words.index("useradd") + 1 :]
            uid = next((words[i + 1] for i, w in enumerate(words[:-1]) if w in ("-u", "--uid")), "")
            found[words[-1]] = uid
    return found


def runtime_user() -> set[str]:
    """The final USER, as its name and uid where the stage creates it."""
    final = final_stage()
    user = user_of(final.all("USER")[-1])
    names = {user}
    for name, uid in created_users(final).items():
        if user in (name, uid):
            names |= {name, uid} - {""}
    return names


# --- .dockerignore, matched the way Docker matches it ----------------------------


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    """A .dockerignore pattern as Docker compiles it (moby/patternmatcher)."""
    regex, i = "", 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**", i):
            i += 2
            if pattern.startswith("/", i):
                i += 1
            regex += ".*" if i >= len(pattern) else "(.*/)?"
            continue
        if char == "*":
            regex += "[^/]*"
        elif char == "?":
            regex += "[^/]"
        elif char == "\\" and i + 1 < len(pattern):
            i += 1
            regex += re.escape(pattern[i])
        elif char in "[]-^":
            regex += char  # character classes pass through
        else:
            regex += re.escape(char)
        i += 1
    return re.compile(f"^{regex}$")


@cache
def ignore_patterns(text: str | None = None) -> tuple[tuple[bool, re.Pattern[str]], ...]:
    """(is an exception ``!...``, compiled pattern), in file order."""
    if text is None:
        text = DOCKERIGNORE.read_text(encoding="utf-8")
    found = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        exception = line.startswith("!")
        pattern = posixpath.normpath(line.removeprefix("!").strip()).lstrip("/")
        if pattern != ".":
            found.append((exception, _pattern_regex(pattern)))
    return tuple(found)


def ignored(path: str, text: str | None = None) -> bool:
    """Whether Docker leaves ``path`` (relative to the context) out of the context."""
    parents = posixpath.dirname(path).split("/") if posixpath.dirname(path) else []
    candidates = [path] + ["/".join(parents[: i + 1]) for i in range(len(parents))]
    excluded = False
    for exception, regex in ignore_patterns(text):
        if exception != excluded:
            continue  # only an exception can undo an exclusion, and vice versa
        if any(regex.match(candidate) for candidate in candidates):
            excluded = not exception
    return excluded


def context_files(source: str) -> list[str]:
    """The files under a COPY source, relative to the context, without bytecode."""
    root = REPO / source
    if root.is_file():
        return [source.rstrip("/")]
    found = []
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = [d for d in subdirs if d != "__pycache__"]
        for name in files:
            if not name.endswith((".pyc", ".pyo")):
                found.append((Path(directory) / name).relative_to(REPO).as_posix())
    return found


# --- stages and base image ------------------------------------------------------


def test_dockerfile_parses_into_stages() -> None:
    """Several stages, the builder named, and every instruction a known one."""
    known = {
        "FROM",
        "RUN",
        "CMD",
        "LABEL",
        "EXPOSE",
        "ENV",
        "ADD",
        "COPY",
        "ENTRYPOINT",
        "VOLUME",
        "USER",
        "WORKDIR",
        "ARG",
        "ONBUILD",
        "STOPSIGNAL",
        "HEALTHCHECK",
        "SHELL",
    }
    preamble, found = dockerfile()
    unknown = [
        f"line {i.line}: {i.keyword}"
        for s in found
        for i in s.instructions
        if i.keyword not in known
    ]
    unknown += [f"line {i.line}: {i.keyword} before FROM" for i in preamble if i.keyword != "ARG"]
    assert not unknown, "\n".join(unknown)
    assert len(found) >= 2, "a builder stage and a runtime stage"
    assert all(s.name for s in found[:-1]), "name the stages that others copy from (FROM x AS y)"
    first = DOCKERFILE.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# syntax=docker/dockerfile:1"), "RUN --mount needs BuildKit syntax"


def test_every_from_is_an_exact_tag() -> None:
    """Every pulled base image has an exact x.y.z tag (or a digest), never latest."""
    problems = []
    for stage in external_images():
        repository, _, tag = stage.image.partition("@")[0].rpartition(":")
        if _DIGEST.search(stage.image):
            continue
        if "$" in stage.image:
            problems.append(f"line {stage.line}: {stage.image} is not literal")
        elif not repository or "latest" in tag or not _EXACT_TAG.fullmatch(tag):
            problems.append(f"line {stage.line}: {stage.image} is not an exact version tag")
    assert not problems, "\n".join(problems)


def test_stages_share_the_projects_python() -> None:
    """One slim Python base for all stages (the venv links to its interpreter),
    of the minor version pyproject.toml's requires-python names."""
    images = {s.image for s in external_images()}
    assert len(images) == 1, f"builder and runtime must use the same base image: {images}"
    (image,) = images
    assert image.startswith("python:"), f"{image} is not the official Python image"
    assert "-slim" in image, f"{image} is not a slim variant"
    requires = pyproject()["project"]["requires-python"]
    match = re.fullmatch(r">=\s*(\d+)\.(\d+)(?:\.\d+)?(?:\s*,.*)?", requires.strip())
    assert match, f"requires-python {requires!r} has no lower bound"
    project = (int(match.group(1)), int(match.group(2)))
    assert project >= (3, 11)
    version = re.match(r"python:(\d+)\.(\d+)\.", image)
    assert version, image
    base = (int(version.group(1)), int(version.group(2)))
    assert base == project, f"{image} is Python {base}, the project requires {requires}"


# --- builder -----------------------------------------------------------------------


def test_builder_installs_the_wheel_into_the_venv() -> None:
    """The builder makes the venv, builds newsflow's wheel and installs it there."""
    builders = [s for s in stages()[:-1] if any(VENV in i.args for i in s.all("RUN"))]
    assert builders, f"no stage before the last creates {VENV}"
    runs = " ".join(i.args for i in builders[0].all("RUN"))
    assert re.search(rf"venv\s+{VENV}\b", runs), f"python -m venv {VENV}"
    assert re.search(r"pip wheel\b.*\s\.(\s|$)", runs), "build a wheel of the project (pip wheel .)"
    assert re.search(r"pip install\b[^&;]*\.whl", runs), "install the built wheel"
    assert builders[0].env().get("PATH", "").startswith(f"{VENV}/bin:"), "pip must be the venv's"


def test_spacy_models_arg_names_large_german_and_english_models() -> None:
    """ARG SPACY_MODELS defaults to the large de and en models, installed from the
    spacy-models release wheels before the source is copied (layer cache), and the
    NER settings name the same models."""
    stage = next((s for s in stages() if "SPACY_MODELS" in s.args()), None)
    assert stage is not None, "ARG SPACY_MODELS in the stage that installs them"
    default = stage.args()["SPACY_MODELS"] or ""
    models = default.split()
    languages = {}
    for model in models:
        match = _LARGE_MODEL.fullmatch(model)
        assert match, f"{model!r} is not <lang>_core_<news|web>_lg-<version>"
        languages[match.group("lang")] = model.rsplit("-", 1)[0]
    assert set(languages) >= {"de", "en"}, f"German and English large models: {models}"

    base = stage.args().get("SPACY_MODELS_URL") or SPACY_RELEASES
    assert base == SPACY_RELEASES, f"the official releases, not {base}"
    installs = [i for i in stage.all("RUN") if "SPACY_MODELS" in i.args]
    assert installs, "no RUN uses SPACY_MODELS"
    assert "pip install" in installs[0].args
    assert "-py3-none-any.whl" in installs[0].args, "the release wheels"
    copies_source = [i for i in stage.all("COPY") if "pipeline" in i.args]
    assert copies_source, "the stage that installs the models also builds newsflow"
    assert stage.position(installs[0]) < stage.position(copies_source[0]), (
        "install the models before COPY pipeline/, so a code change does not download them again"
    )

    env = final_stage().env()
    for lang, name in languages.items():
        if lang in ("de", "en"):
            assert env.get(f"NEWSFLOW_NER_MODEL_{lang.upper()}") == name


# --- runtime -----------------------------------------------------------------------


def test_runtime_copies_only_the_venv_from_the_builder() -> None:
    """The final stage takes the venv from an earlier stage, puts it first on PATH,
    and copies no source code from the context."""
    final = final_stage()
    from_builder = [(c, *c.copy_parts()) for c in final.all("COPY") if "from" in c.flags()[0]]
    assert from_builder, "COPY --from=<builder> /opt/venv /opt/venv"
    for copy, flags, sources, dest in from_builder:
        assert stage_named(flags["from"], final.index), f"line {copy.line}: unknown stage"
        assert sources == [VENV], f"line {copy.line}: copy only {VENV} from the builder"
        assert dest.rstrip("/") == VENV, f"line {copy.line}: the venv must keep its path"
    assert final.env().get("PATH", "").startswith(f"{VENV}/bin:")
    from_context = [
        s for c in final.all("COPY") if "from" not in c.flags()[0] for s in c.copy_parts()[1]
    ]
    code = [s for s in from_context if s.rstrip("/") in ("pipeline", "pyproject.toml", ".")]
    assert not code, f"the runtime stage runs the installed wheel, not {code}"
    assert not final.all("ADD"), "COPY, not ADD"


def test_runtime_runs_as_a_non_root_user() -> None:
    """USER in the final stage is not root, and comes before CMD."""
    final = final_stage()
    users = final.all("USER")
    assert users, "the final stage needs a USER"
    user = user_of(users[-1])
    assert user not in ("0", "root"), f"USER {users[-1].args} is root"
    assert len(runtime_user()) > 1, f"USER {user}: create it (useradd) with a name and a uid"
    assert not runtime_user() & {"0", "root"}
    cmds = final.all("CMD")
    assert cmds, "the final stage needs a CMD"
    assert final.position(users[-1]) < final.position(cmds[-1])


def test_runtime_layout_matches_compose() -> None:
    """WORKDIR /app, seeds/ at /app/seeds (what the feeder feeds), a data directory
    the user owns, the worker's port exposed, and no ENTRYPOINT (compose's commands
    name the executable)."""
    final = final_stage()
    workdirs = final.all("WORKDIR")
    assert workdirs, "WORKDIR /app"
    assert workdirs[-1].args == "/app"
    dests = {c.copy_parts()[2].rstrip("/") for c in final.all("COPY")}
    assert "/app/seeds" in dests, "COPY seeds/ /app/seeds/"

    data_dir = final.env()["NEWSFLOW_WORKER_DATA_DIR"]
    owners = "|".join(re.escape(u) for u in runtime_user())
    owned = [
        i
        for i in final.all("RUN")
        if data_dir in i.args and re.search(rf"(chown\s+|\s-o\s*|--owner[= ])({owners})\b", i.args)
    ]
    assert owned, f"{data_dir} must be created owned by the runtime user"

    port = str(Settings.model_fields["worker_web_port"].default)
    exposed = " ".join(i.args for i in final.all("EXPOSE")).split()
    assert port in exposed or f"{port}/tcp" in exposed, f"EXPOSE {port}"
    assert not final.all("ENTRYPOINT"), "compose's commands start with `newsflow` themselves"


def test_cmd_is_the_newsflow_console_script() -> None:
    """CMD is exec form and runs the console script pyproject.toml declares."""
    cmd = final_stage().all("CMD")[-1].exec_form()
    assert cmd, 'CMD in exec form: ["newsflow", ...]'
    assert cmd[0] in pyproject()["project"]["scripts"], f"{cmd[0]} is not a [project.scripts] name"


def test_oci_labels() -> None:
    """The final image carries the OCI title, description, source and licenses."""
    labels: dict[str, str] = {}
    for instruction in final_stage().all("LABEL"):
        labels.update(instruction.key_values())
    missing = [k for k in OCI_LABELS if f"org.opencontainers.image.{k}" not in labels]
    assert not missing, f"missing OCI labels: {missing}"
    assert labels["org.opencontainers.image.title"] == pyproject()["project"]["name"]
    license_field = pyproject()["project"]["license"]
    expected = license_field["text"] if isinstance(license_field, dict) else license_field
    assert labels["org.opencontainers.image.licenses"] == expected


# --- settings ------------------------------------------------------------------------


def test_runtime_env() -> None:
    """The worker binds 0.0.0.0 (compose's healthcheck, Prometheus), keeps its state
    in /app/data, and NER uses the large models."""
    env = final_stage().env()
    wrong = {k: env.get(k) for k, v in EXPECTED_ENV.items() if env.get(k) != v}
    assert not wrong, f"expected {EXPECTED_ENV}, got {wrong}"


def test_newsflow_env_are_settings_fields() -> None:
    """Every NEWSFLOW_* the image sets is a Settings field (or one the extraction work
    is adding), and the values validate."""
    prefix = str(Settings.model_config.get("env_prefix", ""))
    fields = {f"{prefix}{name}".upper(): name for name in Settings.model_fields}
    unknown = sorted(set(image_env_settings()) - set(fields))
    assert not unknown, f"not fields of pipeline.settings.Settings: {unknown}"
    values = {fields[k]: v for k, v in image_env_settings().items() if k in fields}
    Settings.model_validate(values)  # the values alone, no environment or .env


# --- build context -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("patterns", "path", "expected"),
    [
        (".git", ".git/HEAD", True),
        ("build", "pipeline/build/x.py", False),
        ("**/__pycache__", "pipeline/a/__pycache__/m.cpython-311.pyc", True),
        ("*.egg-info", "newsflow.egg-info/PKG-INFO", True),
        ("**/*.py[cod]", "pipeline/x.pyc", True),
        (".env\n.env.*\n!.env.example", ".env.example", False),
        (".env\n.env.*\n!.env.example", ".env.local", True),
        ("*\n!pipeline", "pipeline/cli.py", False),
    ],
)
def test_dockerignore_matcher(patterns: str, path: str, expected: bool) -> None:
    """The test's matcher follows Docker's rules (parents, ** and ! exceptions)."""
    assert ignored(path, patterns) is expected


def test_dockerignore_keeps_the_context_small() -> None:
    """.venv, .git, caches and secrets stay out; the project and the seeds stay in."""
    for path in (
        ".venv/bin/python",
        ".git/HEAD",
        ".env",
        "pipeline/__pycache__/cli.pyc",
        "newsflow.egg-info/PKG-INFO",
        ".mypy_cache/x",
        "bench-results/run.json",
    ):
        assert ignored(path), f"{path} should be excluded by .dockerignore"
    for path in (
        "pipeline/__init__.py",
        "pipeline/cli.py",
        "seeds/README.md",
        "pyproject.toml",
        "README.md",
    ):
        assert not ignored(path), f"{path} is needed in the build context"


def test_every_copy_source_is_in_the_context() -> None:
    """Each COPY from the context names files that exist and .dockerignore keeps."""
    problems = []
    for stage in stages():
        for copy in stage.all("COPY"):
            flags, sources, _ = copy.copy_parts()
            if "from" in flags:
                continue
            for source in sources:
                clean = posixpath.normpath(source)
                if clean.startswith("..") or clean.startswith("/"):
                    problems.append(f"line {copy.line}: {source} is outside the context")
                    continue
                matches = (
                    sorted(REPO.glob(clean))
                    if any(c in clean for c in "*?[")
                    else ([REPO / clean] if (REPO / clean).exists() else [])
                )
                if not matches:
                    problems.append(f"line {copy.line}: {source} does not exist")
                for match in matches:
                    relative = match.relative_to(REPO).as_posix()
                    left_out = [f for f in context_files(relative) if ignored(f)]
                    if ignored(relative) or left_out:
                        problems.append(
                            f"line {copy.line}: .dockerignore drops "
                            f"{relative if ignored(relative) else left_out[:5]}"
                        )
    assert not problems, "\n".join(problems)


# --- commands ------------------------------------------------------------------------


def test_compose_runs_only_the_checked_subcommands() -> None:
    """The services built from this Dockerfile run `newsflow <sub>` with a sub below."""
    data = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    built = {
        name: s
        for name, s in data["services"].items()
        if isinstance(s.get("build"), dict)
        and s["build"].get("dockerfile") == DOCKERFILE.relative_to(REPO).as_posix()
    }
    assert built, "no compose service builds deploy/Dockerfile"
    for name, service in built.items():
        command = service.get("command")
        assert isinstance(command, list), f"{name}: command in exec form"
        assert command[0] == "newsflow", f"{name}: {command}"
        assert command[1] in COMPOSE_SUBCOMMANDS, (
            f"{name}: {command} (add the subcommand to COMPOSE_SUBCOMMANDS)"
        )


@pytest.mark.parametrize("args", [[sub, "--help"] for sub in COMPOSE_SUBCOMMANDS] + [["--help"]])
def test_commands_exist(args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`newsflow setup|worker|feed --help` (and the image's CMD, `newsflow --help`) exit 0."""
    from click.testing import CliRunner

    from pipeline.cli import main

    monkeypatch.chdir(tmp_path)  # no .env from the checkout
    for name in list(os.environ):
        if name.startswith("NEWSFLOW_"):
            monkeypatch.delenv(name)
    if args == ["--help"]:
        assert final_stage().all("CMD")[-1].exec_form() == ["newsflow", "--help"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
