"""Copy the registry-installed front-end assets (node_modules) into static/vendor/.

The platform serves these itself: government intranets have no internet, so no CDN (ASVS 14.2.3).
static/vendor/ is git-ignored; no third-party code is committed.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSETS = {
    "node_modules/echarts/dist/echarts.min.js": "echarts/echarts.min.js",
    "node_modules/echarts/LICENSE": "echarts/LICENSE",
    "node_modules/htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
    "node_modules/htmx.org/LICENSE": "htmx/LICENSE",
}


def main() -> int:
    missing = [src for src in ASSETS if not (ROOT / src).exists()]
    if missing:
        sys.stderr.write("缺少前端依赖，请先执行 npm ci：" + ", ".join(missing) + "\n")
        return 1
    for src, dst in ASSETS.items():
        target = ROOT / "static" / "vendor" / dst
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / src, target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
