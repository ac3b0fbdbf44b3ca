# Everything a newcomer needs: `make serve` (build and serve the site), `make test` (every test).
# Each target installs what it needs into .venv first.

export NO_MKDOCS_2_WARNING := 1

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: help compile check-generated serve site test bench clean

help:
	@echo "make serve   build the site and serve it on http://127.0.0.1:8000"
	@echo "make site    build the site into site/"
	@echo "make test    run every test"
	@echo "make compile regenerate calculator/generated/ from policy_src/"
	@echo "make bench   print how fast the engine is"

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || "$$(scripts/find_python.sh)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=25.1"
	$(PY) -m pip install --quiet --group dev -c constraints.txt
	@touch $@

compile: $(STAMP)
	$(PY) scripts/compile.py

check-generated: $(STAMP)
	$(PY) scripts/compile.py --check

site: compile
	$(PY) -m mkdocs build --strict

serve: compile
	$(PY) -m mkdocs serve --strict --dev-addr 127.0.0.1:8000

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) scripts/bench_engine.py

clean:
	rm -rf site build dist .pytest_cache .hypothesis
