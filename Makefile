# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: run test test-browser lint bench loadtest clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	touch $@

# A local .env puts the development server in debug mode; production sets its own
# environment and never reads this file if the variables are already set.
.env:
	printf 'DJANGO_DEBUG=1\n' > .env

run: $(VENV)/.installed .env
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	@echo ""
	@echo "Improvement Tracker: http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	@echo ""
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed .env
	$(PY) -m pytest

# Benchmarks run against DATABASE_URL (PostgreSQL for the figures that matter):
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench make bench
bench: $(VENV)/.installed .env
	$(PY) manage.py migrate --no-input
	$(PY) manage.py shell -c "from inspections.models import Authority; import sys; sys.exit(0 if Authority.objects.filter(slug__startswith='scale-1-').exists() else 1)" \
		|| $(PY) manage.py generate_scale_data --authorities 150 --recommendations 100000 --seed 1
	$(PY) manage.py bench --json var/bench.json

# Load test: locust against gunicorn on PostgreSQL, then the lost-update check
# (loadtest/run.py; LOADTEST_ARGS="--users 50 --run-time 60s"). It writes, so point
# it at a copy of the bench data:
#   createdb -T bench bench_load
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_load make loadtest
loadtest: $(VENV)/.installed .env
	@case "$(DATABASE_URL)" in postgres*) ;; *) echo "make loadtest: set DATABASE_URL to a PostgreSQL copy of the bench data (docs/performance.md)"; exit 2;; esac
	$(PY) loadtest/run.py $(LOADTEST_ARGS)

# Browser journeys only (chromium at /usr/bin/chromium); screenshots in var/screenshots/.
test-browser: $(VENV)/.installed .env
	$(PY) -m pytest -m browser tests/browser

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var .pytest_cache
