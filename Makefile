# Pasar Daring: `make run` serves the seeded site, `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PORT ?= 8000
VENV ?= .venv
VPY := $(VENV)/bin/python
CHROMIUM ?= /usr/bin/chromium

# A Python 3.12+ interpreter: $(PYTHON) if given, else python3.12/python3.13/python3 on PATH, else pyenv's.
ifeq ($(origin PYTHON), undefined)
PYTHON := $(shell for c in python3.12 python3.13 python3 \
	$$(command -v pyenv >/dev/null 2>&1 && for v in $$(pyenv versions --bare 2>/dev/null | grep -E '^3\.1[2-9]' | sort -V); do echo "$$(pyenv root)/versions/$$v/bin/python3"; done); do \
	command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$c; break; }; done)
endif

.PHONY: help run test bench fuzz venv install install-dev migrate seed messages lint format chromium check-python

help:
	@echo "make run    - set up .venv, migrate, seed demo data, serve http://127.0.0.1:$(PORT) (and run periodic jobs)"
	@echo "make test   - install what the tests need and run the whole suite"
	@echo "make bench  - load every hot page on PostgreSQL (gunicorn, wrk) and check the budgets"
	@echo "make fuzz   - schemathesis against a live server of the demo data (needs PostgreSQL)"
	@echo "make lint   - ruff"
	@echo "make messages - extract and compile translations (Indonesian from locale/src/id/*.po)"

check-python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "error: Pasar Daring needs Python 3.12 or newer (Django 6.1), and none was found."; \
		echo "       Looked for python3.13, python3.12, python3 on PATH and 3.12+ under pyenv."; \
		echo "       Install Python 3.12+ or name one: make run PYTHON=/path/to/python3.12"; \
		exit 1; \
	fi

$(VPY): | check-python
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(VPY)
	$(VPY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(VPY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	DJANGO_DEBUG=true $(VPY) manage.py migrate --noinput

seed: migrate
	DJANGO_DEBUG=true $(VPY) manage.py seed_demo

# The periodic jobs run in the background (what beat does in the full stack) and stop with the server.
run: seed
	DJANGO_DEBUG=true $(VPY) manage.py run_due_jobs --loop 30 & jobs=$$!; trap 'kill $$jobs 2>/dev/null' EXIT; \
	DJANGO_DEBUG=true $(VPY) manage.py runserver 127.0.0.1:$(PORT)

chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		echo "Installing Debian's Chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

test: install-dev chromium
	$(VPY) -m pytest $(PYTEST_ARGS)

# Not part of `make test`: seeds its own PostgreSQL database (BENCH_DATABASE_URL, default bench_pasar),
# starts gunicorn on 127.0.0.1 and loads it with Debian's wrk. Options: make bench BENCH_ARGS="--help".
bench: install
	@command -v wrk >/dev/null || { echo "Installing Debian's wrk..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(VPY) -m bench.run $(BENCH_ARGS)

# schemathesis lives in a virtualenv of its own: its pytest plugin stays out of `make test`.
FUZZ_VENV ?= .venv-fuzz

$(FUZZ_VENV)/.installed: requirements-fuzz.txt | check-python
	$(PYTHON) -m venv $(FUZZ_VENV)
	$(FUZZ_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(FUZZ_VENV)/bin/python -m pip install --quiet -r requirements-fuzz.txt
	touch $@

fuzz: install $(FUZZ_VENV)/.installed
	FUZZ_SCHEMATHESIS=$(FUZZ_VENV)/bin/schemathesis $(VPY) -m fuzz.run

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Indonesian translations are written in locale/src/id/<area>.po (one file per part of the code, so
# several people can translate at once); this target extracts every message and fills it from them.
# locale/src/id/third_party/*.po rewords Django's and allauth's messages we show; they are added as
# they are (our catalogue wins over the apps' own), after our messages, which win over them.
messages: install
	DJANGO_DEBUG=true $(VPY) manage.py makemessages -l id --no-location --ignore=.venv --ignore=tests --ignore=staticfiles
	msgcat --use-first -o locale/src/id/.all.po locale/src/id/*.po
	msgmerge --quiet --no-fuzzy-matching --compendium=locale/src/id/.all.po -o locale/id/LC_MESSAGES/django.po /dev/null locale/id/LC_MESSAGES/django.po
	msgcat --use-first -o locale/id/LC_MESSAGES/django.po locale/id/LC_MESSAGES/django.po locale/src/id/third_party/*.po
	rm -f locale/src/id/.all.po
	DJANGO_DEBUG=true $(VPY) manage.py compilemessages -l id --ignore=.venv
