# Two entry points for a fresh machine (see README):
#   make run   install (JupyterLab included), extract the bundled sample corpus, render the reports
#   make test  install, run the test suite (unit, property, notebooks, report pages in Chromium)
#   make lab   open the report notebooks in JupyterLab
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
OUT    ?= data/processed
REPORTS_OUT ?= reports

.PHONY: install run extract reports lab test clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

install: $(PY)
	$(PY) -m pip install --quiet -e ".[all]"

extract: install
	$(PY) -m analysis extract data/raw --metadata data/raw/seeds.csv --out $(OUT)

reports: extract
	$(PY) -m analysis report --all --tables $(OUT) --out $(REPORTS_OUT)

run: reports

lab: install
	$(VENV)/bin/jupyter lab notebooks/

test: install
	$(PY) -m pytest

clean:
	rm -rf $(VENV) $(OUT)/*.parquet $(OUT)/*.csv $(REPORTS_OUT)
