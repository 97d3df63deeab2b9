# Every target sets up what it needs: a fresh clone needs only `make serve` or `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)
NODE_STAMP := node_modules/.installed-$(shell cksum < package-lock.json | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1
export PYTHONPATH := $(CURDIR)

.PHONY: help serve build check test test-fast test-engines engine-properdocs engine-zensical bench clean lock

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-17s %s\n", $$1, $$2}'

$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.installed-* && touch $@

# The other engines (KB_ENGINE=properdocs|zensical), each in its own environment: every package
# pinned in requirements-<engine>.txt and installed without resolving (Material declares mkdocs,
# which ProperDocs replaces). MkDocs, the default, is in .venv.
ALL_ENGINES := properdocs zensical
ENGINES ?= $(ALL_ENGINES)  # make test-engines ENGINES=properdocs: one of them
ENGINE_STAMP = .venv-$(1)/.installed-$(shell cksum < requirements-$(1).txt | cut -d' ' -f1)
define engine_rule
$(call ENGINE_STAMP,$(1)): requirements-$(1).txt
	@test -x .venv-$(1)/bin/python || $(PYTHON) -m venv .venv-$(1)
	@.venv-$(1)/bin/python -m pip install -q --disable-pip-version-check --no-deps -r requirements-$(1).txt
	@rm -f .venv-$(1)/.installed-* && touch $$@
endef
$(foreach engine,$(ALL_ENGINES),$(eval $(call engine_rule,$(engine))))
engine-properdocs: $(call ENGINE_STAMP,properdocs) ## make the ProperDocs engine's environment (.venv-properdocs)
engine-zensical: $(call ENGINE_STAMP,zensical) ## make the Zensical engine's environment (.venv-zensical)

# The pinned Pyodide runtime, from the npm registry (package-lock.json); the site serves it itself.
$(NODE_STAMP): package-lock.json
	@npm ci --no-audit --no-fund --loglevel=error
	@rm -f node_modules/.installed-* && touch $@

# KB_ENGINE=properdocs|zensical make build (or serve): that engine's environment is made first.
# An engine this project does not know is named by the build itself, with the choices.
ENGINE_ENV = $(if $(filter $(strip $(KB_ENGINE)),$(ALL_ENGINES)),$(call ENGINE_STAMP,$(strip $(KB_ENGINE))))

serve: $(STAMP) $(NODE_STAMP) $(ENGINE_ENV) ## build both languages and serve them on 127.0.0.1:8000, rebuilding what an edit changes
	@$(PY) -m generator.site.serve

build: $(STAMP) $(NODE_STAMP) $(ENGINE_ENV) ## KB_SITE_URL=https://host/path/ make build: both languages into site/ (validated first; all or nothing)
	@$(PY) -m generator.site.build

# Python only: no node, no Pyodide, no compression (the runtime is made by build and serve).
check: $(STAMP) ## validate kbdata and render every page (links included), writing nothing; every error with file:line:column
	@$(PY) -m generator.site.build --check

# What the browser and deploy tests drive, from Debian's packages (installed when missing).
DEBIAN_TOOLS := chromium=chromium nginx=nginx caddy=caddy \
	/usr/lib/nginx/modules/ngx_http_brotli_static_module.so=libnginx-mod-http-brotli-static

test: $(STAMP) $(NODE_STAMP) ## run the whole test suite (installs Chromium, nginx and Caddy for it if missing)
	@scripts/ensure-packages.sh $(DEBIAN_TOOLS)
	@$(PY) -m pytest

test-engines: $(STAMP) $(NODE_STAMP) $(foreach engine,$(ENGINES),$(call ENGINE_STAMP,$(engine))) ## the site, browser, Pyodide and deploy tests again on ProperDocs and Zensical
	@scripts/ensure-packages.sh $(DEBIAN_TOOLS)
	@$(PY) -m generator.site.engines --newer
	@set -e; for engine in $(ENGINES); do echo "== KB_ENGINE=$$engine"; \
		KB_ENGINE=$$engine $(PY) -m pytest -m "site or browser or pyodide or deploy"; done

test-fast: $(STAMP) ## the tests that need no site build and no browser
	@$(PY) -m pytest -m "not site and not browser"

bench: $(STAMP) $(NODE_STAMP) ## benchmarks: build time vs plain mkdocs-material; edit to visible under serve vs mkdocs serve; runtime boot choices; calculators vs plain JS and naive Pyodide, local and 12 Mbit/s; a deep link's waterfall at 12 Mbit/s and on a slow phone vs naive; search vs the theme's
	@scripts/ensure-packages.sh $(DEBIAN_TOOLS)
	@$(PY) -m bench.build_time
	@$(PY) -m bench.edit_loop
	@$(PY) -m bench.runtime_boot
	@$(PY) -m bench.calc_browser
	@$(PY) -m bench.waterfall
	@$(PY) -m bench.search

clean: ## remove the built site and caches (keeps .venv and node_modules)
	rm -rf site .site.* .serve .cache .pytest_cache .hypothesis bench/out

lock: $(STAMP) ## re-pin requirements.txt from the current .venv
	@{ sed -n '1,2p' requirements.txt; $(PY) -m pip freeze --all --exclude-editable --exclude pip --exclude wheel; } > requirements.new && mv requirements.new requirements.txt
