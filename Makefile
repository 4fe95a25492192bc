# fabula — one command to set up and run, one to set up and test.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
EXAMPLE ?= examples/the-last-ferry.txt
SHARED ?= ../shared

.PHONY: install sysdeps sysdeps-run demo test lint bench bench-oneshot bench-check bench-corpus bench-limit eval eval-pdnc eval-telling train clean
# Debian packages: what fabula needs at run time (the beta read's dictionaries, Hunspell's American and
# British English, read through libenchant by pyenchant), and what the tests drive besides (Chromium for the
# report in a browser, epubcheck for EPUB validity). The Debian packages come first, so that the word
# lists cached at install are built with the dictionaries there.
RUN_APT := hunspell-en-us hunspell-en-gb libenchant-2-2
TEST_APT := chromium epubcheck default-jre-headless
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev,model,corpus,web]"
	# bytecode for fabula's own modules now: where PYTHONDONTWRITEBYTECODE is set, every start would compile them
	$(BIN)/python -m compileall -q src/fabula
	# parsed data files (word lists, the name dictionary), cached inside the venv (a home may be read-only or absent)
	$(BIN)/python -c "from fabula.beta import lexicon; lexicon.warm()"
	touch $(STAMP)

install: $(STAMP)

sysdeps-run:  ## apt-installs the Hunspell dictionaries and libenchant (the beta read's spelling) when missing
	@if [ ! -f /usr/share/hunspell/en_US.dic ] || [ ! -f /usr/share/hunspell/en_GB.dic ] || ! ldconfig -p | grep -q libenchant-2; then \
		echo "installing Debian packages: $(RUN_APT)"; \
		$(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(RUN_APT); \
	fi

sysdeps: sysdeps-run  ## also apt-installs chromium and epubcheck (the browser and EPUB tests) when missing
	@if [ ! -x /usr/bin/chromium ] || [ ! -f /usr/share/java/epubcheck.jar ]; then \
		echo "installing Debian packages: $(TEST_APT)"; \
		$(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(TEST_APT); \
	fi

demo: sysdeps-run install  ## analyse the bundled example story
	$(BIN)/fabula read $(EXAMPLE)
	@echo "fabula is installed in $(VENV): run $(BIN)/fabula, or '. $(BIN)/activate' once and then 'fabula'"

test: sysdeps install  ## the whole suite
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

bench-limit: install  ## `fabula report` on every hostile shape at just under 10 MB, as the command line runs it (15-20 min)
	$(BIN)/python benchmarks/bench_limit.py

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
