"""The exceptions Newsflow raises on purpose: one root, one subclass per kind.

The CLI turns a ``NewsflowError`` into one line on stderr and exit status 1;
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class NewsflowError(Exception):
    """Root of every error Newsflow raises on purpose."""


class InvalidInput(NewsflowError):
    """A record is not an article we can accept; the message says why."""


class ConfigError(NewsflowError):
    """A setting names something that does not exist here (a model, a file)."""
