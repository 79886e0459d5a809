"""`newsflow enrich` and `newsflow eval`: the extractor offline, on files.

``register(main)`` adds both commands to the ``newsflow`` click group.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from pipeline.errors import NewsflowError
from pipeline.models.enriched import EnrichedArticle

if TYPE_CHECKING:
    from pipeline.extraction.extractor import Extractor


def register(main: click.Group) -> None:
    """Add the ``enrich`` and ``eval`` commands to ``main``."""
    main.add_command(enrich)
    main.add_command(eval_command)


# ------------------------------------------------------------------ enrich


def _records(text: str, source: str, jsonl: bool, plain: dict[str, Any]) -> Iterator[bytes]:
    """The input as raw article records: one JSON object, JSON Lines, or plain text."""
    stripped = text.strip()
    if not jsonl and stripped.startswith("{"):
        try:
            value = json.loads(stripped)
        except json.JSONDecodeError:
            value = None
        if isinstance(value, dict):
            yield json.dumps({**plain, **value}).encode()
            return
    if jsonl or (
        stripped.startswith("{")
        and all(line.strip().startswith("{") for line in stripped.splitlines() if line.strip())
    ):
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                json.loads(line)
            except json.JSONDecodeError as exc:
                raise click.ClickException(
                    f"{source}: line {number} is not JSON ({exc.msg})"
                ) from None
            yield line.encode()
        return
    yield json.dumps({**plain, "body": text}).encode()


def _sidecar(path: Path) -> dict[str, Any]:
    """seeds/x.txt may carry its metadata in seeds/x.json."""
    side = path.with_suffix(".json")
    if path.suffix == ".txt" and side.is_file():
        try:
            value = json.loads(side.read_text("utf-8"))
        except json.JSONDecodeError:
            return {}
        return value if isinstance(value, dict) else {}
    return {}


@click.command()
@click.argument("file", default="-", type=click.Path(allow_dash=True, dir_okay=False))
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="print EnrichedArticle JSON (one line per article for JSON Lines input)",
)
@click.option("--jsonl", is_flag=True, help="the input is JSON Lines: one article per line")
@click.option("--language", help="language of a plain-text input (ISO 639-1), e.g. de")
@click.option(
    "--published-at",
    help="publication time of a plain-text input, ISO 8601 with a "
    "timezone, e.g. 2022-01-07T15:00:00+01:00",
)
@click.option("--title", help="title of a plain-text input")
def enrich(
    file: str,
    as_json: bool,
    jsonl: bool,
    language: str | None,
    published_at: str | None,
    title: str | None,
) -> None:
    """Run the extractor offline on FILE (or - for stdin) and print the result.

    FILE is one article as JSON (an Article: body, title, language,
    published_at, …), JSON Lines of articles (--jsonl, or detected), or plain
    text (with --language, --published-at, --title; a seeds-style sidecar
    FILE.json next to FILE.txt is read too). Nothing is sent to Kafka or
    Elasticsearch.
    """
    from pipeline.enrich import enrich_article
    from pipeline.ingest import Limits, RejectedRecord, accept

    if file == "-":
        text = sys.stdin.read()
        plain: dict[str, Any] = {}
    else:
        path = Path(file)
        text = path.read_text("utf-8")
        plain = _sidecar(path)
    for key, value in (("language", language), ("published_at", published_at), ("title", title)):
        if value:
            plain[key] = value
    records = list(_records(text, file, jsonl, plain))
    extractor = _extractor()
    failures = 0
    for number, raw in enumerate(records, 1):
        try:
            article = accept(raw, Limits())
        except RejectedRecord as exc:
            failures += 1
            click.echo(f"error: {file} article {number}: {exc.reason}", err=True)
            continue
        enriched = enrich_article(article, extractor, version=0, ingested_at=datetime.now(UTC))
        if as_json:
            indent = None if len(records) > 1 else 2
            click.echo(enriched.model_dump_json(indent=indent))
        else:
            _summary(enriched, click.get_text_stream("stdout"))
    if failures:
        sys.exit(1)


def _summary(article: EnrichedArticle, out: IO[str]) -> None:
    lang = article.language
    head = article.title or article.body[:70].replace("\n", " ")
    out.write(f"{article.id}  {head}\n")
    out.write(
        f"  language {lang.code} ({lang.source}, {lang.confidence:.2f})  "
        f"published {article.published_at.isoformat() if article.published_at else '-'}  "
        f"extractor {article.extractor.name} {article.extractor.version}\n"
    )
    out.write(f"  entities ({len(article.entities)}):\n")
    for e in article.entities:
        forms = sorted({m.text for m in e.mentions} - {e.name})
        also = f"  also: {', '.join(forms)}" if forms else ""
        out.write(f"    {e.type:<4} {e.name}  [{e.wikidata or e.id}]  ×{e.count}{also}\n")
    out.write(f"  events ({len(article.events)}):\n")
    for ev in article.events:
        actors = ", ".join(a.name for a in ev.actors) or "-"
        where = ev.location.name if ev.location else "-"
        when = f"{ev.date} ({ev.date_precision})" if ev.date else "-"
        out.write(
            f"    {ev.type} [{ev.cameo_root or '--'}] {ev.status}  when {when}  where {where}\n"
            f"      actors: {actors}\n      trigger: {ev.trigger.text!r} in "
            f'"{ev.sentence[:110]}{"…" if len(ev.sentence) > 110 else ""}"\n'
        )
    total = sum(
        article.timings_ms.get(k, 0.0) for k in ("language", "ner_model", "entities", "events")
    )
    out.write(f"  took {total:.0f} ms\n\n")


# ------------------------------------------------------------------ eval


@click.command("eval")
@click.argument("gold", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="print the scores as one JSON object")
@click.option(
    "--ner-conll",
    "conll",
    type=click.Path(exists=True, dir_okay=False),
    help="score mention-level NER on a CoNLL/GermEval file instead",
)
@click.option(
    "--language",
    default="de",
    show_default=True,
    help="language of the --ner-conll file (picks the spaCy pipeline)",
)
@click.option("--model", help="spaCy pipeline (package or path) for --ner-conll")
@click.option(
    "--whole-extractor",
    is_flag=True,
    help="with --ner-conll: score the whole extractor (model, gazetteers, rules, linking; "
    "MISC is not reported by design) instead of the bare spaCy pipeline",
)
@click.option(
    "--details",
    is_flag=True,
    help="list missed and spurious entities and events, and wrong event dates",
)
def eval_command(
    gold: tuple[str, ...],
    as_json: bool,
    conll: str | None,
    language: str,
    model: str | None,
    whole_extractor: bool,
    details: bool,
) -> None:
    """Score the extractor against GOLD files (shared/gold/*.gold.json).

    Prints precision, recall and F1 for entities (also typed) and events,
    overall and per language, and the share of matched events whose date is
    exactly right. With --ner-conll FILE, scores NER mentions on a CoNLL-style
    file (GermEval 2014, CoNLL-2003, two-column) with the language's spaCy
    pipeline.
    """
    if conll:
        if whole_extractor:
            _eval_conll_extractor(Path(conll), language, as_json)
        else:
            _eval_conll(Path(conll), language, model, as_json)
        return
    if not gold:
        raise click.UsageError("give one or more GOLD files, or --ner-conll FILE")
    from pipeline.extraction.evaluate import evaluate

    extractor = _extractor()
    try:
        report = evaluate([Path(g) for g in gold], extractor.extract)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None
    summary = summary_with_extractor(report.summary(), extractor.info.name)
    if as_json:
        click.echo(json.dumps(summary, indent=2, ensure_ascii=False))
        return
    click.echo(f"extractor {summary['extractor']}")
    _print_block("overall", summary["overall"])
    for lang, block in summary["languages"].items():
        _print_block(lang, block)
    if details:
        for doc in summary["documents"]:
            click.echo(f"\n{doc['id']} ({doc['language']})")
            for key in (
                "missed_entities",
                "spurious_entities",
                "missed_events",
                "spurious_events",
                "misdated_events",
            ):
                for item in doc[key]:
                    click.echo(f"  {key.replace('_', ' ')}: {item}")


def summary_with_extractor(summary: dict[str, Any], name: str) -> dict[str, Any]:
    return {"extractor": name, **summary}


def _print_block(title: str, block: dict[str, Any]) -> None:
    click.echo(f"\n{title} ({block['documents']} documents)")
    click.echo(f"  {'':16} {'P':>6} {'R':>6} {'F1':>6}   tp   fp   fn")
    for key, label in (
        ("entities", "entities"),
        ("entities_typed", "entities typed"),
        ("events", "events"),
    ):
        c = block[key]
        click.echo(
            f"  {label:16} {c['precision']:6.3f} {c['recall']:6.3f} {c['f1']:6.3f} "
            f"{c['tp']:4} {c['fp']:4} {c['fn']:4}"
        )
    exact = block["event_dates_exact"]
    shown = "-" if exact is None else f"{exact:.3f}"
    click.echo(f"  event dates exactly right: {shown} of {block['event_dates_matched']} matched")
    status = block["event_status_exact"]
    shown = "-" if status is None else f"{status:.3f}"
    click.echo(f"  event status right:        {shown} of {block['event_dates_matched']} matched")


def _eval_conll(path: Path, language: str, model: str | None, as_json: bool) -> None:
    try:
        from pipeline.extraction import conll
        from pipeline.extraction.ner.spacy_backend import load_pipeline, resolve_model
    except ImportError as exc:  # spaCy missing
        raise click.ClickException(f"--ner-conll needs spaCy: {exc}") from None
    try:
        name = resolve_model(language, model)
    except NewsflowError as exc:
        raise click.ClickException(str(exc)) from None
    if name is None:
        raise click.ClickException(
            f"no spaCy pipeline for {language!r} is installed"
            + (f" ({model} not found)" if model else "")
        )
    nlp = load_pipeline(name)
    _print_conll("model", name, path, conll.evaluate_file(nlp, path), as_json)


def _eval_conll_extractor(path: Path, language: str, as_json: bool) -> None:
    from pipeline.extraction import conll

    extractor = _extractor()
    evaluation = conll.evaluate_file_with_extractor(extractor, path, language)
    _print_conll("extractor", extractor.info.name, path, evaluation, as_json)


def _print_conll(what: str, name: str, path: Path, evaluation: Any, as_json: bool) -> None:
    """The report of a --ner-conll run: what was scored (model or extractor) on which file."""
    from pipeline.extraction import conll

    if as_json:
        click.echo(json.dumps({what: name, "file": str(path), **evaluation.as_dict()}, indent=2))
    else:
        click.echo(f"{what} {name}\nfile {path}")
        click.echo(conll.format_report(evaluation))


def _extractor() -> Extractor:
    """The extractor with the NER models named by the settings of the running command."""
    from pipeline.extraction.extractor import Extractor
    from pipeline.settings import Settings, load_settings

    ctx = click.get_current_context(silent=True)
    settings = ctx.find_object(Settings) if ctx is not None else None
    try:
        return Extractor.from_settings(settings or load_settings())
    except NewsflowError as exc:
        raise click.ClickException(str(exc)) from None
