# Casework: `make run` to try it, `make test` to check it.
# Any Python from 3.11 to 3.13: the first of these found, or PY=/path/to/python.
PY_SUPPORTED := import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))
PY ?= $(firstword $(foreach p,python3.13 python3.12 python3.11 python3,$(shell command -v $(p) >/dev/null 2>&1 && $(p) -c '$(PY_SUPPORTED)' 2>/dev/null && echo $(p))))
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: messages run test install migrate demo serve serve-prod worker beat lint bench clean backup restore loadtest

$(BIN)/python:
	@test -n "$(PY)" && $(PY) -c '$(PY_SUPPORTED)' || { echo "Cần Python 3.11, 3.12 hoặc 3.13 (python3.13/3.12/3.11/python3, hoặc PY=...)"; exit 1; }
	$(PY) -m venv $(VENV)

$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	@echo "Casework đang chạy tại http://127.0.0.1:8000 (Ctrl+C để dừng)"
	@trap 'kill 0' INT TERM EXIT; \
	$(BIN)/python manage.py run_scheduler & \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=settings.test
	$(BIN)/pytest -n $${PYTEST_WORKERS:-auto} $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Production server: settings.prod (needs SECRET_KEY, AUDIT_HMAC_KEY, IDENTITY_ENCRYPTION_KEY, ALLOWED_HOSTS),
# hashed static files served by whitenoise, gunicorn behind an HTTPS proxy that sets X-Forwarded-Proto.
serve-prod: install
	DJANGO_SETTINGS_MODULE=settings.prod $(BIN)/python manage.py check --deploy --fail-level WARNING
	DJANGO_SETTINGS_MODULE=settings.prod $(BIN)/python manage.py collectstatic --noinput -v 0
	DJANGO_SETTINGS_MODULE=settings.prod $(BIN)/python manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=settings.prod $(BIN)/gunicorn casework.wsgi:application \
		--bind $${BIND:-0.0.0.0:8000} --workers $${WEB_CONCURRENCY:-3} --timeout 60 \
		--forwarded-allow-ips="$${FORWARDED_ALLOW_IPS:-127.0.0.1}" --access-logfile -

worker: install
	$(BIN)/celery -A casework worker -l info

beat: install
	$(BIN)/celery -A casework beat -l info

# Benchmarks (PostgreSQL only; works in its own <name>_bench database, recreated each run):
#   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/casework make bench
# The peer packages of transition_vs_naive_stack come from benchmarks/requirements.txt, not the app's.
bench: install
	@test -n "$$DATABASE_URL" || { echo "Dùng: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/casework make bench"; exit 1; }
	$(BIN)/pip install --disable-pip-version-check -q -r benchmarks/requirements.txt
	$(BIN)/python -m benchmarks.run

# Operations (casework/ops): a consistent copy of the database (pg_dump -Fc, or a SQLite file copy)
# into backups/ or FILE=..., and putting one back (asks first; NOINPUT=1 for scripts).
backup: install
	$(BIN)/python manage.py backup_db $(if $(FILE),--output $(FILE),)

restore: install
	@test -n "$(FILE)" || { echo "Dùng: make restore FILE=backups/casework-<thời điểm>.dump"; exit 1; }
	$(BIN)/python manage.py restore_db $(FILE) $(if $(NOINPUT),--noinput,)

# Bounded load run (LOADTEST_USERS=20, LOADTEST_SECONDS=60) against gunicorn on 127.0.0.1; not part of `make test`.
loadtest: install
	bash loadtest/run.sh

clean:
	rm -rf $(VENV) db.sqlite3

# Translations: extract our strings into locale/en/LC_MESSAGES/django.po (needs GNU gettext), then
# compile the .mo in pure Python (polib) so nothing needs gettext at runtime.
messages: install
	$(BIN)/python manage.py makemessages -l en --no-obsolete --ignore='.venv/*' --ignore='benchmarks/*' --ignore='tests/*' --ignore='loadtest/*' --ignore='staticfiles/*'
	$(BIN)/python -c "import polib; polib.pofile('locale/en/LC_MESSAGES/django.po').save_as_mofile('locale/en/LC_MESSAGES/django.mo')"
