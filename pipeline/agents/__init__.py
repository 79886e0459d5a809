"""Thin Faust agents: they move messages; the logic lives in pure modules."""
