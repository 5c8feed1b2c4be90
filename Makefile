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
	$(BIN)/python -m pip install -q -e '.[test]' > $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	@cat $(VENV)/install.log
	@# The build backend's warnings (a deprecated pyproject.toml field, say) are the project's to fix.
	@if grep -E '[A-Za-z]*Warning: ' $(VENV)/install.log; then \
		echo 'make install: the build backend warned about the project (above): fix pyproject.toml'; exit 1; fi
	touch $(STAMP)

run: install
	$(BIN)/claimgraph load --if-empty corpus/articles/
	@echo 'GraphiQL: http://127.0.0.1:8000/graphql  |  the command line: .venv/bin/claimgraph (or . .venv/bin/activate)'
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
