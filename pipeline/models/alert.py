"""Alert: an article matched a subscription."""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class AlertMatch(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    entities: list[str] = Field(default_factory=list)
    events: list[str] = Field(default_factory=list)
    terms: list[str] = Field(default_factory=list, description="highlighted query terms")


class Alert(BaseModel):
    """One alert per (subscription, article); the id is derived from both."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    subscription: str
    article_id: str
    title: str | None = None
    url: str | None = None
    published_at: AwareDatetime | None = None
    matched: AlertMatch
    created_at: datetime
