"""Import deploy/local/stack.py (a script, not a package) for tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def load_stack() -> ModuleType:
    spec = importlib.util.spec_from_file_location("stack", ROOT / "deploy" / "local" / "stack.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["stack"] = module
    spec.loader.exec_module(module)
    return module
