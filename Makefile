# fabula — one command to set up and run, one to set up and test.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
EXAMPLE ?= examples/the-last-ferry.txt
SHARED ?= ../shared

.PHONY: install sysdeps demo test lint bench bench-oneshot bench-corpus eval train clean
# Debian packages the tests drive: Chromium (the report in a browser) and epubcheck (EPUB validity)
APT_PACKAGES := chromium epubcheck
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev,model,corpus,web]"
	# bytecode for fabula's own modules now: where PYTHONDONTWRITEBYTECODE is set, every start would compile them
	$(BIN)/python -m compileall -q src/fabula
	touch $(STAMP)

install: $(STAMP)

sysdeps:  ## apt-installs chromium and epubcheck when missing
	@if [ ! -x /usr/bin/chromium ] || [ ! -f /usr/share/java/epubcheck.jar ]; then \
		echo "installing Debian packages: $(APT_PACKAGES)"; \
		$(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(APT_PACKAGES) default-jre-headless; \
	fi

demo: install  ## analyse the bundled example story
	$(BIN)/fabula read $(EXAMPLE)
	@echo "fabula is installed in $(VENV): run $(BIN)/fabula, or '. $(BIN)/activate' once and then 'fabula'"

test: install sysdeps  ## the whole suite
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

bench: install  ## words/s and peak memory (structure+quotes, full pipeline)
	$(BIN)/python benchmarks/bench_pipeline.py --shared $(SHARED)

bench-oneshot: install  ## the whole one-shot command on the canonical fic, with and without the head start
	$(BIN)/python benchmarks/bench_oneshot.py --shared $(SHARED)

bench-corpus: install  ## corpus build throughput with 1 and 2 workers (PDNC dev novels + many fics)
	$(BIN)/python benchmarks/bench_corpus.py --shared $(SHARED)

eval: install  ## speaker attribution on the PDNC dev novels with ../shared/eval/score_quotes.py
	$(BIN)/python benchmarks/eval_speakers.py --shared $(SHARED)

train: install  ## fit the speaker ranker on PDNC dev; prints leave-one-novel-out accuracy
	$(BIN)/python -m pip install -q -e ".[train]"
	$(BIN)/python benchmarks/train_ranker.py --shared $(SHARED) --no-save

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
