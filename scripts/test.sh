#!/usr/bin/env bash
# The whole check: lint, format, types, then the suite on SQLite and on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== ruff"
.venv/bin/ruff check src tests bench
.venv/bin/ruff format --check src tests bench
echo "== mypy"
.venv/bin/mypy
.venv/bin/mypy bench
echo "== pytest on SQLite"
.venv/bin/pytest "$@"
echo "== pytest on PostgreSQL"
source scripts/postgres.sh
start_postgres
MERCATO_TEST_DATABASE_URL="$POSTGRES_URL" .venv/bin/pytest "$@"
