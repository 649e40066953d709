#!/bin/sh
# The live page's test in a real browser (ctest Browser.DemoPage): checks that Debian's chromium,
# node and puppeteer-core are here, then runs demo_test.mjs. Exits 77 (ctest's SKIP_RETURN_CODE)
# with one line saying what is missing when one of them is not.
# Usage: run.sh PUSHBENCH_CLI [demo_test.mjs options, e.g. --screenshot docs/demo.png]
here=$(cd "$(dirname "$0")" && pwd)
chromium=${PUSHBENCH_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "SKIP: no Chromium at $chromium (apt-get install chromium, as scripts/setup.sh does)"
  exit 77
fi
if ! command -v node >/dev/null 2>&1; then
  echo "SKIP: no node (apt-get install nodejs npm, as scripts/setup.sh does)"
  exit 77
fi
if [ ! -d "$here/node_modules/puppeteer-core" ]; then
  echo "SKIP: no puppeteer-core in $here/node_modules (cd tests/browser && npm install)"
  exit 77
fi
exec node "$here/demo_test.mjs" --chromium "$chromium" --pushbench "$@"
