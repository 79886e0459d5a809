"""Named-entity backends behind one interface (``base.NerBackend``)."""
