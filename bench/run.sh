#!/usr/bin/env bash
# Runs every benchmark in bench/ against local PostgreSQL (and Redis where needed)
# and prints their numbers. Each script prints its own table.
set -euo pipefail
cd "$(dirname "$0")/.."
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/agora_bench}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/5}"
# Static files as in production (WhiteNoise serves them from STATIC_ROOT).
DATABASE_URL= .venv/bin/python manage.py collectstatic --no-input -v0
shopt -s nullglob
for script in bench/bench_*.py; do
  echo "== $script"
  .venv/bin/python "$script"
done
