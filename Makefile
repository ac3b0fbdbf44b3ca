# Everything a newcomer needs: `make serve` (build and serve the site), `make test` (every test).
# Each target installs what it needs first: Python packages into .venv, Debian's chromium for tests.
# Which test layer to run for which change: CONTRIBUTING.md.

export NO_MKDOCS_2_WARNING := 1

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PATHS  := $(VENV)/.paths
NODE   := node_modules/.installed
PORT   ?= 8000

.PHONY: help compile check-generated check-year follow-text site serve lint test test-fast test-browser browser bench clean

help:
	@echo "make serve    build the whole site and serve it on http://127.0.0.1:$(PORT)"
	@echo "make site     build the whole site into site/ (简体 at /, 繁體 at /zh-hant/)"
	@echo "make test     run every test (installs Debian's chromium if missing): lint, fast, browser and build layers"
	@echo "make lint     ruff and eslint, ruff's format check and TypeScript's check of the pages' scripts (seconds)"
	@echo "make test-fast   lint, then every test but the browser and whole-site build layers (a few minutes)"
	@echo "make test-browser  the pages in real Chromium against nginx (builds the site once)"
	@echo "make compile  regenerate calculator/generated/ from policy_src/"
	@echo "make follow-text YEAR=2026  after pasting the new text, bring the rule blocks in line with it"
	@echo "make check-year YEAR=2026   check one year (rules, worked examples, pages) before publishing it"
	@echo "make bench    print how fast the engine is"

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || "$$(scripts/find_python.sh)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=25.1"
	$(PY) -m pip install --quiet --group dev -c constraints.txt
	@touch $@

# The project's own folders on the interpreter's path, as an editable install writes them (a .pth
# file): calculator/ and the packages of scripts/ import from anywhere, with no sys.path edits.
$(PATHS): $(STAMP) Makefile
	$(PY) -c "import pathlib, sysconfig; pathlib.Path(sysconfig.get_paths()['purelib'], 'alxa-ce-source.pth').write_text('$(CURDIR)\n$(CURDIR)/scripts\n')"
	@touch $@

# Pyodide (self-hosted from its npm package) and axe-core, exactly as package-lock.json pins them.
$(NODE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

compile: $(PATHS)
	$(PY) scripts/compile.py

check-generated: $(PATHS)
	$(PY) scripts/compile.py --check

# For the policy officer: one year's rules, worked examples and pages, draft or published,
# with every problem as path:line in Chinese (scripts/check_year.py).
# For the policy officer, after pasting the new text: the rule blocks follow it (scripts/follow_text.py).
follow-text: $(PATHS)
	@test -n "$(YEAR)" || { echo "請寫上年度，如 make follow-text YEAR=2026"; exit 1; }
	$(PY) scripts/follow_text.py $(YEAR)

check-year: $(PATHS) $(NODE)
	@test -n "$(YEAR)" || { echo "請寫上年度，如 make check-year YEAR=2026"; exit 1; }
	$(PY) scripts/check_year.py $(YEAR)

# Two builds from the same sources (Simplified at /, Traditional at /zh-hant/), every MkDocs
# warning fatal, into a new folder that replaces site/ only once complete: a failed or
# interrupted build leaves the previous site/ as it was (scripts/build_site.py).
site: $(PATHS) $(NODE)
	$(PY) scripts/build_site.py --out site

serve: site
	@echo "http://127.0.0.1:$(PORT)/"
	$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory site

# Debian's chromium and CJK fonts (Playwright cannot download a browser here), pdftotext,
# nginx with its brotli module (the browser tests run against deploy/nginx.conf), and the two
# other engines readers use: WebKitGTK's WebDriver on a virtual display, and Firefox ESR.
browser:
	@command -v chromium >/dev/null && command -v pdftotext >/dev/null && test -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so && dpkg -s fonts-noto-cjk >/dev/null 2>&1 \
	  && command -v WebKitWebDriver >/dev/null && command -v xvfb-run >/dev/null && command -v firefox-esr >/dev/null || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk poppler-utils nginx libnginx-mod-http-brotli-static \
	    webkit2gtk-driver xvfb xauth firefox-esr >/dev/null; }

# Layers, fastest first; each prints its time. `make test` is what CI runs on a fresh clone.
lint: $(PATHS) $(NODE)
	@start=$$(date +%s); \
	$(PY) -m ruff check . && $(PY) -m ruff format --check . && npm run --silent lint:js && npm run --silent typecheck && npm run --silent test:js; \
	code=$$?; echo "lint: $$(( $$(date +%s) - start )) s"; exit $$code

test-fast: lint
	@start=$$(date +%s); $(PY) -m pytest -m "not browser and not build"; code=$$?; echo "test-fast: $$(( $$(date +%s) - start )) s"; exit $$code

test-browser: $(PATHS) $(NODE) browser
	@start=$$(date +%s); $(PY) -m pytest -m browser; code=$$?; echo "test-browser: $$(( $$(date +%s) - start )) s"; exit $$code

test: lint $(NODE) browser
	@start=$$(date +%s); $(PY) -m pytest; code=$$?; echo "test: $$(( $$(date +%s) - start )) s"; exit $$code

bench: $(PATHS)
	$(PY) -m bench.engine

clean:
	rm -rf site site.new-* site.old-* build dist .pytest_cache .hypothesis
