"""Language identification, offline, with the model inside the py3langid wheel."""

from __future__ import annotations

import functools
import re
from typing import Any

# the identifier is sure long before this (a news paragraph); the whole body only costs time
_SAMPLE_CHARS = 1000
_LETTER = re.compile(r"[^\W\d_]")


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """The ISO 639-1 code of ``text`` and the model's probability for it (0..1)."""
    sample = text[:_SAMPLE_CHARS]
    if len(_LETTER.findall(sample)) < 3:
        return "und", 0.0
    code, prob = _identifier().classify(sample)
    return str(code), round(float(prob), 4)
