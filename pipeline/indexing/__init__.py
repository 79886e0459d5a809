"""Elasticsearch: what the cluster can do, the index design, the bulk writer."""
