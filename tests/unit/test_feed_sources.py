"""Reading articles from files and stdin."""

from __future__ import annotations

import io
import json
from pathlib import Path

from pipeline.feed.producer import prepare
from pipeline.feed.sources import discover, read_path, read_stdin, split_title
from pipeline.ingest import Limits


def test_title_rule() -> None:
    """A short first line without a full stop, then a blank line, is the title."""
    assert split_title("Gipfel in Brüssel\n\nDie Minister trafen sich.") == (
        "Gipfel in Brüssel",
        "Die Minister trafen sich.",
    )
    assert split_title("Die Minister trafen sich.\n\nMehr.")[0] is None
    assert split_title("Nur eine Zeile")[0] is None
    assert split_title("Zeile eins\nZeile zwei")[0] is None


def test_text_file_with_sidecar(tmp_path: Path) -> None:
    """Metadata comes from the .json beside the .txt; the sidecar is not an article."""
    (tmp_path / "a.txt").write_text("Erste Zeile ist Text.\n\nMehr Text.", encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"language": "de", "source": "DW"}))
    (tmp_path / "notes.md").write_text("# not an article")
    files, skipped = discover([tmp_path])
    assert files == [tmp_path / "a.txt"]
    assert skipped == [tmp_path / "notes.md"]
    (record,) = list(read_path(files[0], {}))
    assert record.data == {
        "language": "de",
        "source": "DW",
        "body": "Erste Zeile ist Text.\n\nMehr Text.",
    }


def test_jsonl_reports_line_numbers(tmp_path: Path) -> None:
    """Each JSON Lines record knows its line; bad lines are reported, not fatal."""
    path = tmp_path / "b.jsonl"
    path.write_text('{"body": "eins"}\n\nnot json\n[1]\n{"title": "no body"}\n')
    records = list(read_path(path, {"source": "test"}))
    assert [r.origin for r in records] == [f"{path}:1", f"{path}:3", f"{path}:4", f"{path}:5"]
    assert records[0].data == {"source": "test", "body": "eins"}
    assert records[1].error is not None
    assert "not JSON" in records[1].error
    limits = Limits()
    outcomes = [prepare(r, limits) for r in records]
    assert isinstance(outcomes[0], tuple)
    assert outcomes[3] == "field 'body' is required and missing"


def test_html_file_title_from_page(tmp_path: Path) -> None:
    """An .html file is sent as html with the page title."""
    path = tmp_path / "c.html"
    path.write_text("<html><head><title>Seite</title></head><body><p>Text.</p></body></html>")
    (record,) = list(read_path(path, {}))
    assert record.data is not None
    assert record.data["title"] == "Seite"
    assert record.data["content_type"] == "html"


def test_stdin_json_lines_and_single_object() -> None:
    """stdin takes JSON Lines, or one pretty-printed object."""
    lines = list(read_stdin(io.StringIO('{"body": "a"}\n{"body": "b"}\n'), {}))
    assert [r.data for r in lines] == [{"body": "a"}, {"body": "b"}]
    single = list(read_stdin(io.StringIO('{\n  "body": "a"\n}\n'), {"language": "de"}))
    assert [r.data for r in single] == [{"language": "de", "body": "a"}]


def test_prepare_gives_id_and_json() -> None:
    """A good record becomes (id, JSON bytes) with the derived id inside."""
    from pipeline.feed.sources import SourceRecord

    out = prepare(SourceRecord("x", {"body": "Hallo", "url": "https://example.org/a"}), Limits())
    assert isinstance(out, tuple)
    article_id, value = out
    assert json.loads(value)["id"] == article_id
    assert article_id.startswith("u-")
