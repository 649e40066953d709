#!/usr/bin/env bash
# Latency vs network: the polling, long-polling and push transports under each network profile,
# with and without TLS, in one results directory with one report (issue 13's reference run).
#
#   bench/scenarios/network.sh            (root: namespaces, tc, iptables, the delay stage)
#
# Env: PROFILES ("loopback lan wan mobile"), TRANSPORTS (poll,poll-close,longpoll,sse,ws),
#      CLIENTS (250: at 1,000 the delay stage, which handles packets one at a time, spreads a
#      broadcast's burst over ~20 ms: ws p50 41 ms at wan, theory 20), MOBILE_CLIENTS (250;
#      mobile's 10 Mbit/s down cannot carry 1,000 clients' 10 events/s of 256 B, ~29 Mbit/s computed
#      with headers: a capped link measures its queue, and rows say rate_capped), WARMUP (5 s),
#      MOBILE_WARMUP (15 s: 250 TLS poll-close clients over 1 % loss and a 2 Mbit/s uplink
#      were not all connected after 10),
#      DURATION (10 s window), BUILD (build), OUT (results/runs/network-<UTC time>).
# Each (profile, tls) is one `pushbench run` in OUT/<profile>-<tls>/ (its own meta.json, raw/
# and report); OUT/results.csv is their rows together and OUT/report.md their report: the
# article's and Kaazing's tables per condition and the "latency vs network" table and figure.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD:-build}
profiles=${PROFILES:-loopback lan wan mobile}
transports=${TRANSPORTS:-poll,poll-close,longpoll,sse,ws}
clients=${CLIENTS:-250}
mobile_clients=${MOBILE_CLIENTS:-250}
warmup=${WARMUP:-5}
mobile_warmup=${MOBILE_WARMUP:-15}
duration=${DURATION:-10}
out=${OUT:-results/runs/network-$(date -u +%Y%m%dT%H%M%SZ)}
pushbench="$build/bench/pushbench"
[[ -x $pushbench ]] || { echo "network.sh: $pushbench is not built (BUILD=$build)" >&2; exit 2; }
[[ $(id -u) == 0 ]] || { echo "network.sh: needs root (network namespaces)" >&2; exit 2; }
mkdir -p "$out"
first=1
for profile in $profiles; do
  n=$clients
  w=$warmup
  if [[ $profile == mobile ]]; then
    n=$mobile_clients
    w=$mobile_warmup
  fi
  for tls in off on; do
    dir="$out/$profile-tls-$tls"
    args=(run --transports "$transports" --net "$profile" --clients "$n" --warmup "$w"
          --duration "$duration" --out "$dir" --no-plots)
    [[ $tls == on ]] && args+=(--tls)
    echo "== network.sh: $profile, TLS $tls, $n clients" >&2
    "$pushbench" "${args[@]}"
    if ((first)); then
      cp "$dir/results.csv" "$out/results.csv"
      first=0
    else
      tail -n +2 "$dir/results.csv" >>"$out/results.csv"
    fi
  done
done
"$pushbench" report "$out"
