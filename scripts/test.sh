#!/usr/bin/env bash
# Set-up (packages + Release build), then every test: unit, integration and smoke.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
ctest --test-dir "${PUSHBENCH_BUILD_DIR:-build}" --output-on-failure "$@"
