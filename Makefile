# The two commands a newcomer needs: `make run` and `make test`. Each sets itself up.
# Both install the exact, hash-checked versions of requirements/*.lock (`make lock` renews them
# from pyproject.toml): `make run` only what the bot needs, `make test` the dev tools as well.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --quiet
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed
LOCK_FLAGS := --universal --python-version 3.11 --generate-hashes --quiet

.PHONY: run test fuzz lint demo bench fmt lock clean i18n

run: $(RUNTIME)
	@$(BIN)/paperclub run

test: $(DEV)
	@$(BIN)/pytest -q

# Hypothesis fuzzing of every command entry point (10,000 cases each); CI runs it too.
fuzz: $(DEV)
	@$(BIN)/pytest -q -m slow

lint: $(DEV)
	$(BIN)/ruff check bot paperclub_fakes tests
	$(BIN)/ruff format --check bot paperclub_fakes tests
	$(BIN)/mypy

fmt: $(DEV)
	$(BIN)/ruff format bot paperclub_fakes tests
	$(BIN)/ruff check --fix bot paperclub_fakes tests

demo: $(RUNTIME)
	@$(BIN)/paperclub demo

bench: $(RUNTIME)
	@$(BIN)/paperclub bench

# Renew both lock files after changing the dependencies in pyproject.toml. The runtime lock is
# resolved within the dev lock, so the two never disagree on a version.
lock: $(DEV)
	$(BIN)/uv pip compile pyproject.toml --extra dev $(LOCK_FLAGS) -o requirements/dev.lock
	$(BIN)/uv pip compile pyproject.toml $(LOCK_FLAGS) -c requirements/dev.lock \
	  -o requirements/runtime.lock

# The message catalogs (docs/TRANSLATING.md): extract the bot's sentences into the template,
# merge them into every language's .po, and compile the .mo files the package ships (the test
# suite fails while a .mo is not the compiled form of its .po, or a message lacks a translation).
I18N_KEYWORDS := -k t -k tn:1,2 -k _ -k ngettext:1,2
i18n: $(DEV)
	$(BIN)/pybabel extract -F babel.cfg $(I18N_KEYWORDS) --no-location --sort-output \
	  --project paperclub --no-wrap --omit-header -o bot/locale/paperclub.pot bot
	$(BIN)/pybabel update -i bot/locale/paperclub.pot -d bot/locale -D paperclub \
	  --no-fuzzy-matching --no-wrap --ignore-obsolete
	$(BIN)/pybabel compile -d bot/locale -D paperclub --statistics

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "paperclub needs Python 3.11 or newer")'
	@$(PYTHON) -m venv $(VENV)
	@$(PIP) install --upgrade pip >&2

# (clean keeps var/: it holds the SQLite database.)
# Reinstall whenever the locks or the package change. --no-deps: the lock is complete.
$(RUNTIME): requirements/runtime.lock pyproject.toml | $(BIN)/python
	@echo "Installing paperclub into $(VENV)…" >&2
	@$(PIP) install --require-hashes --no-deps -r requirements/runtime.lock >&2
	@$(PIP) install --no-deps -e . >&2
	@touch $@

$(DEV): $(RUNTIME) requirements/dev.lock
	@echo "Installing the test and lint tools into $(VENV)…" >&2
	@$(PIP) install --require-hashes --no-deps -r requirements/dev.lock >&2
	@touch $@

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
