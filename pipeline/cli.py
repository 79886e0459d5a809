"""The `newsflow` command."""

from __future__ import annotations

import json
import sys

import click
from pydantic import ValidationError
from rich.console import Console

from pipeline import __version__
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


if __name__ == "__main__":
    main()
