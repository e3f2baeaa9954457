# Two commands a new user needs: `make run` and `make test`.
# Both build their own virtual environment in .venv from nothing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run dev test lint torture bench snapshots screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/workbook $(ARGS)

# Live CSS editing: textual-dev runs the first `python` on PATH, so put ours first.
dev: $(STAMP)
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/textual run --dev workbook.app:WorkbookApp

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 -q

lint: $(STAMP)
	$(BIN)/ruff check .

# The long trials (README, "Reliability"): every test marked slow, with
# WORKBOOK_TORTURE=1 raising their trial counts, then the kill -9-while-typing
# test with 30 trials instead of 6. -s shows each test's trial counts.
torture: $(STAMP)
	WORKBOOK_TORTURE=1 $(BIN)/python -m pytest -q -s -m slow
	WORKBOOK_TORTURE=1 WORKBOOK_DRAFT_TRIALS=30 $(BIN)/python -m pytest -q tests/test_draft_kill.py

bench: $(STAMP)
	$(BIN)/python -m bench

snapshots: $(STAMP)
	$(BIN)/python -m pytest -q tests/test_snapshots.py --snapshot-update

screenshots: $(STAMP)
	$(BIN)/python docs/make_screenshots.py

clean:
	rm -rf $(VENV) snapshot_report.html
