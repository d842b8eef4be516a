# Two commands for a newcomer: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
PORT   ?= 8501
ADDRESS ?=

.PHONY: screenshots run test lint item-lint validate stats reference messages messages-check bench system-deps clean admin cluster

$(VENV)/.runtime: requirements.txt
	@test -x $(PY) || { echo "Creating a Python environment in $(VENV) (once)..."; $(PYTHON) -m venv $(VENV); }
	@echo "Installing the app's Python packages (about a minute the first time, a few seconds after)..."
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@# The project on the environment's path: `.venv/bin/python -m modules validate` works from any folder.
	@$(PY) -c "import pathlib, sysconfig; pathlib.Path(sysconfig.get_paths()['purelib'], 'forced-labour-training.pth').write_text('$(CURDIR)\n')"
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	@echo "Installing the test tools (about a minute the first time)..."
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

## Start the app on http://localhost:$(PORT) with the embedded SQLite database (data/app.db).
## PORT=8502 picks another port; ADDRESS=127.0.0.1 keeps it to this computer (phones cannot join).
run: $(VENV)/.runtime
	-@$(PY) -m modules validate
	@$(PY) -m modules addresses --port $(PORT) $(if $(ADDRESS),--address $(ADDRESS))
	$(PY) -m streamlit run serve.py --server.port $(PORT) $(if $(ADDRESS),--server.address $(ADDRESS))

## Install what the tests need (Chromium, PostgreSQL, HAProxy, Python packages) and run the whole suite.
## Test files run on three workers; the browser tests then run on their own, on two: each starts a server and a
## browser, and on a two-core machine they time out when unit and page tests compete with them.
test: $(VENV)/.dev system-deps
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(PY) -m modules validate
	$(PY) -m modules lint
	$(PY) -m modules translations --check --summary
	$(PY) -m pytest -q -p no:cacheprovider -n 3 --dist loadfile -m "not e2e"
	$(PY) -m pytest -q -p no:cacheprovider -n 2 --dist loadfile -m e2e

## Every page at 390x844 (phone), 1366x900 (laptop) and 1280x720 (projector), in screenshots/ (not committed).
screenshots: $(VENV)/.dev system-deps
	$(PY) scripts/screenshots.py

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

validate: $(VENV)/.runtime
	$(PY) -m modules validate

## Check every question against the item-writing rules (docs/authoring.md, "Writing questions that measure learning").
item-lint: $(VENV)/.runtime
	$(PY) -m modules lint

## Summarise the content for an author: gaps first, then each track's lessons and minutes, the pool of each
## draw rule, and totals (`$(PY) -m modules stats --json` gives the same as JSON for tools).
stats: $(VENV)/.runtime
	$(PY) -m modules stats

## Regenerate docs/reference.md (every key of every content object) from the schema in modules/domain/.
reference: $(VENV)/.runtime
	$(PY) -m modules reference --out docs/reference.md

## The interface's translations: extract the strings marked with _(), ngettext() or N_() (babel.cfg) from app.py, serve.py
## and modules/ into modules/i18n/messages.pot, then merge them into each language's .po file under modules/i18n/locale/
## (created the first time). Run it after marking or changing a string; tests/unit/test_i18n.py fails until you do.
messages: $(VENV)/.runtime
	$(PY) scripts/messages.py update

## Fail when messages.pot is out of date with the code (the strings `make messages` would add or remove).
messages-check: $(VENV)/.runtime
	$(PY) scripts/messages.py check

## Benchmarks (never part of `make test`): figures go to bench/results.json.
bench: $(VENV)/.dev
	$(PY) bench/run_all.py

system-deps:
	bash scripts/system-deps.sh

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache

## Create the first administrator account (asks for a password).
admin: $(VENV)/.runtime
	$(PY) -m modules create-admin --username $${ADMIN_USERNAME:-admin}

## Two app replicas (on loopback) behind HAProxy (cookie-sticky, on every interface unless ADDRESS=127.0.0.1), sharing a throwaway PostgreSQL; supervised.
cluster: $(VENV)/.runtime system-deps
	$(PY) scripts/cluster.py --replicas $${REPLICAS:-2} --lb-port $${LB_PORT:-8600} $(if $(ADDRESS),--address $(ADDRESS))
