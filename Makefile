# Newsflow task runner: `make help` lists the targets. CI (.ci/run) uses the same ones.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STACK := $(PYTHON) deploy/local/stack.py

.DEFAULT_GOAL := help

.PHONY: help
help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "}; /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

.PHONY: install
install: $(BIN)/.installed ## create .venv and install newsflow with its dev tools

.PHONY: up
up: ## start real Kafka and Elasticsearch on 127.0.0.1 (idempotent; Docker users: docker compose up)
	$(STACK) up

.PHONY: down
down: ## stop the workers, Kafka and Elasticsearch that `make up`/`make run` started
	$(STACK) down

.PHONY: stack-status
stack-status: ## is the local stack running?
	$(STACK) status

.PHONY: reset
reset: ## stop the local stack and delete its data (keeps downloads)
	$(STACK) reset

.PHONY: doctor
doctor: install ## check Kafka and Elasticsearch from the pipeline's point of view
	$(BIN)/newsflow doctor

.PHONY: test
test: install up ## bring up the stack if needed and run every test (unit and integration)
	$(BIN)/pytest

.PHONY: unit
unit: install ## run the fast tests that need no services
	$(BIN)/pytest tests/unit

.PHONY: lint
lint: install ## ruff and mypy, strict
	$(BIN)/ruff check pipeline tests deploy
	$(BIN)/ruff format --check pipeline tests deploy
	$(BIN)/mypy

.PHONY: fmt
fmt: install ## format the code
	$(BIN)/ruff format pipeline tests deploy
	$(BIN)/ruff check --fix pipeline tests deploy

WORKERS ?= 2

.PHONY: run
run: install up ## bring everything up, start workers, feed seeds/ (the README's first command)
	$(BIN)/newsflow doctor
	$(BIN)/newsflow setup
	$(STACK) workers --count $(WORKERS) --newsflow $(BIN)/newsflow
	$(BIN)/newsflow feed seeds/ --wait 120
	@echo
	@echo "Newsflow is running. Try:"
	@echo "  $(BIN)/newsflow search Stoltenberg"
	@echo "  $(BIN)/newsflow search 'entity:NATO AND location:Russland' --json"
	@echo "  $(BIN)/newsflow status"
	@echo "Stop everything with: make down"

.PHONY: workers
workers: install ## start WORKERS pipeline workers in the background (default 2)
	$(STACK) workers --count $(WORKERS) --newsflow $(BIN)/newsflow

.PHONY: schemas
schemas: install ## write the JSON Schemas of the contracts to schemas/
	$(BIN)/python -c "from pathlib import Path; from pipeline.models.schemas import export; [print(p) for p in export(Path('schemas'))]"

BENCH_ARGS ?=

.PHONY: bench
bench: install up ## benchmark: throughput and latency vs a raw Kafka→ES copy, extraction speed (BENCH_ARGS=--help)
	$(BIN)/python tests/bench/bench_pipeline.py $(BENCH_ARGS)
