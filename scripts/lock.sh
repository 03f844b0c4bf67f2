#!/usr/bin/env bash
# Regenerate the lock files from requirements*.in in a throw-away virtualenv (deliberate upgrades).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
# Keep the versions the suite was last run with unless told otherwise (FC_LOCK_UPGRADE=1).
constraints=()
if [ "${FC_LOCK_UPGRADE:-0}" != "1" ] && [ -x .venv/bin/pip ]; then
  .venv/bin/pip freeze --exclude-editable | grep -v "^pyrosm==" > "$tmp/constraints.txt"
  constraints=(-c "$tmp/constraints.txt")
fi
python3.11 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install -q --disable-pip-version-check -r requirements.in "${constraints[@]}"
"$tmp/venv/bin/pip" freeze --exclude-editable | sort -f > requirements.txt
"$tmp/venv/bin/pip" install -q --disable-pip-version-check -r requirements-dev.in "${constraints[@]}"
"$tmp/venv/bin/pip" freeze --exclude-editable > "$tmp/all.txt"
python3 - "$tmp/all.txt" <<'PY'
import sys
runtime = set(open("requirements.txt").read().split())
dev = sorted((l for l in open(sys.argv[1]).read().split() if l not in runtime), key=str.lower)
open("requirements-dev.txt", "w").write("-r requirements.txt\n" + "\n".join(dev) + "\n")
PY
rm -rf "$tmp"
