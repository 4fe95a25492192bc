# fabula — one command to set up and run, one to set up and test.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
EXAMPLE ?= examples/the-last-ferry.txt
SHARED ?= ../shared

.PHONY: install sysdeps demo test lint bench bench-oneshot bench-check bench-corpus eval eval-pdnc eval-telling train clean
# Debian packages the tests drive: Chromium (the report in a browser) and epubcheck (EPUB validity); the beta
# read's dictionaries: Hunspell's American and British English, read through libenchant (pyenchant)
APT_PACKAGES := chromium epubcheck hunspell-en-us hunspell-en-gb libenchant-2-2
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev,model,corpus,web]"
	# bytecode for fabula's own modules now: where PYTHONDONTWRITEBYTECODE is set, every start would compile them
	$(BIN)/python -m compileall -q src/fabula
	# the beta read's parsed word lists, cached inside the venv (a home may be read-only or absent)
	$(BIN)/python -c "from fabula.beta import lexicon; lexicon.warm()"
	touch $(STAMP)

install: $(STAMP)

sysdeps:  ## apt-installs chromium, epubcheck, the Hunspell dictionaries and libenchant when missing
	@if [ ! -x /usr/bin/chromium ] || [ ! -f /usr/share/java/epubcheck.jar ] || [ ! -f /usr/share/hunspell/en_US.dic ] \
		|| [ ! -f /usr/share/hunspell/en_GB.dic ] || ! ldconfig -p | grep -q libenchant-2; then \
		echo "installing Debian packages: $(APT_PACKAGES)"; \
		$(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(APT_PACKAGES) default-jre-headless; \
	fi

demo: install  ## analyse the bundled example story
	$(BIN)/fabula read $(EXAMPLE)

test: install sysdeps  ## the whole suite
	$(BIN)/python -m pytest

lint: install  ## ruff (with C901: no function above cyclomatic complexity 20) and mypy
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

bench: install  ## words/s and peak memory (structure+quotes, full pipeline)
	$(BIN)/python benchmarks/bench_pipeline.py --shared $(SHARED)

bench-oneshot: install  ## the whole one-shot command on the canonical fic, with and without the head start
	$(BIN)/python benchmarks/bench_oneshot.py --shared $(SHARED)

bench-check: install  ## `fabula check` against `fabula read` on a PDNC novel, interleaved (the beta read's cost)
	$(BIN)/python benchmarks/bench_check.py --shared $(SHARED)

bench-corpus: install  ## corpus build throughput with 1 and 2 workers (PDNC dev novels + many fics)
	$(BIN)/python benchmarks/bench_corpus.py --shared $(SHARED)

eval: install  ## speakers on PDNC dev, LitBank and the annotated fics: tune and check side by side, with and without --cast
	@$(BIN)/python -c "import sklearn" 2>/dev/null || $(BIN)/python -m pip install -q -e ".[train]"
	$(BIN)/python benchmarks/eval_accuracy.py --shared $(SHARED)

eval-pdnc: install  ## PDNC dev alone, per novel and by quote type (score_quotes.py)
	$(BIN)/python benchmarks/eval_speakers.py --shared $(SHARED)

eval-telling: install  ## scenes (count, time, order, POV, head-hops) and tags on the annotated fics and the narrative fixtures
	$(BIN)/python benchmarks/eval_telling.py --shared $(SHARED)

train: install  ## fit the speaker ranker on PDNC dev; prints leave-one-novel-out accuracy
	$(BIN)/python -m pip install -q -e ".[train]"
	$(BIN)/python benchmarks/train_ranker.py --shared $(SHARED) --no-save

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
