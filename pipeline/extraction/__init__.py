"""Entity and event extraction."""
