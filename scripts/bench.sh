#!/usr/bin/env bash
# Set-up (packages + Release build), then the default comparison: poll, poll-close and ws on the
# same seeded broadcast workload. Extra arguments go to `pushbench run`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec "${PUSHBENCH_BUILD_DIR:-build}/bench/pushbench" run "$@"
