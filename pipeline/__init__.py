"""Newsflow: streaming news ingestion with Kafka, Faust and Elasticsearch."""

__version__ = "0.1.0"
