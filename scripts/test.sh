#!/usr/bin/env bash
# Set up the test tool chain and run the whole test suite: lint, migrations check, pytest
# (including the real-browser tests in Debian's headless chromium).
# Database: SQLite by default; PostgreSQL when DATABASE_URL=postgres://... is set.
set -euo pipefail
cd "$(dirname "$0")/.."
FC_SKIP_DEMO=1 scripts/setup.sh --dev >/dev/null

# Debian packages the tests use: chromium (real-browser tests), CJK fonts (screenshots, charts),
# LibreOffice Writer (bulletin PDF). Installed when missing and we are root.
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
[ -d /usr/share/fonts/opentype/noto ] || missing="$missing fonts-noto-cjk"
command -v soffice >/dev/null || missing="$missing libreoffice-writer-nogui"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "==> 安装测试所需的 Debian 软件包：$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  else
    echo "缺少 Debian 软件包：$missing（请以 root 安装后重试）。" >&2
    exit 1
  fi
fi

echo "==> ruff"
.venv/bin/ruff format --check --quiet .
.venv/bin/ruff check --quiet .
echo "==> mypy"
DJANGO_DEBUG=1 .venv/bin/mypy futurecommunity config
echo "==> 迁移完整性检查"
DJANGO_DEBUG=1 .venv/bin/python manage.py makemigrations --check --dry-run -v0
echo "==> pytest（数据库：$([ -n "${DATABASE_URL:-}" ] && echo PostgreSQL || echo SQLite)）"
exec .venv/bin/pytest "$@"
