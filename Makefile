# Transcript analytics: `make figures` rebuilds every chart, `make test` runs the suite.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

CORPUS ?= data/raw
SEED   ?= 42
BACKEND ?= minilm
ifeq ($(CORPUS),data/raw)
FIGDIR ?= figures
else
FIGDIR ?= figures/corpus
endif
EXECDIR := notebooks/executed/$(notdir $(FIGDIR))
TABLES  := data/processed/$(subst /,_,$(subst .,_,$(CORPUS)))
FIGSTAMP := data/processed/.figures_$(subst /,_,$(FIGDIR)).done

NOTEBOOKS := $(sort $(wildcard notebooks/[0-9]*.ipynb))
PKG_SRC   := $(shell find analytics -name '*.py' -o -name '*.mplstyle' 2>/dev/null)
CORPUS_FILES := $(shell find $(CORPUS) -type f 2>/dev/null)

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false
export PYTHONHASHSEED := 0
export MPLBACKEND := Agg

.PHONY: setup test figures lint format clean benchmarks

setup: $(STAMP)

# torch first: `pip install torch==2.13.0` takes the CPU build; the rest then finds it satisfied.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@

test: $(STAMP)
	$(PY) -m pytest -q -n 2 --dist loadgroup

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The tables the notebooks read, rebuilt only when inputs or the package change.
# Exit status 2 means some inputs could not be read: they are listed above and in
# $(TABLES)/manifest.csv, and the tables of the others are written, so the charts go on;
# unless no transcript at all was read (run says so in one line): then make stops here.
$(TABLES)/.done: $(STAMP) $(CORPUS_FILES) $(PKG_SRC)
	mkdir -p $(TABLES) && touch $(TABLES)/.started
	$(PY) -m analytics run $(CORPUS) --out $(TABLES) --seed $(SEED) --backend $(BACKEND) \
	  || [ $$? -eq 2 -a $(TABLES)/run.json -nt $(TABLES)/.started ]
	@$(PY) -c 'import json, sys; sys.exit(json.load(open(sys.argv[1]))["ok"] == 0)' \
	  $(TABLES)/run.json
	touch $@

# Each notebook runs with papermill (kernel over Unix sockets: no network needed); its charts
# go to $(FIGDIR), its executed copy to $(EXECDIR).
$(FIGSTAMP): $(TABLES)/.done $(NOTEBOOKS)
	mkdir -p $(FIGDIR) $(EXECDIR)
	for nb in $(NOTEBOOKS); do \
	  echo "notebook $$nb"; \
	  $(PY) -m analytics notebook $$nb $(EXECDIR)/$$(basename $$nb) \
	    -p tables $(TABLES) -p corpus $(CORPUS) -p seed $(SEED) -p backend $(BACKEND) \
	    -p out $(FIGDIR) || exit 1; \
	done
	touch $@

figures: $(FIGSTAMP)

benchmarks: $(STAMP)
	for b in benchmarks/*.py; do $(PY) $$b || exit 1; done

clean:
	rm -rf data/processed notebooks/executed
