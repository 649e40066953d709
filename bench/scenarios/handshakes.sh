#!/usr/bin/env bash
# WebSocket handshake rate into one pushbench-server process (issue 15 item 4: >= 10,000/s).
# One pushbench-server on CPU 0 (idle workload: nothing is published, the server only accepts),
# CLIENT_PROCS pushbench-client --transport ws processes on CPU 1 splitting N clients, which
# connect at once (256 handshakes in flight per process, no spacing), with each engine in ENGINES:
# lws (the libwebsockets client, what `pushbench run` uses) and lean (--ws-engine lean, the floor
# of a client's cost; each process from its own address 127.0.3.k). For each N, engine and build,
# one line: the handshake rate as the server saw it (its first accept to its last WebSocket
# established: first_accept_mono_ns, last_ws_established_mono_ns in its statistics) and as the
# clients saw it (the first process setting out to the last one's clients all connected:
# started_mono_ns, ready_mono_ns in their results), both sides' CPU per handshake and share of a
# core over that span (/proc/PID/task/*/schedstat, sampled before the clients start and once all
# are ready; cli %: per process), accepted and connect errors. A side near 100 % is the limit.
#
#   bench/scenarios/handshakes.sh [N...]      (default: 5000 15000)
#
# Env: BUILD (build), BASE (a second build directory, run beside BUILD in the same round:
#      before/after on one noisy machine), ROUNDS (2: the builds alternate in each), ENGINES
#      ("lws lean"), CLIENT_PROCS (4), PERF (a directory: perf record -e cpu-clock -g of the
#      server and the clients over the connect phase, BUILD's runs only), OUT (results/runs/
#      handshakes-<UTC time>). Run it on an otherwise idle machine.
#
# What limited it (docs/method.md "Handshake rate"): lws 4.1.6 armed a 300 s "validity" ping timer
# for every WebSocket as it was established, inserted from the head of one sorted list, so each
# handshake walked every open connection's timer, on both sides (perf: 73 % of the server's CPU
# and 56 % of the lws client's in lws_dll2_add_sorted at 15,000). Both now run without it
# (kLwsNoValidityCheck). Then the clients: connect() searching the ephemeral ports of one (source,
# destination) pair (54-65 % of the clients' CPU in __inet_check_established at 15,000 from one
# address), which the lean engine's own source addresses remove; the lws client stays bound by
# it. With 8 processes (2,048 handshakes in flight) the server spent 42 us per handshake: lws'
# per-connection request timeouts sit in the same sorted list (33 % in lws_dll2_add_sorted).
# Measured side by side (BASE = the server and lws client before, same lean engine), round 1 of
# 2, the quiet one, 4 client processes:
#   clients engine   srv hs/s   cli hs/s  srv us/hs   srv %  cli us/hs   cli %  accepted  errors
#      5000    lws      26209      25996       28.2    73.9       43.2    28.1      5000       0
#      5000    lws      13642      13478       71.3    97.2       55.2    18.6      5000       0 (base)
#      5000   lean      33232      33127       28.2    93.8       29.1    24.1      5000       0
#      5000   lean      12690      12677       77.6    98.5       29.8     9.4      5000       0 (base)
#     15000    lws       9478       9464       28.4    26.9      107.1    25.3     15000       0
#     15000    lws       4231       4229      219.9    93.0      143.9    15.2     15000       0 (base)
#     15000   lean      34522      34463       28.4    98.2       20.3    17.5     15000       0
#     15000   lean       4257       4256      234.1    99.7       32.0     3.4     15000       0 (base)
set -euo pipefail
cd "$(dirname "$0")/../.."
counts=("${@:-5000 15000}")
read -r -a counts <<<"${counts[*]}"
build=${BUILD:-build}
base=${BASE:-}
rounds=${ROUNDS:-2}
client_procs=${CLIENT_PROCS:-4}
engines=${ENGINES:-lws lean}
perf_dir=${PERF:-}
out=${OUT:-results/runs/handshakes-$(date -u +%Y%m%dT%H%M%SZ)}
builds=("$build")
[[ -n $base ]] && builds+=("$base")
for b in "${builds[@]}"; do
  for bin in servers/pushbench-server clients/pushbench-client; do
    [[ -x $b/$bin ]] || { echo "handshakes: no $b/$bin (build first)" >&2; exit 2; }
  done
done
command -v taskset >/dev/null || { echo "handshakes: taskset not installed" >&2; exit 2; }
mkdir -p "$out"
[[ -n $perf_dir ]] && mkdir -p "$perf_dir"

export PYTHONPATH=bench/scenarios  # procs.py
exec /usr/bin/python3 - "$out" "$rounds" "$client_procs" "$perf_dir" "$engines" "${#builds[@]}" \
  "${builds[@]}" "${counts[@]}" <<'EOF'
import json, os, signal, subprocess, sys, time

from procs import cpu_ns, read_line, stop

out, rounds, procs, perf_dir = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
engines, nb = sys.argv[5].split(), int(sys.argv[6])
builds, counts = sys.argv[7:7 + nb], [int(n) for n in sys.argv[7 + nb:]]
LONG = "3600"  # warm-up and window: the window never opens, nothing is published


def run(build, engine, n, tag, profile):
    d = f"{out}/{tag}"
    os.makedirs(d, exist_ok=True)
    server = subprocess.Popen(
        ["taskset", "-c", "0", f"{build}/servers/pushbench-server", "--host", "127.0.0.1",
         "--port", "0", "--workload", "idle", "--clients", str(n), "--warmup", LONG,
         "--duration", LONG, "--stats", f"{d}/server.json"],
        stdout=subprocess.PIPE, stderr=open(f"{d}/server.log", "w"))
    ready = read_line(server, time.monotonic() + 10)
    if ready is None:
        stop(server)
        return f"server not ready (see {d}/server.log)"
    ready = json.loads(ready)
    perfs = []
    shares = [(n * k // procs, n * (k + 1) // procs - n * k // procs) for k in range(procs)]
    clients = []
    s0 = cpu_ns(server.pid)
    for k, (first, count) in enumerate(shares):
        # lean: each process from its own address, bound before connect without a port
        # (IP_BIND_ADDRESS_NO_PORT); lws would bind with port 0 (ws_session.cc): the kernel's.
        source = ["--source-address", f"127.0.3.{k + 1}"] if engine == "lean" else []
        clients.append(subprocess.Popen(
            ["taskset", "-c", "1", f"{build}/clients/pushbench-client", "--transport", "ws",
             "--ws-engine", engine,
             "--host", "127.0.0.1", "--port", str(ready["port"]), "--workload", "idle",
             "--clients", str(n), "--first-client", str(first), "--count", str(count),
             "--warmup", LONG, "--duration", LONG,
             "--epoch-mono-ns", str(ready["epoch_mono_ns"]), "--result", f"{d}/client-{k}.json"]
            + source,
            stdout=subprocess.PIPE, stderr=open(f"{d}/client-{k}.log", "w")))
    if profile:
        for name, pid in [("server", server.pid)] + [(f"client-{k}", c.pid)
                                                     for k, c in enumerate(clients)]:
            perfs.append(subprocess.Popen(
                ["perf", "record", "-q", "-e", "cpu-clock", "-g", "-p", str(pid), "-o",
                 f"{perf_dir}/{tag}-{name}.data"], stderr=subprocess.DEVNULL))
    deadline = time.monotonic() + 300
    missing = [k for k, c in enumerate(clients) if read_line(c, deadline) is None]
    s1 = cpu_ns(server.pid)
    c1 = sum(cpu_ns(c.pid) for c in clients)
    for p in perfs:
        p.send_signal(signal.SIGINT)
        p.wait()
    for c in clients:
        stop(c)
    stop(server)
    if missing:
        return f"client processes {missing} not all connected in 300 s (see {d}/)"
    st = json.load(open(f"{d}/server.json"))
    res = [json.load(open(f"{d}/client-{k}.json")) for k in range(procs)]
    cli_s = (max(r["ready_mono_ns"] for r in res) - min(r["started_mono_ns"] for r in res)) / 1e9
    # A server without the two stamps (older than this scenario): the clients' span for both.
    srv_s = (st["last_ws_established_mono_ns"] - st["first_accept_mono_ns"]) / 1e9 \
        if "first_accept_mono_ns" in st else None
    errors = sum(r["errors"]["connect"] for r in res)
    srv_rate = f"{n / srv_s:>10.0f}" if srv_s else f"{'-':>10}"
    return (f"{n:>7} {engine:>6} {srv_rate} {n / cli_s:>10.0f} {(s1 - s0) / 1e3 / n:>10.1f} "
            f"{(s1 - s0) / 1e7 / (srv_s or cli_s):>7.1f} {c1 / 1e3 / n:>10.1f} "
            f"{c1 / 1e7 / cli_s / procs:>7.1f} {st['ws_accepted']:>9} {errors:>7}  {build}")


print(f"{'clients':>7} {'engine':>6} {'srv hs/s':>10} {'cli hs/s':>10} {'srv us/hs':>10} {'srv %':>7} "
      f"{'cli us/hs':>10} {'cli %':>7} {'accepted':>9} {'errors':>7}  build", flush=True)
for r in range(1, rounds + 1):
    for n in counts:
        for engine in engines:
            for i, b in enumerate(builds):
                tag = f"r{r}-{n}-{engine}-b{i}"
                print(run(b, engine, n, tag, bool(perf_dir) and i == 0), flush=True)
print(f"server on CPU 0, {procs} client process(es) on CPU 1; srv: first accept -> last "
      f"established, cli: first process start -> all connected; % of one core over that time "
      f"(cli: per process); results in {out}")
EOF
