#!/usr/bin/env bash
# CI smoke test of the production server (issue 11 §7): start scripts/serve.sh on a free port
# against a fresh database (SQLite in a temporary var dir, or DATABASE_URL when set), wait for
# /healthz, create one office user, log in, fetch the dashboard and its static assets, check
# the logs are JSON lines, stop everything.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
WORK=$(mktemp -d)
PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export FC_VAR_DIR="$WORK/var" FC_BIND="127.0.0.1:$PORT"
export DJANGO_SECRET_KEY="smoke-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')"
export DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost"
# Plain HTTP on the loopback: no TLS redirect, cookies without the Secure flag.
export FC_SECURE_SSL_REDIRECT=0 FC_SECURE_COOKIES=0 FC_HSTS_SECONDS=0
export FC_WEB_WORKERS=${FC_WEB_WORKERS:-2} FC_RQ_WORKERS=${FC_RQ_WORKERS:-1}
if redis-cli -u "${FC_REDIS_URL:-redis://127.0.0.1:6379/4}" ping >/dev/null 2>&1; then
  export FC_JOB_BACKEND=rq FC_REDIS_URL=${FC_REDIS_URL:-redis://127.0.0.1:6379/4}
else
  export FC_JOB_BACKEND=thread
fi
LOG="$WORK/serve.log"
scripts/serve.sh >"$LOG" 2>&1 &
SERVER=$!
cleanup() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

for _ in $(seq 240); do
  if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$SERVER" 2>/dev/null; then echo "server exited:"; tail -40 "$LOG"; exit 1; fi
  sleep 1
done
PASSWORD="Smk#$("$PY" -c 'import secrets; print(secrets.token_hex(8))')Qz"
DJANGO_DEBUG=0 "$PY" manage.py shell -c "
from futurecommunity.accounts.models import Organisation, User
User.objects.create_user(username='smoke_city', password='$PASSWORD', full_name='冒烟测试',
    organisation=Organisation.objects.get(code='sx-city-office'), role='viewer')
"
"$PY" scripts/smoke_production.py "http://127.0.0.1:$PORT" smoke_city "$PASSWORD"
# Every log line the server wrote is a JSON object.
"$PY" - "$LOG" <<'PYEOF'
import json, sys
lines = [l for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
bad = [l for l in lines if not l.lstrip().startswith("{")]
for line in lines:
    if line.lstrip().startswith("{"):
        json.loads(line)
if bad:
    print("non-JSON log lines:", *bad[:5], sep="\n  ")
    sys.exit(1)
print(f"ok  {len(lines)} log lines, all JSON")
PYEOF
echo "production smoke test passed"
