#!/usr/bin/env bash
# Set up and start the demo instance: FC_DEMO_MODE=1 selects its own database (var/demo.sqlite3
# on SQLite), which scripts/setup.sh fills with the labelled demo data. A real instance is
# prepared by scripts/setup.sh alone and never holds demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_DEBUG=${DJANGO_DEBUG:-1} FC_DEMO_MODE=1
scripts/setup.sh
PORT=${PORT:-8000}
cat <<MSG

================================================================
 绍兴市未来社区建设管理平台 已启动： http://127.0.0.1:${PORT}/
 演示账号（密码均为 Demo@2026fc）：
   city_admin      市风貌办（审核/领导）
   city_clerk      市风貌办（经办）
   d330602_lead    越城区风貌办（审核/领导）
   d330603_clerk   柯桥区风貌办（经办）
   s330602001_clerk 塔山街道（经办）
   dept_jianshe    绍兴市建设局（联合审查）
   utility_water   水务单位（联合会商）
   op_demo         运营单位
   demo_expert1    评审专家（demo_expert2、demo_expert3 同）
 演示实例（独立数据库：var/demo.sqlite3，或 DATABASE_URL 所指数据库名加 _demo）；
 标注“【演示】”的项目均为演示数据。
 删除演示数据：FC_DEMO_MODE=1 .venv/bin/python manage.py seed_demo --remove
================================================================

MSG
exec .venv/bin/python manage.py runserver "127.0.0.1:${PORT}"
