# amphi — make install | test | demo | bench | docs. Needs only python3 (≥ 3.11) and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet

.PHONY: install test demo bench docs lint clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -e '.[test]'
	touch $(STAMP)

# Independent tests run side by side (pytest-xdist): most of them wait on a bot, a process or
# SQLite, so four workers keep two cores busy; a worker left idle near the end takes the tests
# still queued behind a long one (worksteal) instead of waiting for it.
# The bytecode is written first: where PYTHONDONTWRITEBYTECODE is set (this project's CI
# machines), each of the suite's thousand `amphi` processes would otherwise compile the
# code again (50 ms each, a minute and a half of the suite).
test: install
	$(BIN)/ruff check .
	$(BIN)/python -m compileall -q -j 0 bot ranking storage tests
	$(BIN)/python -m pytest -n 4 --dist worksteal

demo: install
	$(BIN)/python -m bot.repetition.demo

bench: install
	$(BIN)/python -m bench

docs: demo
	$(BIN)/python docs/generer.py

lint: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache .hypothesis
