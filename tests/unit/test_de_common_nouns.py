"""The German common-noun list that keeps model spans such as "Sitzung" out of the entities
is derived from training data only: rebuilding it gives the shipped file, and no word comes
from the held-out GermEval test sentences alone."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _training_script() -> ModuleType:
    path = ROOT / "deploy" / "models" / "train_de_ner.py"
    spec = importlib.util.spec_from_file_location("train_de_ner", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_de_ner"] = module
    spec.loader.exec_module(module)
    return module


def test_the_shipped_list_is_the_one_the_training_data_gives() -> None:
    train = _training_script()
    parts, _ = train.load_corpora(
        train.DEFAULT_DATA, train.SPLIT_SEED, europeana=False, missing_misc=False
    )
    shipped = [
        line
        for line in train.NOUNS_FILE.read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert shipped == train.common_nouns(parts)
    held_out_only = {
        word for tokens, _ in parts["germeval-test"].sentences for word in tokens[1:]
    } - {
        word
        for name in ("germeval-train", "germeval-dev", "mobie-train", "mobie-dev")
        for tokens, _ in parts[name].sentences
        for word in tokens
    }
    assert len(held_out_only) > 100  # the held-out part has words of its own …
    assert not held_out_only & set(shipped)  # … and none of them is in the list
