#!/usr/bin/env bash
# Installs what is missing (Debian 12 packages only) and builds pushbench (Release) in build/.
# Idempotent: a second run installs nothing and rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ cmake ninja-build pkg-config git ca-certificates
          libwebsockets-dev libwebsockets-evlib-ev libev-dev libcurl4-openssl-dev libnghttp2-dev
          libhttp-parser-dev wrk
          libfmt-dev libbenchmark-dev libgtest-dev libcli11-dev nlohmann-json3-dev
          python3-matplotlib tcpdump clang-14 libfuzzer-14-dev libclang-rt-14-dev
          clang-format-14 chromium nodejs libnetfilter-queue-dev iptables iproute2 curl openssl
          nghttp2-client nginx libnginx-mod-http-js pushpin openmpi-bin libopenmpi-dev)
# npm: Debian's package, unless the installed node bundles its own (as nodesource's does).
command -v npm >/dev/null 2>&1 || packages+=(npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: need root to install packages (run as root or with sudo)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

build_dir=${PUSHBENCH_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPUSHBENCH_WERROR=ON >/dev/null
cmake --build "$build_dir"

# The browser test's driver (tests/browser/node_modules, ignored by git): puppeteer-core 24 from
# package-lock.json; it downloads no browser (the test drives /usr/bin/chromium).
if [ ! -d tests/browser/node_modules/puppeteer-core ]; then
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi
