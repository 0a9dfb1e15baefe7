# Two commands do everything on a fresh machine:
#   make demo   set up, create instance/surveyapp.sqlite3 with the demo province, serve it
#   make test   set up, run the whole test suite
VENV ?= .venv
PYTHON ?= python3.11
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: demo test setup translations update-translations lint benchmark-submit \
	benchmark-analysis clean-demo

# The printed links (and QR codes) point where the demo listens, unless you set it yourself.
demo: export SURVEYAPP_PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)
demo: setup
	$(FLASK) init-db
	$(FLASK) seed-demo
	$(FLASK) run --host $(HOST) --port $(PORT)

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

setup: $(VENV)/.installed translations

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d surveyapp/translations 2>&1 | grep -v '^compiling' || true

# Refresh the catalogs after changing user-visible strings; then translate the new entries.
update-translations: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
		--omit-header -o surveyapp/translations/messages.pot .
	$(BIN)/pybabel update -i surveyapp/translations/messages.pot -d surveyapp/translations \
		--no-fuzzy-matching

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

benchmark-submit: setup
	$(BIN)/python benchmarks/submit.py

benchmark-analysis: setup
	$(BIN)/python benchmarks/analysis.py

clean-demo:
	rm -f instance/surveyapp.sqlite3 instance/surveyapp.sqlite3-wal instance/surveyapp.sqlite3-shm
