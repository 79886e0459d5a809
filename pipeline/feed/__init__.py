"""`newsflow feed`: read articles from files or stdin, validate, produce to Kafka."""
