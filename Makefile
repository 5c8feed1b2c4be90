# claimgraph — the two commands are `make run` and `make test`; each installs first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint bench schema clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

run: install
	$(BIN)/claimgraph load --if-empty corpus/articles/
	$(BIN)/claimgraph serve --host 127.0.0.1 --port 8000

test: install
	$(BIN)/python -m pytest -q -p no:cacheprovider

lint: install
	$(BIN)/ruff check api schema loaders store tests bench tools

schema: install
	$(BIN)/claimgraph schema > schema.graphql

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .claimgraph .pytest_cache
