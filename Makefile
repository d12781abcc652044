# The guide's commands. A new machine needs only: make serve, make test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MKDOCS := NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs
CHROMIUM := /usr/bin/chromium
# Debian packages the browser tests need: the browser and CJK fonts to render Chinese.
DEBIAN_TEST_PACKAGES := chromium fonts-noto-cjk

.PHONY: serve build test browser clean

## serve: build and serve at http://127.0.0.1:8000 with live reload
serve: $(VENV)/.site
	$(MKDOCS) serve -a 127.0.0.1:8000

## build: strict build into site/
build: $(VENV)/.site
	$(MKDOCS) build --clean -d site

## test: install what the tests need and run the whole suite
test: $(VENV)/.test browser
	$(PY) -m pytest

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.site: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test: requirements-test.txt requirements.txt $(VENV)/.site
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

# Debian's chromium (not a downloaded browser build) for Playwright; installed when missing and root.
browser:
	@missing=""; for pkg in $(DEBIAN_TEST_PACKAGES); do \
	  dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "Missing Debian packages:$$missing. Install them as root: apt-get install$$missing" >&2; exit 1; \
	  fi; \
	fi

clean:
	rm -rf site dist .pytest_cache
