#!/usr/bin/env bash
# Latency vs network: the polling, long-polling and push transports under each network profile,
# with and without TLS, in one results directory with one report (issue 13's reference run).
#
#   bench/scenarios/network.sh            (root: namespaces, tc, iptables, the delay stage)
#
# Env: PROFILES ("loopback lan wan mobile satellite"), TRANSPORTS (poll,poll-close,longpoll,sse,
#      ws), CLIENTS (1000), MOBILE_CLIENTS (250) and SATELLITE_CLIENTS (500): a broadcast of
#      10 events/s of 256 B to 1,000 clients needs ~29 Mbit/s down with headers (computed from the
#      loopback rows' ~360 wire B per notification), more than mobile's 10 and satellite's 20; a
#      capped link measures its queue, and rows say rate_capped. WARMUP (5 s), MOBILE_WARMUP and
#      SATELLITE_WARMUP (15 s: 250 TLS poll-close clients over 1 % loss and a 2 Mbit/s uplink
#      were not all connected after 10), DURATION (10 s window), BUILD (build),
#      OUT (results/runs/network-<UTC time>).
# Each (profile, tls) is one `pushbench run` in OUT/<profile>-<tls>/ (its own meta.json, raw/
# and report); OUT/results.csv is their rows together and OUT/report.md their report: the
# article's and Kaazing's tables per condition and the "latency vs network" table and figure.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD:-build}
profiles=${PROFILES:-loopback lan wan mobile satellite}
transports=${TRANSPORTS:-poll,poll-close,longpoll,sse,ws}
clients=${CLIENTS:-1000}
mobile_clients=${MOBILE_CLIENTS:-250}
satellite_clients=${SATELLITE_CLIENTS:-500}
warmup=${WARMUP:-5}
mobile_warmup=${MOBILE_WARMUP:-15}
satellite_warmup=${SATELLITE_WARMUP:-15}
duration=${DURATION:-10}
out=${OUT:-results/runs/network-$(date -u +%Y%m%dT%H%M%SZ)}
pushbench="$build/bench/pushbench"
[[ -x $pushbench ]] || { echo "network.sh: $pushbench is not built (BUILD=$build)" >&2; exit 2; }
[[ $(id -u) == 0 ]] || { echo "network.sh: needs root (network namespaces)" >&2; exit 2; }
mkdir -p "$out"
first=1
for profile in $profiles; do
  case $profile in
    mobile) n=$mobile_clients w=$mobile_warmup ;;
    satellite) n=$satellite_clients w=$satellite_warmup ;;
    *) n=$clients w=$warmup ;;
  esac
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
