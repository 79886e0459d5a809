"""The exceptions Newsflow raises: one root, one subclass per boundary.

``retriable`` tells a caller whether trying again later can succeed (a service
that is down) or whether the input itself is wrong (dead-letter it).
"""

from __future__ import annotations


class NewsflowError(Exception):
    """Root of every error Newsflow raises on purpose."""

    retriable = False


class InvalidInput(NewsflowError):
    """A record is not an article we can accept; the message says why."""
