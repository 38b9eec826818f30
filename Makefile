# The two commands a newcomer needs: `make run` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test fuzz lint demo bench fmt clean

run: $(STAMP)
	@$(BIN)/paperclub run

test: $(STAMP)
	@$(BIN)/pytest -q

# Hypothesis fuzzing of every command entry point (10,000 cases each); CI runs it too.
fuzz: $(STAMP)
	@$(BIN)/pytest -q -m slow

lint: $(STAMP)
	$(BIN)/ruff check bot tests
	$(BIN)/ruff format --check bot tests
	$(BIN)/mypy

fmt: $(STAMP)
	$(BIN)/ruff format bot tests
	$(BIN)/ruff check --fix bot tests

demo: $(STAMP)
	@$(BIN)/paperclub demo

bench: $(STAMP)
	@$(BIN)/paperclub bench

# Reinstall whenever the dependencies change.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "paperclub needs Python 3.11 or newer")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing paperclub into $(VENV) (first run only)…" >&2
	@$(BIN)/python -m pip install --quiet --upgrade pip >&2
	@$(BIN)/python -m pip install --quiet -e '.[dev]' >&2
	@touch $(STAMP)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
