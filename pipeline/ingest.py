"""Ingest: raw bytes → a validated, normalised Article, or a reason in words.

Pure functions; the ingest agent and `newsflow feed` both call them, so a
record is judged the same way before it is sent and after it is received.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import unicodedata
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pydantic import ValidationError

from pipeline.errors import InvalidInput
from pipeline.models.article import Article
from pipeline.settings import Settings

_WS = re.compile(r"\s+")
_TRACKING_PARAMS = re.compile(r"^(utm_|fbclid$|gclid$|mc_cid$|mc_eid$|ref$|ocid$)")


@dataclasses.dataclass(frozen=True)
class Limits:
    max_message_bytes: int = 2_000_000
    max_body_chars: int = 500_000
    max_title_chars: int = 1_000
    max_url_chars: int = 2_048
    max_list_items: int = 100

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            max_message_bytes=settings.max_message_bytes,
            max_body_chars=settings.max_body_chars,
            max_title_chars=settings.max_title_chars,
            max_url_chars=settings.max_url_chars,
            max_list_items=settings.max_list_items,
        )


class RejectedRecord(InvalidInput):
    """A record that is not an acceptable article."""

    def __init__(
        self,
        reason: str,
        *,
        error_type: str,
        field: str | None = None,
        article_id: str | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.error_type = error_type
        self.field = field
        self.article_id = article_id


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def parse_raw(raw: bytes | None, limits: Limits) -> dict[str, Any]:
    """Bytes → a JSON object, or RejectedRecord saying what is wrong."""
    if raw is None or len(raw) == 0:
        raise RejectedRecord(
            "the message is empty (a tombstone or a blank line)", error_type="empty"
        )
    if len(raw) > limits.max_message_bytes:
        raise RejectedRecord(
            f"the message is {_size(len(raw))}, larger than the limit of "
            f"{_size(limits.max_message_bytes)} (NEWSFLOW_MAX_MESSAGE_BYTES)",
            error_type="too_large",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RejectedRecord(
            f"the message is not UTF-8 text: byte 0x{raw[exc.start]:02x} at position "
            f"{exc.start} cannot be decoded",
            error_type="not_utf8",
        ) from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        snippet = text[:60].replace("\n", " ")
        raise RejectedRecord(
            f"the message is not JSON ({exc.msg} at line {exc.lineno} column {exc.colno}); "
            f"it starts with {snippet!r}",
            error_type="invalid_json",
        ) from None
    if not isinstance(value, dict):
        raise RejectedRecord(
            f"expected a JSON object with at least a 'body' field, got a JSON "
            f"{type(value).__name__.replace('dict', 'object').replace('list', 'array')}",
            error_type="not_an_object",
        )
    return value


_KNOWN_FIELDS = set(Article.model_fields)


def validate_article(data: dict[str, Any], limits: Limits) -> Article:
    """A JSON object → an Article, checking types and the size limits."""
    record_id = data.get("id") if isinstance(data.get("id"), str) else None
    # unknown top-level fields are kept as metadata rather than rejected: feeds
    # carry attribution, licence, crawler ids...
    extras = {k: v for k, v in data.items() if k not in _KNOWN_FIELDS}
    known = {k: v for k, v in data.items() if k in _KNOWN_FIELDS}
    if extras:
        metadata = known.get("metadata")
        if metadata is not None and not isinstance(metadata, dict):
            raise RejectedRecord(
                "field 'metadata' must be a JSON object",
                error_type="invalid_field",
                field="metadata",
                article_id=record_id,
            )
        known["metadata"] = {**extras, **(metadata or {})}
    try:
        article = Article.model_validate_json(json.dumps(known), strict=True)
    except ValidationError as exc:
        raise _rejection(exc, record_id) from None
    _check_limits(article, limits)
    return article


def _rejection(exc: ValidationError, record_id: str | None) -> RejectedRecord:
    errors = exc.errors(include_url=False)
    first = errors[0]
    field = ".".join(str(p) for p in first["loc"]) or None
    messages = []
    for err in errors[:5]:
        loc = ".".join(str(p) for p in err["loc"])
        msg = err["msg"]
        if err["type"] == "missing":
            msg = "is required and missing"
        elif err["type"] == "string_too_short":
            msg = "must not be empty"
        elif err["type"] == "timezone_aware":
            msg = "needs a timezone, e.g. 2022-01-07T15:00:00+01:00"
        elif err["type"] == "list_type":
            msg = "must be a JSON array of strings"
        elif err["type"] == "string_type":
            msg = "must be a string"
        elif err["type"] in ("datetime_type", "datetime_parsing", "datetime_from_date_parsing"):
            msg = "must be an ISO 8601 date-time with a timezone, e.g. 2022-01-07T15:00:00+01:00"
        elif err["type"] == "string_pattern_mismatch" and loc == "id":
            msg = "may contain only letters, digits and . _ : - (at most 200 characters)"
        elif err["type"] == "string_pattern_mismatch" and loc == "language":
            msg = "must be an ISO 639-1 code such as 'de' or 'en'"
        else:
            msg = msg[0].lower() + msg[1:]
        messages.append(f"field '{loc}' {msg}")
    more = f" (and {len(errors) - 5} more problems)" if len(errors) > 5 else ""
    return RejectedRecord(
        "; ".join(messages) + more, error_type="invalid_field", field=field, article_id=record_id
    )


def _check_limits(article: Article, limits: Limits) -> None:
    def reject(field: str, what: str, setting: str) -> None:
        raise RejectedRecord(
            f"field '{field}' {what} (limit {setting})",
            error_type="too_large",
            field=field,
            article_id=article.id,
        )

    if len(article.body) > limits.max_body_chars:
        reject(
            "body",
            f"has {len(article.body):,} characters, more than {limits.max_body_chars:,}",
            "NEWSFLOW_MAX_BODY_CHARS",
        )
    if article.title and len(article.title) > limits.max_title_chars:
        reject(
            "title",
            f"has {len(article.title):,} characters, more than {limits.max_title_chars:,}",
            "NEWSFLOW_MAX_TITLE_CHARS",
        )
    if article.url and len(article.url) > limits.max_url_chars:
        reject(
            "url",
            f"has {len(article.url):,} characters, more than {limits.max_url_chars:,}",
            "NEWSFLOW_MAX_URL_CHARS",
        )
    for name in ("authors", "tags"):
        items = getattr(article, name)
        if len(items) > limits.max_list_items:
            reject(
                name,
                f"has {len(items)} items, more than {limits.max_list_items}",
                "NEWSFLOW_MAX_LIST_ITEMS",
            )
    if article.url:
        parts = urlsplit(article.url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise RejectedRecord(
                f"field 'url' must be an absolute http(s) URL, got {article.url[:80]!r}",
                error_type="invalid_field",
                field="url",
                article_id=article.id,
            )


def canonical_url(url: str) -> str:
    """The URL two feeds of the same article agree on: lower-case scheme and
    host, no fragment, no tracking parameters, no trailing slash."""
    parts = urlsplit(url.strip())
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING_PARAMS.match(k.lower())
        )
    )
    path = parts.path.rstrip("/") or "/"
    netloc = parts.netloc.lower()
    if netloc.endswith(":80") and parts.scheme == "http":
        netloc = netloc[:-3]
    if netloc.endswith(":443") and parts.scheme == "https":
        netloc = netloc[:-4]
    return urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


def normalise_text(text: str) -> str:
    """NFC, unified whitespace: what the id of a text-only article is made from."""
    return _WS.sub(" ", unicodedata.normalize("NFKC", text)).strip().lower()


def derive_article_id(url: str | None, title: str | None, body: str) -> str:
    """Deterministic id: from the canonical URL, else from the normalised text."""
    if url:
        digest = hashlib.sha256(canonical_url(url).encode()).hexdigest()
        return f"u-{digest[:32]}"
    text = normalise_text(f"{title or ''}\n{body}")
    return f"t-{hashlib.sha256(text.encode()).hexdigest()[:32]}"


def html_to_text(html: str) -> str:
    """The readable article text of an HTML page (boilerplate removed)."""
    import trafilatura

    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_recall=True
    )
    if not text:
        # a fragment without page structure: fall back to all text nodes
        from lxml import html as lxml_html

        try:
            text = lxml_html.fromstring(html).text_content()
        except Exception:  # noqa: BLE001 - lxml raises several parser errors
            text = ""
    return text.strip()


def normalise(article: Article) -> Article:
    """HTML to text, a derived id where none was given, whitespace tidied."""
    updates: dict[str, Any] = {}
    body = article.body
    if article.content_type == "html":
        body = html_to_text(body)
        if not body:
            raise RejectedRecord(
                "field 'body' is HTML without readable text",
                error_type="empty_body",
                field="body",
                article_id=article.id,
            )
        updates["body"] = body
        updates["content_type"] = "text"
        updates["metadata"] = {**article.metadata, "original_content_type": "html"}
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    if body != article.body and "body" not in updates:
        updates["body"] = body
    if article.url:
        updates["url"] = article.url.strip()
    if article.id is None:
        updates["id"] = derive_article_id(article.url, article.title, body)
    return article.model_copy(update=updates) if updates else article


def accept(raw: bytes | None, limits: Limits) -> Article:
    """The whole ingest stage: raw bytes → normalised Article (or RejectedRecord)."""
    return normalise(validate_article(parse_raw(raw, limits), limits))
