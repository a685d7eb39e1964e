# Two entry points for a fresh machine (see README):
#   make run   install, extract the bundled sample corpus, render the three reports
#   make test  install, run the test suite (unit, property, notebooks, dev-gold gate)
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
OUT    ?= data/processed
REPORTS_OUT ?= reports

.PHONY: install run extract reports test clean

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

test: install
	$(PY) -m pytest

clean:
	rm -rf $(VENV) $(OUT)/*.parquet $(OUT)/*.csv $(REPORTS_OUT)
