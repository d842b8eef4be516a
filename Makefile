# Two commands for a newcomer: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
PORT   ?= 8501
ADDRESS ?=

.PHONY: run test lint validate stats bench system-deps clean admin cluster

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

## Start the app on http://localhost:$(PORT) with the embedded SQLite database (data/app.db).
run: $(VENV)/.runtime
	-$(PY) -m modules validate
	$(PY) -m streamlit run app.py --server.port $(PORT) $(if $(ADDRESS),--server.address $(ADDRESS))

## Install what the tests need (Chromium, PostgreSQL, Python packages) and run the whole suite.
test: $(VENV)/.dev system-deps
	$(PY) -m ruff check .
	$(PY) -m modules validate
	$(PY) -m pytest -q -p no:cacheprovider

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check modules tests bench app.py

validate: $(VENV)/.runtime
	$(PY) -m modules validate

stats: $(VENV)/.runtime
	$(PY) -m modules stats

## Benchmarks (never part of `make test`): figures go to bench/results.json.
bench: $(VENV)/.dev
	$(PY) bench/run_all.py

system-deps:
	bash scripts/system-deps.sh

clean:
	rm -rf $(VENV) .pytest_cache

## Create the first administrator account (asks for a password).
admin: $(VENV)/.runtime
	$(PY) -m modules create-admin --username $${ADMIN_USERNAME:-admin}

## Two app replicas behind HAProxy (cookie-sticky) sharing a throwaway PostgreSQL, on loopback.
cluster: $(VENV)/.runtime system-deps
	$(PY) scripts/cluster.py --replicas $${REPLICAS:-2} --lb-port $${LB_PORT:-8600}
