# The regression gate's scenario, sourced by gate.sh (CI) and refresh-baseline.sh (the baseline),
# so that both always measure the same thing: poll, poll-close and ws, 50 clients, a 20 events/s
# broadcast of 256-byte events, 200 ms polls, a 4 s window (about 25 s in all).
# shellcheck shell=bash
gate_run_args=(--transports poll,poll-close,ws --clients 50 --rate 20 --payload 256
               --poll-interval 200 --warmup 1.5 --duration 4 --drain 1 --seed 7 --repeat 1)
# Micro benchmarks for the baseline: 10 repetitions, JSON (median aggregates + every repetition).
gate_micro_args=(--benchmark_repetitions=10 --benchmark_min_time=0.2 --benchmark_out_format=json)
