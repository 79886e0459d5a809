"""Ingest: raw bytes → Article or a reason that names the field."""

from __future__ import annotations

import json

import pytest

from pipeline.ingest import (
    Limits,
    RejectedRecord,
    accept,
    canonical_url,
    derive_article_id,
)

LIMITS = Limits(max_message_bytes=10_000, max_body_chars=2_000, max_title_chars=50)


def _raw(**fields: object) -> bytes:
    return json.dumps(fields).encode()


@pytest.mark.parametrize(
    ("raw", "error_type", "field", "words"),
    [
        (b"", "empty", None, "empty"),
        (b"\xff\xfeabc", "not_utf8", None, "not UTF-8"),
        (b"{oops", "invalid_json", None, "not JSON"),
        (b"[1, 2]", "not_an_object", None, "JSON array"),
        (_raw(title="t"), "invalid_field", "body", "'body' is required"),
        (_raw(body="   "), "invalid_field", "body", "must not be empty"),
        (
            _raw(body="x", published_at="2022-01-07T10:00:00"),
            "invalid_field",
            "published_at",
            "needs a timezone",
        ),
        (_raw(body="x", published_at=20220107), "invalid_field", "published_at", "ISO 8601"),
        (_raw(body="x", language="German"), "invalid_field", "language", "ISO 639-1"),
        (_raw(body="x", id="has space"), "invalid_field", "id", "letters, digits"),
        (_raw(body="x", tags="one"), "invalid_field", "tags", "JSON array of strings"),
        (_raw(body="x", content_type="pdf"), "invalid_field", "content_type", "'text' or 'html'"),
        (_raw(body="x", url="ftp://example.org/a"), "invalid_field", "url", "http(s) URL"),
        (_raw(body="x" * 2_001), "too_large", "body", "NEWSFLOW_MAX_BODY_CHARS"),
        (_raw(body="x", title="t" * 51), "too_large", "title", "NEWSFLOW_MAX_TITLE_CHARS"),
        (b"{" + b" " * 10_001 + b"}", "too_large", None, "NEWSFLOW_MAX_MESSAGE_BYTES"),
    ],
)
def test_rejections_name_the_field_and_the_reason(
    raw: bytes, error_type: str, field: str | None, words: str
) -> None:
    """Each kind of bad input gets its own type, the field to blame and words a person reads."""
    with pytest.raises(RejectedRecord) as info:
        accept(raw, LIMITS)
    assert info.value.error_type == error_type
    assert info.value.field == field
    assert words in info.value.reason


def test_rejection_carries_the_record_id() -> None:
    """When the bad record has an id, the dead letter can name the article."""
    with pytest.raises(RejectedRecord) as info:
        accept(_raw(id="a-1", body="x", published_at="yesterday"), LIMITS)
    assert info.value.article_id == "a-1"


def test_unknown_fields_are_kept_as_metadata() -> None:
    """Feeds carry attribution and licences: kept, not rejected."""
    article = accept(_raw(body="Text", license="CC BY 2.5", attribution="Wikinews"), LIMITS)
    assert article.metadata == {"license": "CC BY 2.5", "attribution": "Wikinews"}


def test_ids_are_deterministic() -> None:
    """No id: derived from the canonical URL, else from the normalised text."""
    a = accept(_raw(body="Hallo  Welt", url="https://Example.org/a/?utm_source=x#top"), LIMITS)
    b = accept(_raw(body="anders", url="https://example.org/a"), LIMITS)
    assert a.id == b.id
    assert a.id is not None
    assert a.id.startswith("u-")
    c = accept(_raw(body="Hallo   Welt\n"), LIMITS)
    d = accept(_raw(body="hallo welt"), LIMITS)
    assert c.id == d.id
    assert c.id is not None
    assert c.id.startswith("t-")
    assert accept(_raw(body="x", id="given-1"), LIMITS).id == "given-1"


def test_canonical_url() -> None:
    """Tracking parameters, fragments, default ports and trailing slashes do not count."""
    assert (
        canonical_url("HTTPS://News.Example.org:443/a/b/?b=2&a=1&utm_medium=x#c")
        == "https://news.example.org/a/b?a=1&b=2"
    )
    assert derive_article_id("http://x.org/a", None, "1") == derive_article_id(
        "http://x.org/a/", "other", "2"
    )


def test_html_body_becomes_text() -> None:
    """content_type html: the readable text is kept, markup and navigation dropped."""
    html = (
        "<html><body><nav>Home | Login</nav><article><h1>Gipfel</h1>"
        "<p>Die Minister trafen sich am Freitag in Brüssel zu langen Gesprächen.</p>"
        "<p>Ein zweiter Absatz mit weiteren Einzelheiten zum Treffen.</p></article>"
        "</body></html>"
    )
    article = accept(_raw(body=html, content_type="html"), LIMITS)
    assert "Die Minister trafen sich" in article.body
    assert "<p>" not in article.body
    assert article.content_type == "text"
    assert article.metadata["original_content_type"] == "html"
