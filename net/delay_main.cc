// pushbench-delay: the delay stage where the kernel has no netem. Holds each packet of one
// NFQUEUE queue until its release time (one-way delay, seeded jitter, in order within a flow),
// then accepts it. Prints "ready" once bound, and on SIGINT/SIGTERM accepts what it holds, prints
// its stats as one line of JSON (also to --stats, rewritten every 100 ms) and exits 0.
#include <sched.h>
#include <sys/resource.h>

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <utility>

#include "cli.h"
#include "clock.h"
#include "config_error.h"
#include "delay_stage.h"
#include "stop_flag.h"

int main(int argc, char** argv) {
  return pushbench::run_main("pushbench-delay", [&] {
    CLI::App app{"pushbench-delay: hold each packet of an NFQUEUE queue until its release time",
                 "pushbench-delay"};
    pushbench::DelayStageOptions o;
    double delay_ms = 0;
    double jitter_ms = 0;
    double late_ms = 1;
    app.add_option("--queue", o.queue_num, "NFQUEUE queue number (iptables --queue-num)")
        ->check(CLI::Range(0, 65535))
        ->capture_default_str();
    pushbench::add_duration_option(app, "--delay-ms", delay_ms, pushbench::TimeUnit::kMilliseconds,
                                   "one-way delay added to every packet, 0..60s");
    pushbench::add_duration_option(app, "--jitter-ms", jitter_ms,
                                   pushbench::TimeUnit::kMilliseconds,
                                   "width of the uniform jitter around the delay (+-jitter/2), "
                                   "0..60s; packets of one flow stay in order");
    app.add_option("--seed", o.spec.seed, "seed of the jitter")->capture_default_str();
    pushbench::add_duration_option(app, "--late-ms", late_ms, pushbench::TimeUnit::kMilliseconds,
                                   "a packet read or released more than this after its release "
                                   "time counts as late (the stage fell behind), 0..60s");
    app.add_option("--stats", o.stats_path, "rewrite this file with the stats every 100 ms");
    pushbench::parse_cli(app, argc, argv);
    for (const auto& [option, ms] :
         {std::pair{"--delay-ms", delay_ms}, std::pair{"--jitter-ms", jitter_ms},
          std::pair{"--late-ms", late_ms}}) {
      if (!(ms >= 0) || ms > 60000) {
        throw pushbench::ConfigError(fmt::format("{} must be 0..60000 ms (got {})", option, ms));
      }
    }
    if (jitter_ms > 2 * delay_ms) {
      throw pushbench::ConfigError("--jitter-ms must not exceed twice --delay-ms");
    }
    auto ns = [](double ms) { return std::llround(ms * pushbench::kNsPerMs); };
    o.spec.delay_ns = ns(delay_ms);
    o.spec.jitter_ns = ns(jitter_ms);
    o.late_ns = ns(late_ms);
    // The stage stands in for the wire: it must not queue behind the server and client whose
    // packets it carries. SCHED_FIFO (root) runs it the moment a release is due; it never spins,
    // so it takes only the CPU its packets need. At nice -10 instead, a server's fan-out on the
    // same core held it: satellite, 500 ws clients, 4,241 of 96,941 packets released over 1 ms
    // late (the row flagged delay_saturated); SCHED_FIFO 128. Without root, the default.
    if (sched_param sp{.sched_priority = 1}; sched_setscheduler(0, SCHED_FIFO, &sp) != 0) {
      setpriority(PRIO_PROCESS, 0, -10);
    }
    pushbench::install_stop_signal();
    const pushbench::DelayStageStats stats = pushbench::run_delay_stage(o, [] {
      fmt::print("ready\n");
      std::fflush(stdout);
    });
    fmt::print("{}\n", stats.json());
    return 0;
  });
}
