# simkit — every target creates .venv and installs the pinned environment on first use.
#   make demo       the main job: a simulated week of the baseline branch, KPIs and figures
#   make check      the inner loop, under a minute: every test not marked statistical, browser,
#                   notebooks or slow (markers: pyproject.toml), then ruff on simkit/
#   make test       the whole test suite, then the notebooks under nbval (strict), then ruff
#   make notebooks  re-execute the notebooks (optionally NB="02 03"; NBFLAGS=--answers re-records
#                   exercise answers after a model change) and refresh their outputs
#   make results    compute the results library (library/experiments.yaml -> library/*.parquet;
#                   resumable, progress per arm; RESULTS="teller_pay" for some; docs/library.md)
#   make course     an nbgrader course folder for the exercises (COURSE=out/course; docs/teaching.md)
#   make lab        JupyterLab on notebooks/
#   make bench      simkit against bare SimPy (ratios); bench-incentives: 36 months, 20 staff, learning
#   make dashboard  the trainer's dashboard (Voila) on http://127.0.0.1:8866/ (the printed address has the token)
#   make class      the lessons read-only for a class (one server, no simulations; docs/classroom.md;
#                   CLASS_ARGS="--address 0.0.0.0")
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
export PYTHONHASHSEED := 0

.PHONY: install demo check test results scheme-runs lab bench bench-experiment bench-incentives clean notebooks course student dashboard class browser-deps cjk-font wheelhouse

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,dask,dashboard,teach,research]'
	touch $(STAMP)

install: $(STAMP)

# Debian packages outside pip's reach, installed only when missing (root, or sudo):
# a CJK font, without which the dashboard's Chinese labels are boxes, and Chromium, which
# the browser tests drive. fonts-noto-cjk is Debian's default Chinese font.
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
APT_INSTALL := $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y
cjk-font:
	@fc-list :lang=zh 2>/dev/null | grep -q . || { command -v apt-get >/dev/null \
	  && { $(APT_INSTALL) --no-install-recommends fonts-noto-cjk fontconfig; } \
	  || { echo "no CJK font: install one (Debian: apt-get install fonts-noto-cjk)" >&2; exit 1; }; }

browser-deps: cjk-font
	@test -x /usr/bin/chromium || { $(APT_INSTALL) chromium; }

demo: $(STAMP)
	$(PY) -m simkit.demo

# nbval strict (not --nbval-lax): every stored output is compared; see docs/notebooks.md.
NBVAL := --nbval notebooks/ --nbval-current-env --nbval-sanitize-with notebooks/sanitize.cfg --nbval-cell-timeout=300

# The fast tier: what no tier marker names (tests over ~2 s carry one of them).
CHECK_MARKS := not (statistical or browser or notebooks or slow)
check: $(STAMP)
	$(PY) -m pytest -q -m "$(CHECK_MARKS)"
	$(VENV)/bin/ruff check simkit

# both suites always run; the recipe fails if either failed
test: $(STAMP) browser-deps
	status=0; $(PY) -m pytest || status=$$?; \
	$(PY) -m pytest $(NBVAL) || status=$$?; \
	$(VENV)/bin/ruff check simkit || status=$$?; \
	exit $$status

notebooks: $(STAMP)
	$(PY) scripts/run_notebooks.py $(NBFLAGS) $(NB)

# The results library (docs/library.md): every experiment, or RESULTS="a b"; an interrupted run resumes.
RESULTS ?=
results: $(STAMP)
	$(PY) -m simkit.cli results $(foreach r,$(RESULTS),--only $(r))

# An nbgrader course folder for the exercises notebook (docs/teaching.md): nbgrader_config.py,
# source/08_exercises/ (from notebooks/08_exercises_solutions.py, cells marked for nbgrader) and
# release/08_exercises/ (nbgrader's student version). COURSE=/srv/course puts it elsewhere.
COURSE ?= out/course
course: $(STAMP)
	$(PY) scripts/make_course.py $(COURSE)

# Student versions of every teaching notebook (00-08, both editions) into out/student/: answers
# blanked, run, every output scanned for an answer (docs/teaching.md §5). STUDENT_FLAGS=--no-execute
# writes them unrun, in seconds.
STUDENT_FLAGS ?=
student: $(STAMP)
	$(PY) scripts/make_student.py --all $(STUDENT_FLAGS)

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/

dashboard: $(STAMP) cjk-font
	$(PY) -m simkit.dashboard.serve

class: $(STAMP) cjk-font
	$(PY) -m simkit.cli class $(CLASS_ARGS)

# The behaviour tests' scheme runs (tests/scheme_runs.py): run again and stored after a
# deliberate model change (about half an hour on two cores; the truth test says when).
scheme-runs: $(STAMP)
	$(PY) tests/scheme_runs.py --write

bench: $(STAMP)
	$(PY) benchmarks/bench_core.py

bench-experiment: $(STAMP)
	$(PY) benchmarks/bench_experiment.py

bench-incentives: $(STAMP)
	$(PY) benchmarks/bench_incentives.py

# An offline install (a bank intranet with no package index): simkit's wheel, a wheel of every
# package it needs at the pinned version (constraints.txt; packages published only as source
# are built into wheels here, so the offline machine builds nothing) and constraints.txt, all
# in $(WHEELHOUSE)/. README.md, "Offline install", gives the command. The wheels are for this
# machine's platform and Python; build the wheelhouse on one like the target machines.
# EXTRAS=dashboard adds the dashboard's packages (Voila). The in-tree build's build/ is removed.
WHEELHOUSE ?= wheelhouse
EXTRAS ?=
wheelhouse: $(STAMP)
	rm -rf $(WHEELHOUSE) && mkdir -p $(WHEELHOUSE)
	$(PY) -m pip wheel --disable-pip-version-check --no-deps -w $(WHEELHOUSE) .
	rm -rf build
	$(PY) -m pip wheel --disable-pip-version-check -c constraints.txt -w $(WHEELHOUSE) \
	  "$$(ls $(WHEELHOUSE)/simkit-*.whl)$(if $(EXTRAS),[$(EXTRAS)])"
	cp constraints.txt $(WHEELHOUSE)/
	@echo "offline install: pip install --no-index --find-links $(WHEELHOUSE) -c $(WHEELHOUSE)/constraints.txt simkit$(if $(EXTRAS),[$(EXTRAS)])"

clean:
	rm -rf $(VENV) out .pytest_cache
