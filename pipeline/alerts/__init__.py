"""Alerts: subscriptions, the query language, matching (pure)."""
