# Two commands a new user needs: `make run` and `make test`.
#
# Both install from the lock (uv.lock) into .venv, building it from nothing
# when it is missing. `make run` installs only what running needs and takes the
# test tools out again if an earlier `make test` put them in; `make test` adds
# them. uv itself comes from PyPI into .tools, pinned with hashes in
# tools/uv.txt, so a new machine needs nothing but Python 3.11 or newer.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TOOLS := .tools
UV := $(TOOLS)/bin/uv

# uv uses the Python we name and never downloads one of its own.
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)
export UV_PROJECT_ENVIRONMENT := $(VENV)

SYNC_RUN := $(UV) sync --locked --no-dev --quiet
SYNC_TEST := $(UV) sync --locked --no-dev --extra test --quiet

.PHONY: run dev test lint types lock lock-upgrade torture bench \
        snapshots screenshots clean

$(UV): tools/uv.txt
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --require-hashes --no-deps -r tools/uv.txt
	touch $(UV)

run: $(UV)
	$(SYNC_RUN)
	$(BIN)/workbook $(ARGS)

# Live CSS editing: textual-dev runs the first `python` on PATH, so put ours first.
dev: $(UV)
	$(SYNC_TEST)
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/textual run --dev workbook.app:WorkbookApp

# The lock must agree with pyproject.toml; then style and types; then every
# test, the layer contract (tests/test_layers.py) among them. Three workers on
# two cores: most tests spend much of their time waiting (a frame drawn, a file
# synced, a child process), so a third keeps both cores busy.
test: $(UV)
	@$(UV) lock --check --quiet || { \
	    echo "uv.lock does not match pyproject.toml: run 'make lock' and commit uv.lock."; \
	    exit 1; }
	$(SYNC_TEST)
	$(BIN)/ruff check .
	$(BIN)/python tools/typecheck.py
	$(BIN)/python -m pytest -n 3 -q --timeout 600

lint: $(UV)
	$(SYNC_TEST)
	$(BIN)/ruff check .

types: $(UV)
	$(SYNC_TEST)
	$(BIN)/python tools/typecheck.py

# Re-resolve after editing pyproject.toml, changing as little as it can.
lock: $(UV)
	$(UV) lock

# Move every package to the newest version pyproject.toml allows.
lock-upgrade: $(UV)
	$(UV) lock --upgrade

# The long trials (README, "Reliability"): every test marked slow, with
# WORKBOOK_TORTURE=1 raising their trial counts, then the kill -9-while-typing
# test with 30 trials instead of 3. -s shows each test's trial counts.
torture: $(UV)
	$(SYNC_TEST)
	WORKBOOK_TORTURE=1 $(BIN)/python -m pytest -q -s -m slow
	WORKBOOK_TORTURE=1 WORKBOOK_DRAFT_TRIALS=30 $(BIN)/python -m pytest -q tests/test_draft_kill.py

bench: $(UV)
	$(SYNC_TEST)
	$(BIN)/python -m bench

snapshots: $(UV)
	$(SYNC_TEST)
	$(BIN)/python -m pytest -q tests/test_snapshots*.py --snapshot-update

screenshots: $(UV)
	$(SYNC_TEST)
	$(BIN)/python docs/make_screenshots.py

clean:
	rm -rf $(VENV) $(TOOLS) snapshot_report.html .mypy_cache
