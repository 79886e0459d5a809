"""Article: what a feeder writes to the input topic."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

ContentType = Literal["text", "html"]

ARTICLE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:\-]{0,199}$"

NonBlank = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Article(BaseModel):
    """A news article as fed into Newsflow.

    Only ``body`` is required. Without an ``id`` one is derived from the URL,
    else from the normalised text, so the same article fed twice is one
    article. Field limits beyond these types are settings, checked at ingest.
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    id: Annotated[str, Field(pattern=ARTICLE_ID_PATTERN)] | None = Field(
        None, description="stable article id; derived from url or text when absent"
    )
    url: NonBlank | None = Field(None, description="canonical URL of the article")
    title: NonBlank | None = None
    body: NonBlank = Field(description="the article text (or HTML with content_type html)")
    published_at: AwareDatetime | None = Field(
        None, description="ISO 8601 with a timezone, e.g. 2022-01-07T15:00:00+01:00"
    )
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")] | None = Field(
        None, description="ISO 639-1 code when known; detected otherwise"
    )
    source: NonBlank | None = Field(None, description="publisher, e.g. Deutsche Welle")
    authors: list[NonBlank] = Field(default_factory=list)
    tags: list[NonBlank] = Field(default_factory=list)
    content_type: ContentType = "text"
    metadata: dict[str, Any] = Field(
        default_factory=dict,
        description="free-form extras carried along (licence, attribution, crawler ids)",
    )
