#!/usr/bin/env bash
# Production server (issue 11 §7): one command starts the whole platform —
#   gunicorn (WSGI, several workers) with whitenoise serving the collected static files,
#   RQ workers for the background jobs (FC_JOB_BACKEND=rq, Redis at FC_REDIS_URL),
#   the scheduler process for the scheduled commands (docs/architecture.md),
# against PostgreSQL (DATABASE_URL) or, without it, the SQLite file under the var dir.
# Logs are JSON lines on stdout. If any process stops, the others are stopped and the script
# exits non-zero, so a supervisor (systemd: Restart=always) restarts the unit.
#
# Required: DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS. Optional: DATABASE_URL, FC_REDIS_URL,
# FC_CACHE_URL, FC_BIND (127.0.0.1:8000), FC_WEB_WORKERS, FC_WEB_THREADS, FC_RQ_WORKERS (2),
# FC_SCHEDULER (1), FC_LOAD_REFERENCE (1: load the reference data, idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
: "${DJANGO_SECRET_KEY:?DJANGO_SECRET_KEY is required}"
: "${DJANGO_ALLOWED_HOSTS:?DJANGO_ALLOWED_HOSTS is required}"
export DJANGO_DEBUG=0 FC_LOG_FORMAT=json
export FC_JOB_BACKEND=${FC_JOB_BACKEND:-rq}
export FC_BIND=${FC_BIND:-127.0.0.1:8000}
export FC_LOG_LEVEL=${FC_LOG_LEVEL:-INFO}

"$PY" manage.py migrate --noinput -v0
if [ "${FC_LOAD_REFERENCE:-1}" = 1 ]; then
  for loader in load_regions load_organisations load_targets load_permit_catalogue \
      load_lifecircle_catalogue load_pilots load_reporting; do
    "$PY" manage.py "$loader" >/dev/null
  done
fi
"$PY" manage.py collectstatic --noinput -v0

pids=()
stop() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait || true
}
trap stop EXIT INT TERM

"$PY" -m gunicorn config.wsgi:application -c config/gunicorn.conf.py &
pids+=($!)
if [ "$FC_JOB_BACKEND" = rq ]; then
  for _ in $(seq "${FC_RQ_WORKERS:-2}"); do
    "$PY" manage.py run_jobs --rq &
    pids+=($!)
  done
fi
if [ "${FC_SCHEDULER:-1}" = 1 ]; then
  "$PY" manage.py scheduler &
  pids+=($!)
fi
echo "{\"message\": \"serve.sh: listening on ${FC_BIND}, jobs ${FC_JOB_BACKEND}\"}"
wait -n
echo '{"level": "ERROR", "message": "serve.sh: a process stopped; stopping the others"}' >&2
exit 1
