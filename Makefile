# simkit — every target creates .venv and installs the pinned environment on first use.
#   make demo       the main job: a simulated week of the baseline branch, KPIs and figures
#   make test       the whole test suite
#   make lab        JupyterLab on notebooks/
#   make bench      simkit against bare SimPy (ratios)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
export PYTHONHASHSEED := 0

.PHONY: install demo test lab bench clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,dask,dashboard]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(PY) -m simkit.demo

test: $(STAMP)
	$(PY) -m pytest

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/

bench: $(STAMP)
	$(PY) benchmarks/bench_core.py

clean:
	rm -rf $(VENV) out .pytest_cache
