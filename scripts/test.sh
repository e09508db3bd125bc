#!/usr/bin/env bash
# Runs the whole test suite: type-check, lint, unit and e2e tests, with a real
# PostgreSQL for the tracking-store conformance suite.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${FRONTIER_PG_URL:-}" ]; then
  eval "$(bash scripts/postgres.sh)"
fi
export FRONTIER_PG_URL
npm test
