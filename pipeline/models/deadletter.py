"""DeadLetter: a message the pipeline could not accept, with the reason."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Stage = Literal["ingest", "enrich", "index", "alerts"]


class DeadLetter(BaseModel):
    """What went wrong with one message, and everything needed to replay it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    stage: Stage
    error: str = Field(description="what is wrong, in words a person understands")
    error_type: str = Field(description="a short machine-readable reason, e.g. invalid_json")
    field: str | None = Field(None, description="the offending field, where one is to blame")
    article_id: str | None = None
    source_topic: str
    source_partition: int
    source_offset: int
    source_key: str | None = None
    original_text: str | None = Field(None, description="the original message, when UTF-8")
    original_base64: str | None = Field(None, description="the original bytes otherwise")
    failed_at: datetime
