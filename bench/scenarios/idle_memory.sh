#!/usr/bin/env bash
# Where an idle connection's server memory goes (issue 15 item 4): one pushbench-server on CPU 0
# (idle workload), N clients of one transport on CPU 1, connected as `pushbench run` connects
# them at N <= 16,000 (one client process: ws with the lean engine, the cheapest load, sse and
# longpoll on libcurl, tcp), and the server's memory read before the clients start and once all
# are connected (1 s later): VmRSS growth / N (the server_rss_per_client_kb column, in bytes),
# split into the malloc heap ([heap] in /proc/PID/smaps) and the other anonymous mappings (lws'
# fd tables, libev's per-fd array, the header-table pages), and with gdb the heap's free bytes
# (glibc malloc_stats: in the heap but not in use, i.e. fragmentation).
#
#   bench/scenarios/idle_memory.sh [TRANSPORT...]      (default: ws sse longpoll tcp)
#
# Env: CLIENTS (14000: one of the 7 server shards of a 100,000-client run), PER_PROC (clients per
#      client process; default all in one), BUILD (build), BASE (a second build, run beside BUILD
#      in the same round: before/after). Run it on an otherwise idle machine.
#
# Measured (BASE = the server before its header tables moved to pages of their own,
# header_table_allocator.h), 14,000 clients, round 2 of 2 (round 1's base: sse 2225, longpoll
# 1227 B/conn: the "before" depends on how many requests were in flight at the burst's peak):
#   transport build RSS/conn heap/conn anon/conn free heap/conn
#   ws        build     1439      1402        37              3
#   ws        base      1517      1489        28             92
#   sse       build     1082      1033        49              1
#   sse       base      1482      1443        40            411
#   longpoll  build     1107      1058        49              3
#   longpoll  base      1560      1520        40            462
#   tcp       build     1038      1009        28              8
#   tcp       base      1030      1002        28              5
# What the heap holds per WebSocket (heaptrack, live blocks after connecting 5,000): lws' struct
# lws 952 B, its WebSocket state 224 B, the receive buffer 148 B (128 + LWS_PRE + 4), our
# per-session data 40 B: 1,364 B requested, 1,408 B in malloc chunks; raw TCP holds the first
# and the last (1,008 B), an SSE stream or long poll also a 24 B node of the held streams' map.
# docs/method.md "Memory per idle connection".
set -euo pipefail
cd "$(dirname "$0")/../.."
clients=${CLIENTS:-14000}
per_proc=${PER_PROC:-$clients}
build=${BUILD:-build}
base=${BASE:-}
transports=("${@:-ws sse longpoll tcp}")
read -r -a transports <<<"${transports[*]}"
builds=("$build")
[[ -n $base ]] && builds+=("$base")
for b in "${builds[@]}"; do
  for bin in servers/pushbench-server clients/pushbench-client; do
    [[ -x $b/$bin ]] || { echo "idle_memory: no $b/$bin (build first)" >&2; exit 2; }
  done
done
command -v taskset >/dev/null || { echo "idle_memory: taskset not installed" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

export PYTHONPATH=bench/scenarios  # procs.py
exec /usr/bin/python3 - "$out" "$clients" "$per_proc" "${#builds[@]}" "${builds[@]}" \
  "${transports[@]}" <<'EOF'
import json, os, re, shutil, subprocess, sys, time

from procs import read_line, stop

out, n, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
nb = int(sys.argv[4])
builds, transports = sys.argv[5:5 + nb], sys.argv[5 + nb:]
LONG = "3600"  # warm-up and window: the window never opens


def memory(pid):
    """VmRSS, the [heap] mapping's Rss and the other anonymous mappings' Rss, in KiB."""
    rss = int(re.search(r"VmRSS:\s+(\d+)", open(f"/proc/{pid}/status").read()).group(1))
    heap = anon = 0
    kind = None
    for line in open(f"/proc/{pid}/smaps"):
        f = line.split()
        if re.match(r"^[0-9a-f]+-[0-9a-f]+$", f[0]):
            kind = "heap" if line.rstrip().endswith("[heap]") else ("anon" if len(f) == 5 else None)
        elif f[0] == "Rss:" and kind == "heap":
            heap += int(f[1])
        elif f[0] == "Rss:" and kind == "anon":
            anon += int(f[1])
    return rss, heap, anon


def heap_free(pid, log):
    """Bytes of the main arena not in use (glibc malloc_stats through gdb), or None."""
    if shutil.which("gdb") is None:
        return None
    size = os.path.getsize(log)
    subprocess.run(["gdb", "-p", str(pid), "-batch", "-ex", "call (void)malloc_stats()"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    text = open(log).read()[size:]
    m = re.search(r"Arena 0:\s*system bytes\s*=\s*(\d+)\s*in use bytes\s*=\s*(\d+)", text)
    return int(m.group(1)) - int(m.group(2)) if m else None


def run(build, transport):
    log = f"{out}/server.log"
    server = subprocess.Popen(
        ["taskset", "-c", "0", f"{build}/servers/pushbench-server", "--port", "0", "--workload",
         "idle", "--clients", str(n), "--warmup", LONG, "--duration", LONG, "--stats",
         f"{out}/server.json"], stdout=subprocess.PIPE, stderr=open(log, "w"))
    ready = read_line(server, time.monotonic() + 10)
    if ready is None:
        stop(server)
        return "server not ready"
    ready = json.loads(ready)
    time.sleep(0.5)
    before = memory(server.pid)
    clients = []
    for k, first in enumerate(range(0, n, per)):
        argv = ["taskset", "-c", "1", f"{build}/clients/pushbench-client", "--transport", transport,
                "--port", str(ready["tcp_port" if transport == "tcp" else "port"]), "--workload",
                "idle", "--clients", str(n), "--first-client", str(first), "--count",
                str(min(per, n - first)), "--warmup", LONG, "--duration", LONG, "--epoch-mono-ns",
                str(ready["epoch_mono_ns"]), "--result", f"{out}/client-{k}.json"]
        if transport == "ws":
            argv += ["--ws-engine", "lean", "--source-address", f"127.0.3.{k + 1}"]
        clients.append(subprocess.Popen(argv, stdout=subprocess.PIPE,
                                        stderr=open(f"{out}/client-{k}.log", "w")))
        if read_line(clients[-1], time.monotonic() + 120) is None:
            break
    connected = len(clients) == len(range(0, n, per)) and all(c.poll() is None for c in clients)
    time.sleep(1.0)
    after = memory(server.pid)
    free = heap_free(server.pid, log) if connected else None
    for c in clients:
        stop(c)
    stop(server)
    if not connected:
        return "clients not all connected"
    per_conn = [(a - b) * 1024 / n for a, b in zip(after, before)]
    free_s = f"{free / n:>14.0f}" if free is not None else f"{'-':>14}"
    return f"{per_conn[0]:>8.0f} {per_conn[1]:>9.0f} {per_conn[2]:>9.0f} {free_s}"


print(f"{'transport':<9} {'build':<5} {'RSS/conn':>8} {'heap/conn':>9} {'anon/conn':>9} "
      f"{'free heap/conn':>14}", flush=True)
for t in transports:
    for i, b in enumerate(builds):
        print(f"{t:<9} {'base' if i else 'build':<5} {run(b, t)}", flush=True)
print(f"{n} idle clients, {per} per client process; bytes per connection: VmRSS growth, the "
      f"[heap] mapping's, other anonymous mappings', the heap's free bytes after connecting; "
      f"build: {builds[0]}" + (f", base: {builds[1]}" if nb > 1 else ""))
EOF
