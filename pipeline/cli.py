"""The `newsflow` command."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError
from rich.console import Console

from pipeline import __version__
from pipeline.errors import NewsflowError
from pipeline.settings import Settings, load_settings

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def _settings(ctx: click.Context) -> Settings:
    settings = ctx.obj
    if not isinstance(settings, Settings):
        raise click.UsageError("settings were not loaded")
    return settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsflow")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Newsflow: news articles into Kafka, enriched with entities and events,
    indexed into Elasticsearch, with alerts on Kafka topics.

    Settings come from NEWSFLOW_* environment variables or a .env file in the
    current directory (see .env.example). Start with `newsflow doctor`.
    """
    try:
        ctx.obj = load_settings()
    except ValidationError as exc:
        lines = [
            f"  NEWSFLOW_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}"
            for e in exc.errors()
        ]
        err_console.print("[red]error:[/red] invalid settings\n" + "\n".join(lines))
        sys.exit(2)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="print one JSON object instead of text")
@click.pass_context
def doctor(ctx: click.Context, as_json: bool) -> None:
    """Check that Kafka and Elasticsearch are reachable and say what they are.

    Prints each service's version, the Elasticsearch modules (and what is
    missing from them), and in plain words what is wrong when a check fails:
    nothing listening, wrong port, refused credentials, TLS mismatch.
    Exits 1 when a required service is not usable.
    """
    from pipeline.doctor import run_checks

    checks = run_checks(_settings(ctx))
    failed = [c for c in checks if c.required and not c.ok]
    if as_json:
        out = {
            "ok": not failed,
            "checks": [
                {"name": c.name, "ok": c.ok, "summary": c.summary, "details": c.details, **c.facts}
                for c in checks
            ],
        }
        click.echo(json.dumps(out, indent=2))
    else:
        for check in checks:
            mark = "[green]ok[/green]  " if check.ok else "[red]FAIL[/red]"
            console.print(f"{mark} [bold]{check.name}[/bold]: {check.summary}")
            for line in check.details:
                console.print(f"       {line}")
    if failed:
        sys.exit(1)


@main.command()
@click.pass_context
def setup(ctx: click.Context) -> None:
    """Create the topics, the index template, the index and its alias.

    Safe to run again: what exists is left as it is. Partitions and
    replication come from NEWSFLOW_TOPIC_PARTITIONS / NEWSFLOW_TOPIC_REPLICATION.
    """
    from pipeline.clients import elasticsearch_client
    from pipeline.provision import setup as run_setup

    settings = _settings(ctx)
    es = elasticsearch_client(settings)
    try:
        report = _service_call(lambda: run_setup(settings, es))
    finally:
        es.close()
    for name in report.created_topics:
        console.print(f"created topic   {name}")
    for name in report.existing_topics:
        console.print(f"topic exists    {name}")
    console.print(f"index template  {report.template}")
    state = (
        "created"
        if report.index_created
        else ("exists, new fields added" if report.mapping_updated else "exists")
    )
    console.print(f"alias           {report.alias} -> {report.index} ({state})")
    if not report.language_analyzers:
        console.print(
            "note: this cluster has no analysis-common module; title and body use the "
            "standard analyzer (no German/English stemming)"
        )


def _service_call(fn: Any) -> Any:
    """Run fn; turn a service being down into one line and exit 1."""
    from elasticsearch import ApiError
    from elasticsearch import ConnectionError as ESConnectionError
    from kafka.errors import KafkaError

    try:
        return fn()
    except ESConnectionError as exc:
        err_console.print(
            f"[red]error:[/red] Elasticsearch is not reachable: {exc.message}. "
            "Is it running? (`make up`, `newsflow doctor`)"
        )
    except ApiError as exc:
        err_console.print(f"[red]error:[/red] Elasticsearch refused the request: {exc}")
    except KafkaError as exc:
        err_console.print(
            f"[red]error:[/red] Kafka: {exc}. Is it running? (`make up`, `newsflow doctor`)"
        )
    except NewsflowError as exc:
        err_console.print(f"[red]error:[/red] {exc}")
    sys.exit(1)


@main.command()
@click.option(
    "--loglevel",
    "-l",
    default="info",
    show_default=True,
    type=click.Choice(["debug", "info", "warning", "error"]),
)
@click.option(
    "--web-port",
    type=int,
    default=None,
    help="port of /health and /metrics (default NEWSFLOW_WORKER_WEB_PORT, 6066)",
)
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="where this worker keeps table state (one per worker on a host)",
)
@click.pass_context
def worker(ctx: click.Context, loglevel: str, web_port: int | None, data_dir: Path | None) -> None:
    """Run a pipeline worker (Faust): ingest, enrich, index, alerts.

    Start as many as you like: they share the topic partitions as one consumer
    group (at most NEWSFLOW_TOPIC_PARTITIONS do work at once). Stops cleanly
    on SIGTERM/SIGINT; offsets are committed only for finished work.
    """
    import faust

    from pipeline.app import create_app

    settings = _settings(ctx)
    if data_dir is not None:
        settings = settings.model_copy(update={"worker_data_dir": data_dir})
    app, app_ctx = create_app(settings, web_port=web_port)
    # load the NER models and run them once before joining the group: a cold
    # model would stall the event loop for seconds on the first article
    started = time.monotonic()
    try:
        for lang, text in (
            ("de", "Die Minister trafen sich am Montag in Berlin."),
            ("en", "The ministers met in London on Monday."),
        ):
            app_ctx.extractor.extract(text, language=lang)
    except NewsflowError as exc:  # a misnamed NER model: say so before joining the group
        err_console.print(f"[red]error:[/red] {exc}")
        sys.exit(1)
    err_console.print(
        f"extractor {app_ctx.extractor.name} ready in {time.monotonic() - started:.1f}s"
    )
    worker = faust.Worker(app, loglevel=loglevel, override_logging=True)
    worker.execute_from_commandline()


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--language", help="language of the articles, when the files do not say")
@click.option("--source", help="publisher, when the files do not say")
@click.option("--published-at", help="ISO 8601 time with timezone, when the files do not say")
@click.option("--url", help="URL of a single article")
@click.option("--quiet", "-q", is_flag=True, help="no progress bar")
@click.option(
    "--wait",
    type=float,
    default=None,
    metavar="SECONDS",
    help="then wait up to SECONDS until every sent article is searchable",
)
@click.pass_context
def feed(
    ctx: click.Context,
    paths: tuple[str, ...],
    language: str | None,
    source: str | None,
    published_at: str | None,
    url: str | None,
    quiet: bool,
    wait: float | None,
) -> None:
    """Send articles to Kafka: files, directories (recursively) or - for stdin.

    \b
    .txt        plain text; metadata from a .json sidecar of the same name
                or the options; a short first line followed by a blank line
                is the title
    .json       one article object, or a list of them
    .jsonl      JSON Lines, one article per line (also on stdin)
    .html       a page; its readable text is extracted

    Every record is validated first; rejected ones are listed with file, line
    and reason, and the exit status is 1 when any was rejected.
    """
    from pathlib import Path as P

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from pipeline.feed.producer import ArticleProducer
    from pipeline.feed.producer import feed as run_feed
    from pipeline.feed.sources import discover, read_path, read_stdin
    from pipeline.ingest import Limits
    from pipeline.topics import topic_names

    settings = _settings(ctx)
    defaults = {
        k: v
        for k, v in {
            "language": language,
            "source": source,
            "published_at": published_at,
            "url": url,
        }.items()
        if v
    }
    files, skipped = discover([P(p) for p in paths if p != "-"])
    missing = [p for p in paths if p != "-" and not P(p).exists()]
    for p in missing:
        err_console.print(f"[red]error:[/red] {p}: no such file or directory")
    if missing:
        sys.exit(2)

    def records() -> Any:
        if "-" in paths:
            yield from read_stdin(click.get_text_stream("stdin"), defaults)
        for f in files:
            yield from read_path(f, defaults)

    topic = topic_names(settings).raw
    producer = _service_call(lambda: ArticleProducer(settings, topic))
    show = not quiet and len(files) > 1
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        disable=not show,
    ) as progress:
        task = progress.add_task("feeding", total=None)
        try:
            summary = run_feed(
                records(),
                producer,
                Limits.from_settings(settings),
                on_record=lambda: progress.advance(task),
            )
        finally:
            producer.close()
    console.print(
        f"sent {summary.sent} article(s) to {topic} "
        f"({summary.bytes_sent / 1000:.1f} kB); rejected {len(summary.rejected)}"
        + (f"; failed {len(summary.failed)}" if summary.failed else "")
    )
    if skipped:
        console.print(f"skipped {len(skipped)} file(s) that are not articles (e.g. {skipped[0]})")
    for origin, reason in summary.rejected + summary.failed:
        console.print(f"  [red]rejected[/red] {origin}: {reason}")
    if wait and summary.ids:
        from pipeline.clients import elasticsearch_client
        from pipeline.indexing.wait import wait_searchable

        es = elasticsearch_client(settings)
        try:
            found, seconds = _service_call(
                lambda: wait_searchable(
                    es, settings.index_alias, summary.ids, timeout=wait, versions=summary.versions
                )
            )
        finally:
            es.close()
        unique = len(set(summary.ids))
        console.print(f"searchable: {found}/{unique} after {seconds:.1f}s")
        if found < unique:
            err_console.print(
                "[yellow]not all articles are searchable yet:[/yellow] are workers "
                "running? (`newsflow status`, `newsflow dlq list`)"
            )
            sys.exit(1)
    if summary.rejected or summary.failed:
        sys.exit(1)


@main.command()
@click.argument("query", required=False, default="")
@click.option("--entity", help="an entity name (canonical or as written), e.g. NATO")
@click.option(
    "--type",
    "entity_type",
    type=click.Choice(["PER", "ORG", "LOC", "MISC"], case_sensitive=False),
    help="entity type (with --entity: that entity as this type)",
)
@click.option("--event", help="an event type, e.g. meeting, protest, earthquake")
@click.option("--lang", "language", help="language code, e.g. de")
@click.option("--since", help="published since: 7d, 12h, or an ISO date")
@click.option("--until", help="published until: a duration ago or an ISO date")
@click.option("--size", "-n", default=10, show_default=True, help="how many hits to show")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help='print {"total": N, "hits": [...]} with id, title, published_at, entities and events',
)
@click.pass_context
def search(
    ctx: click.Context,
    query: str,
    entity: str | None,
    entity_type: str | None,
    event: str | None,
    language: str | None,
    since: str | None,
    until: str | None,
    size: int,
    as_json: bool,
) -> None:
    """Search the indexed articles. QUERY is Lucene syntax, as in Kibana and alerts:

    \b
      newsflow search Stoltenberg
      newsflow search 'entity:NATO AND event:meeting' --since 30d
      newsflow search --entity Russland --lang de --json
    """
    from pipeline.clients import elasticsearch_client
    from pipeline.search import build_query, run_search

    settings = _settings(ctx)
    try:
        body = build_query(
            query,
            entity=entity,
            entity_type=entity_type,
            event=event,
            language=language,
            since=since,
            until=until,
        )
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    es = elasticsearch_client(settings)
    try:
        result = _service_call(lambda: run_search(es, settings.index_alias, body, size))
    finally:
        es.close()
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    console.print(f"{result['total']} article(s) match")
    for hit in result["hits"]:
        console.print(f"\n[bold]{hit['title'] or '(no title)'}[/bold]  [dim]{hit['id']}[/dim]")
        console.print(
            f"  {hit['published_at'] or 'no date'} · {hit['source'] or 'unknown source'}"
            f" · {hit['language']}"
        )
        ents = ", ".join(f"{e['name']} ({e['type']})" for e in hit["entities"][:12])
        if ents:
            console.print(f"  entities: {ents}")
        for ev in hit["events"][:8]:
            who = ", ".join(ev["actors"]) or "?"
            where = f" in {ev['location']}" if ev["location"] else ""
            when = f" on {ev['date']}" if ev["date"] else ""
            console.print(f"  event: {ev['type']} — {who}{where}{when} ({ev['status']})")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
@click.pass_context
def status(ctx: click.Context, as_json: bool) -> None:
    """Topics and their end offsets, consumer lag, dead letters, the index."""
    from pipeline.clients import elasticsearch_client
    from pipeline.status import index_status, kafka_status

    settings = _settings(ctx)
    kafka = _service_call(lambda: kafka_status(settings))
    es = elasticsearch_client(settings)
    try:
        index = _service_call(lambda: index_status(settings, es))
    finally:
        es.close()
    out = {**kafka, "index": index}
    if as_json:
        click.echo(json.dumps(out, indent=2))
        return
    for role, info in kafka["topic_details"].items():
        if not info["exists"]:
            console.print(f"{role:<14} {info['name']}  (missing: run `newsflow setup`)")
            continue
        lag = kafka["lag"].get(info["name"])
        lag_text = f"  lag {lag}" if lag is not None else ""
        console.print(
            f"{role:<14} {info['name']}  {info['partitions']} partitions, "
            f"{info['messages']} messages{lag_text}"
        )
    console.print(
        f"dead letters   {kafka['dlq_count']}"
        + (
            f" ({kafka['dlq_replayed']} replayed, {kafka['dlq_not_replayed']} not)"
            if kafka.get("dlq_replayed")
            else ""
        )
    )
    if index["exists"]:
        console.print(
            f"index          {index['alias']} -> {', '.join(index['indices'])}: "
            f"{index['documents']} documents"
        )
    else:
        console.print(f"index          {index['alias']} missing: run `newsflow setup`")


@main.group()
def dlq() -> None:
    """Dead letters: what the pipeline rejected, and why."""


@dlq.command("list")
@click.option("--limit", "-n", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="one dead letter per line")
@click.pass_context
def dlq_list(ctx: click.Context, limit: int, as_json: bool) -> None:
    """Show the newest dead letters with their reasons."""
    from pipeline.dlq import read_dead_letters

    settings = _settings(ctx)
    letters = _service_call(lambda: read_dead_letters(settings, limit=limit))
    if as_json:
        for stored in letters:
            click.echo(stored.letter.model_dump_json())
        return
    if not letters:
        console.print("no dead letters")
    for stored in letters:
        letter = stored.letter
        where = f"{letter.source_topic}[{letter.source_partition}]@{letter.source_offset}"
        console.print(
            f"#{stored.key} {letter.failed_at:%Y-%m-%d %H:%M:%S} {letter.stage:<7} "
            f"{where}"
            + (f" article {letter.article_id}" if letter.article_id else "")
            + (" [dim](replayed)[/dim]" if stored.replayed else "")
        )
        console.print(f"    {letter.error}", markup=False)


@dlq.command("replay")
@click.option(
    "--stage",
    type=click.Choice(["ingest", "enrich", "index"]),
    help="only dead letters of this stage",
)
@click.option("--error-type", help="only this reason, e.g. too_large")
@click.option(
    "--again", is_flag=True, help="also those an earlier replay sent (by default they are skipped)"
)
@click.option("--dry-run", is_flag=True, help="say what would be replayed")
@click.pass_context
def dlq_replay(
    ctx: click.Context, stage: str | None, error_type: str | None, again: bool, dry_run: bool
) -> None:
    """Send dead letters back to the topic they came from, unchanged.

    For problems fixed upstream (a setting raised, a mapping fixed, a bug
    fixed): the worker judges them again; those still bad return to the DLQ
    as new dead letters. Each dead letter is replayed once: a second replay
    skips it (unless --again), so running replay twice sends nothing twice.
    """
    from pipeline.dlq import replay

    settings = _settings(ctx)
    result = _service_call(
        lambda: replay(settings, stage=stage, error_type=error_type, again=again, dry_run=dry_run)
    )
    console.print(
        ("would replay" if dry_run else "replayed")
        + f" {result.replayed} dead letter(s)"
        + (
            f"; skipped {result.already_replayed} replayed before (--again sends them too)"
            if result.already_replayed
            else ""
        )
    )


@main.group()
def alerts() -> None:
    """Subscriptions: a Lucene query and a Kafka topic alerts.NAME that receives
    one alert per matching article."""


@alerts.command("add")
@click.argument("name")
@click.option(
    "--query",
    "-q",
    required=True,
    help="Lucene query over the index fields, e.g. 'entity:NATO AND event:meeting'",
)
@click.option("--description", "-d", help="what this subscription is for")
@click.option("--replace", is_flag=True, help="overwrite an existing subscription of this name")
@click.pass_context
def alerts_add(
    ctx: click.Context, name: str, query: str, description: str | None, replace: bool
) -> None:
    """Create subscription NAME and its topic alerts.NAME.

    The query language is Lucene's, over the same fields as the index, so a
    query that works in Kibana's Lucene mode works here: terms, "phrases",
    AND/OR/NOT, (groups), field:value, wildcards, ranges such as
    published_at:[2022-01-01 TO now], and the fields entity, person,
    organization, location, misc, event, cameo, language, source, title, body.
    """
    from pipeline.alerts.store import (
        SubscriptionError,
        new_subscription,
        read_subscriptions,
        write_subscription,
    )
    from pipeline.provision import DAY_MS, ensure_topics
    from pipeline.topics import topic_names

    settings = _settings(ctx)
    try:
        subscription = new_subscription(name, query, description)
    except SubscriptionError as exc:
        err_console.print(f"[red]error:[/red] {exc}")
        sys.exit(2)
    existing = _service_call(lambda: read_subscriptions(settings))
    if name in existing and not replace:
        err_console.print(
            f"[red]error:[/red] subscription {name!r} exists "
            f"(query {existing[name].query!r}); use --replace to change it"
        )
        sys.exit(1)
    topic = topic_names(settings).alerts(name)
    _service_call(lambda: ensure_topics(settings, {topic: {"retention.ms": str(30 * DAY_MS)}}))
    _service_call(lambda: write_subscription(settings, name, subscription))
    console.print(f"subscription {name} {'replaced' if name in existing else 'added'}: {query}")
    console.print(f"alerts go to topic {topic}; follow them with: newsflow alerts tail {name}")


@alerts.command("list")
@click.option("--json", "as_json", is_flag=True, help="one JSON object per subscription")
@click.pass_context
def alerts_list(ctx: click.Context, as_json: bool) -> None:
    """List the subscriptions."""
    from pipeline.alerts.store import read_subscriptions
    from pipeline.topics import topic_names

    settings = _settings(ctx)
    subs = _service_call(lambda: read_subscriptions(settings))
    names = topic_names(settings)
    for sub in sorted(subs.values(), key=lambda s: s.name):
        if as_json:
            click.echo(
                json.dumps(
                    {**sub.model_dump(mode="json"), "topic": names.alerts(sub.name)},
                    ensure_ascii=False,
                )
            )
        else:
            console.print(
                f"[bold]{sub.name}[/bold]  {sub.query}  -> {names.alerts(sub.name)}"
                + (f"  ({sub.description})" if sub.description else "")
            )
    if not subs and not as_json:
        console.print("no subscriptions (add one with `newsflow alerts add NAME --query ...`)")


@alerts.command("remove")
@click.argument("name")
@click.option("--delete-topic", is_flag=True, help="also delete the topic alerts.NAME")
@click.pass_context
def alerts_remove(ctx: click.Context, name: str, delete_topic: bool) -> None:
    """Remove subscription NAME: no more alerts for it. Its topic stays (for
    consumers still reading) unless --delete-topic."""
    from pipeline.alerts.store import read_subscriptions, write_subscription
    from pipeline.topics import topic_names

    settings = _settings(ctx)
    subs = _service_call(lambda: read_subscriptions(settings))
    if name not in subs:
        err_console.print(f"[red]error:[/red] no subscription named {name!r}")
        sys.exit(1)
    _service_call(lambda: write_subscription(settings, name, None))
    console.print(f"subscription {name} removed")
    if delete_topic:
        from kafka import KafkaAdminClient

        from pipeline.clients import kafka_python_config

        admin = KafkaAdminClient(**kafka_python_config(settings))
        admin.delete_topics([topic_names(settings).alerts(name)], raise_errors=False)
        admin.close()
        console.print(f"topic {topic_names(settings).alerts(name)} deleted")


@alerts.command("tail")
@click.argument("name")
@click.option("--from-beginning", is_flag=True, help="start with the oldest alert")
@click.option(
    "--timeout",
    type=float,
    default=None,
    help="stop after this many seconds without a new alert (default: never)",
)
@click.option("--json", "as_json", is_flag=True, help="one alert per line as JSON")
@click.pass_context
def alerts_tail(
    ctx: click.Context, name: str, from_beginning: bool, timeout: float | None, as_json: bool
) -> None:
    """Print alerts of subscription NAME as they arrive (only committed ones)."""
    from kafka import KafkaConsumer, TopicPartition

    from pipeline.clients import kafka_python_config
    from pipeline.models.alert import Alert
    from pipeline.topics import topic_names

    settings = _settings(ctx)
    topic = topic_names(settings).alerts(name)
    consumer = _service_call(
        lambda: KafkaConsumer(
            **kafka_python_config(settings),
            enable_auto_commit=False,
            isolation_level="read_committed",
        )
    )
    try:
        parts = consumer.partitions_for_topic(topic)
        if not parts:
            err_console.print(
                f"[red]error:[/red] topic {topic} does not exist "
                f"(is {name!r} a subscription? `newsflow alerts list`)"
            )
            sys.exit(1)
        tps = [TopicPartition(topic, p) for p in sorted(parts)]
        consumer.assign(tps)
        if from_beginning:
            consumer.seek_to_beginning(*tps)
        else:
            consumer.seek_to_end(*tps)
        idle_since = time.monotonic()
        while timeout is None or time.monotonic() - idle_since < timeout:
            batch = consumer.poll(timeout_ms=500)
            for records in batch.values():
                for record in records:
                    idle_since = time.monotonic()
                    alert = Alert.model_validate_json(record.value)
                    if as_json:
                        click.echo(alert.model_dump_json())
                    else:
                        what = ", ".join(alert.matched.terms)
                        console.print(
                            f"{alert.created_at:%H:%M:%S} [bold]{alert.title or '(no title)'}"
                            f"[/bold] {alert.article_id}  matched: {what}"
                        )
    except KeyboardInterrupt:
        pass
    finally:
        consumer.close()


def _register_optional() -> None:
    import importlib

    try:
        module = importlib.import_module("pipeline.cli_extraction")
    except ImportError:
        return
    module.register(main)


_register_optional()

if __name__ == "__main__":
    main()
