# ogi_nlp — `make help` lists the targets. Quick start: `make run`, then `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export PYTHONHASHSEED := 0

.DEFAULT_GOAL := help
.PHONY: help venv run test test-unit notebooks evaluate bench clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-15s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,notebooks,fast,distributed]"
	touch $(STAMP)

venv: $(STAMP)  ## Create .venv and install the package with its extras (test, notebooks, fast, distributed)

run: $(STAMP)  ## Build the bundled corpus into build/ (Parquet, CSV, manifest)
	$(BIN)/ogi-nlp build corpora/ --out build/

test: $(STAMP)  ## Run every test: unit tests, doctests and the notebooks under nbval
	$(BIN)/python -m pytest -q tests ogi_nlp
	$(BIN)/python -m pytest -q --nbval --nbval-current-env \
	  --nbval-sanitize-with notebooks/sanitize.cfg -p no:randomly notebooks

test-unit: $(STAMP)  ## Run the unit tests and doctests only
	$(BIN)/python -m pytest -q tests ogi_nlp

notebooks: $(STAMP)  ## Re-execute every notebook in place (stores the outputs nbval checks)
	find notebooks -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' | sort | \
	  xargs -n1 $(BIN)/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.timeout=600 --ExecutePreprocessor.record_timing=False

evaluate: $(STAMP)  ## Grouped cross-validation of the theme classifier and its learning curve by bodies; table reading scored on gold cells; metadata on the dev web copies; hard-wrapped copies read back
	$(BIN)/ogi-nlp evaluate
	$(BIN)/python benchmarks/learning_curve_themes.py
	$(BIN)/python benchmarks/eval_tables.py
	$(BIN)/python benchmarks/eval_metadata.py
	$(BIN)/python benchmarks/eval_reflow.py

bench: $(STAMP)  ## Time whole builds (300, 1,200, 5,000 reports; 1 and 2 processes; Dask) against plain jieba
	$(BIN)/python benchmarks/bench_build.py --sizes 300 1200 5000 --dask
	$(BIN)/python benchmarks/bench_pipeline.py

clean:  ## Remove build outputs (keeps .venv)
	rm -rf build .pytest_cache .hypothesis
