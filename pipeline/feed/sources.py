"""Reading articles from files, directories and stdin. Pure apart from reading
the paths it is given; every record comes with where it came from."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

ARTICLE_SUFFIXES = {".txt", ".json", ".jsonl", ".ndjson", ".html", ".htm"}
MAX_TITLE_LINE = 200


@dataclasses.dataclass(frozen=True)
class SourceRecord:
    """One candidate article: its fields, or why it could not even be read."""

    origin: str  # file:line, or <stdin>:line
    data: dict[str, Any] | None
    error: str | None = None


def _sidecar(path: Path) -> tuple[dict[str, Any], str | None]:
    side = path.with_suffix(".json")
    if not side.is_file():
        return {}, None
    try:
        value = json.loads(side.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return {}, f"{side}: the metadata sidecar is not valid JSON ({exc})"
    if not isinstance(value, dict):
        return {}, f"{side}: the metadata sidecar must be a JSON object"
    return value, None


def split_title(text: str) -> tuple[str | None, str]:
    """A first line counts as the title when it is short, has no final full
    stop and a blank line follows it."""
    first, sep, rest = text.lstrip("\ufeff").partition("\n")
    if (
        sep
        and first.strip()
        and len(first) <= MAX_TITLE_LINE
        and not first.rstrip().endswith((".", ":", ","))
        and rest.startswith(("\n", "\r\n"))
        and rest.strip()
    ):
        return first.strip(), rest.strip()
    return None, text.strip()


def read_text_file(path: Path, defaults: dict[str, Any]) -> SourceRecord:
    meta, problem = _sidecar(path)
    if problem:
        return SourceRecord(str(path), None, problem)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return SourceRecord(str(path), None, f"not UTF-8 text (byte {exc.start})")
    data = {**defaults, **meta}
    if "title" in data:
        data.setdefault("body", text.strip())
    else:
        title, body = split_title(text)
        if title:
            data["title"] = title
        data.setdefault("body", body)
    return SourceRecord(str(path), data)


def read_html_file(path: Path, defaults: dict[str, Any]) -> SourceRecord:
    meta, problem = _sidecar(path)
    if problem:
        return SourceRecord(str(path), None, problem)
    try:
        html = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        html = path.read_bytes().decode("latin-1")
    data = {**defaults, **meta, "content_type": "html"}
    data.setdefault("body", html)
    if "title" not in data:
        from lxml import html as lxml_html

        try:
            titles = lxml_html.fromstring(html).xpath("//title/text()")
        except Exception:  # noqa: BLE001 - unparsable HTML is the body's problem, later
            titles = []
        if titles and str(titles[0]).strip():
            data["title"] = str(titles[0]).strip()
    return SourceRecord(str(path), data)


def read_json_lines(
    lines: Iterable[str], origin: str, defaults: dict[str, Any]
) -> Iterator[SourceRecord]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield SourceRecord(where, None, f"not JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(value, dict):
            yield SourceRecord(where, None, "expected a JSON object per line")
            continue
        yield SourceRecord(where, {**defaults, **value})


def read_json_file(path: Path, defaults: dict[str, Any]) -> Iterator[SourceRecord]:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        yield SourceRecord(str(path), None, f"not valid JSON ({exc})")
        return
    items = value if isinstance(value, list) else [value]
    for index, item in enumerate(items):
        where = str(path) if len(items) == 1 else f"{path}[{index}]"
        if isinstance(item, dict):
            yield SourceRecord(where, {**defaults, **item})
        else:
            yield SourceRecord(where, None, "expected a JSON object (or a list of objects)")


def is_sidecar(path: Path) -> bool:
    """A .json beside a .txt or .html of the same name is metadata, not an article."""
    return path.suffix == ".json" and any(
        path.with_suffix(s).is_file() for s in (".txt", ".html", ".htm")
    )


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """Article files under the given paths (recursively) and the files skipped."""
    found: list[Path] = []
    skipped: list[Path] = []
    for path in paths:
        candidates = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for p in candidates:
            if p.name.startswith("."):
                continue
            if p.suffix.lower() in ARTICLE_SUFFIXES and not is_sidecar(p):
                found.append(p)
            elif not is_sidecar(p):
                skipped.append(p)
    return found, skipped


def read_path(path: Path, defaults: dict[str, Any]) -> Iterator[SourceRecord]:
    suffix = path.suffix.lower()
    if suffix == ".txt":
        yield read_text_file(path, defaults)
    elif suffix in (".html", ".htm"):
        yield read_html_file(path, defaults)
    elif suffix in (".jsonl", ".ndjson"):
        with path.open(encoding="utf-8", errors="replace") as handle:
            yield from read_json_lines(handle, str(path), defaults)
    elif suffix == ".json":
        yield from read_json_file(path, defaults)
    else:
        yield SourceRecord(str(path), None, f"unsupported file type {suffix!r}")


def read_stdin(stream: TextIO, defaults: dict[str, Any]) -> Iterator[SourceRecord]:
    """JSON Lines on stdin; a single pretty-printed JSON object works too."""
    text = stream.read()
    stripped = text.strip()
    if stripped.startswith(("{", "[")) and "\n" in stripped:
        try:
            value = json.loads(stripped)
        except json.JSONDecodeError:
            value = None
        if isinstance(value, dict):
            yield SourceRecord("<stdin>", {**defaults, **value})
            return
        if isinstance(value, list):
            for i, item in enumerate(value):
                ok = isinstance(item, dict)
                yield SourceRecord(
                    f"<stdin>[{i}]",
                    {**defaults, **item} if ok else None,
                    None if ok else "expected a JSON object",
                )
            return
    yield from read_json_lines(text.splitlines(), "<stdin>", defaults)
