#!/usr/bin/env bash
# `make loadtest`: gunicorn on 127.0.0.1 + (with REDIS_URL) a Celery worker, then locust headless,
# bounded in users and time; prints throughput, p95 and errors, then checks the audit chain.
#
#   LOADTEST_USERS (20)  LOADTEST_SECONDS (60)  LOADTEST_WORKERS (3)  LOADTEST_PORT (8765)
#   DATABASE_URL / REDIS_URL as for the application (SQLite and no Redis when unset).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
LT_VENV=loadtest/.venv
USERS=${LOADTEST_USERS:-20}
SECONDS_=${LOADTEST_SECONDS:-60}
WORKERS=${LOADTEST_WORKERS:-3}
PORT=${LOADTEST_PORT:-8765}
export DJANGO_SETTINGS_MODULE=loadtest.settings
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"

if [ ! -x "$LT_VENV/bin/locust" ] || [ loadtest/requirements.txt -nt "$LT_VENV/.installed" ]; then
  ${PY:-python3.11} -m venv "$LT_VENV"
  "$LT_VENV/bin/pip" install --disable-pip-version-check -q -r loadtest/requirements.txt
  touch "$LT_VENV/.installed"
fi

mkdir -p loadtest/results
$BIN/python manage.py migrate --noinput >/dev/null
# The demo accounts are what the officers log in with; a loader failing later in the list is reported, not fatal.
$BIN/python manage.py load_demo >loadtest/results/load_demo.log 2>&1 \
  || echo "loadtest: WARNING load_demo failed (see loadtest/results/load_demo.log): $(tail -n 1 loadtest/results/load_demo.log)"
$BIN/python manage.py collectstatic --noinput >/dev/null

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

# Metrics of all gunicorn workers summed at scrape time (see casework/ops/metrics.py).
export PROMETHEUS_MULTIPROC_DIR
PROMETHEUS_MULTIPROC_DIR=$(mktemp -d)
LOG_FORMAT=json LOG_LEVEL=WARNING $BIN/gunicorn casework.wsgi:application \
  --bind "127.0.0.1:$PORT" --workers "$WORKERS" --timeout 30 --graceful-timeout 20 \
  >loadtest/results/gunicorn.log 2>&1 &
pids+=($!)
# The periodic jobs (sweep, outbox) run during the test as in production: Celery worker + one beat
# with Redis, the embedded scheduler without.
if [ -n "${REDIS_URL:-}" ]; then
  LOG_LEVEL=WARNING $BIN/celery -A casework worker -l warning --concurrency 2 >loadtest/results/celery.log 2>&1 &
  pids+=($!)
  $BIN/celery -A casework beat -l warning -s loadtest/results/celerybeat-schedule >loadtest/results/beat.log 2>&1 &
  pids+=($!)
else
  $BIN/python manage.py run_scheduler --interval 30 >loadtest/results/scheduler.log 2>&1 &
  pids+=($!)
fi
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null

set +e
"$LT_VENV/bin/locust" -f loadtest/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
  --users "$USERS" --spawn-rate 5 --run-time "${SECONDS_}s" --stop-timeout 10 \
  --csv loadtest/results/run --only-summary 2>&1 | tail -n 40
status=${PIPESTATUS[0]}
set -e

# Django's "Internal Server Error" records and gunicorn's own (errors before Django could answer).
server_errors=$(grep -cE '"level": "ERROR"|\[ERROR\]' loadtest/results/gunicorn.log || true)
echo "loadtest: error lines in the server log: ${server_errors}"
echo "loadtest: readiness: $(curl -s "http://127.0.0.1:$PORT/readyz")"
$BIN/python manage.py shell < loadtest/check_actions.py || status=1
$BIN/python manage.py verify_audit || status=1
exit "$status"
