"""Subscription: a named alert query, stored on a compacted Kafka topic."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

SUBSCRIPTION_NAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,99}$"


class Subscription(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(
        pattern=SUBSCRIPTION_NAME_PATTERN,
        description="lower case letters, digits, . _ -; names the topic alerts.NAME",
    )
    query: str = Field(min_length=1, description="Lucene query syntax over the index fields")
    description: str | None = None
    created_at: datetime
