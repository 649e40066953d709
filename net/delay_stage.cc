// The NFQUEUE delay loop (libnetfilter_queue).
#include "delay_stage.h"

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <poll.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>
#include <libnetfilter_queue/libnetfilter_queue.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <queue>
#include <stdexcept>
#include <vector>

#include "clock.h"
#include "csv_writer.h"
#include "fd.h"
#include "stop_flag.h"

namespace pushbench {
namespace {
constexpr uint32_t kQueueMaxLen = 200'000;  // packets the kernel may queue for us
constexpr int kRecvBuf = 16 << 20;
constexpr int kCopyBytes = 64;  // enough of each packet for its IPv4/TCP/UDP ports
// pushbench run reads the stats at each window's edges (its late packets per repetition): a
// snapshot at most this old.
constexpr int64_t kStatsEveryNs = 100 * kNsPerMs;

struct Held {
  int64_t release_ns;
  uint32_t id;
  bool operator>(const Held& o) const noexcept {
    return release_ns != o.release_ns ? release_ns > o.release_ns : id > o.id;
  }
};

int64_t realtime_ns() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return ts.tv_sec * kNsPerSec + ts.tv_nsec;
}

// The CPUs this process may run on, as a list of ranges: "0", "0-1,3".
std::string affinity() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) {
    return "";
  }
  std::string out;
  for (int c = 0; c < CPU_SETSIZE; ++c) {
    if (!CPU_ISSET(c, &set)) {
      continue;
    }
    int last = c;
    while (last + 1 < CPU_SETSIZE && CPU_ISSET(last + 1, &set)) {
      ++last;
    }
    out += fmt::format("{}{}", out.empty() ? "" : ",", c);
    if (last > c) {
      out += fmt::format("-{}", last);
    }
    c = last;
  }
  return out;
}

// User and system CPU time of this process, ns.
std::pair<int64_t, int64_t> cpu_ns() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto ns = [](const timeval& tv) { return tv.tv_sec * kNsPerSec + tv.tv_usec * 1000; };
  return {ns(ru.ru_utime), ns(ru.ru_stime)};
}

class Stage {
 public:
  explicit Stage(const DelayStageOptions& o)
      : o_(o), schedule_(o.spec), read_every_ns_(read_interval_ns(o.spec)) {}

  // The queue callback: schedules the packet's release.
  int on_packet(nfq_data* nfa) {
    const nfqnl_msg_packet_hdr* ph = nfq_get_msg_packet_hdr(nfa);
    if (!ph) {
      return 0;
    }
    const int64_t now = mono_ns();
    int64_t arrival = now;
    timeval tv{};
    if (nfq_get_timestamp(nfa, &tv) == 0 && tv.tv_sec > 0) {
      // The kernel's receive time (CLOCK_REALTIME) on our monotonic clock.
      arrival = tv.tv_sec * kNsPerSec + tv.tv_usec * 1000 - realtime_offset_;
      arrival = std::min(arrival, now);
      stats_.timestamps = true;
    }
    unsigned char* payload = nullptr;
    const int len = nfq_get_payload(nfa, &payload);
    const uint64_t flow = len > 0 ? flow_key(payload, static_cast<size_t>(len)) : 0;
    const int64_t release = schedule_.release_ns(flow, arrival);
    note_lateness(now - release, stats_.late_read);
    held_.push({release, ntohl(ph->packet_id)});
    stats_.max_held = std::max<uint64_t>(stats_.max_held, held_.size());
    return 0;
  }

  DelayStageStats run(void (*ready)()) {
    std::unique_ptr<nfq_handle, int (*)(nfq_handle*)> h(nfq_open(), nfq_close);
    if (!h) {
      throw std::runtime_error(fmt::format("nfq_open: {}", std::strerror(errno)));
    }
    nfq_bind_pf(h.get(), AF_INET);  // a no-op on kernels >= 3.8, needed before
    qh_ = nfq_create_queue(h.get(), static_cast<uint16_t>(o_.queue_num), &Stage::callback, this);
    if (!qh_) {
      throw std::runtime_error(
          fmt::format("cannot bind NFQUEUE {}: {}", o_.queue_num, std::strerror(errno)));
    }
    if (nfq_set_mode(qh_, NFQNL_COPY_PACKET, kCopyBytes) < 0) {
      throw std::runtime_error("nfq_set_mode failed");
    }
    nfq_set_queue_maxlen(qh_, kQueueMaxLen);
    // GSO super-packets whole: one verdict for what the sender handed over at once.
    nfq_set_queue_flags(qh_, NFQA_CFG_F_GSO, NFQA_CFG_F_GSO);
    nfnl_rcvbufsiz(nfq_nfnlh(h.get()), kRecvBuf);
    const int fd = nfq_fd(h.get());
    enable_timestamps();
    prctl(PR_SET_TIMERSLACK, 1000UL);  // wake within 1 us of a release time, not 50 us
    if (ready) {
      ready();
    }
    const int64_t start = mono_ns();
    const auto cpu_start = cpu_ns();
    stats_.cpus = affinity();
    stats_.sched = sched_getscheduler(0) == SCHED_FIFO
                       ? "fifo"
                       : fmt::format("other nice {}", getpriority(PRIO_PROCESS, 0));
    int64_t next_stats = start + kStatsEveryNs;
    std::vector<char> buf(1 << 16);
    int64_t last_read = start;
    while (!stop_requested()) {
      realtime_offset_ = realtime_ns() - mono_ns();
      const int64_t now = mono_ns();
      // Holding packets, the stage wakes for the next release or the next read, whichever comes
      // first, not for each arrival: packets wait in the kernel's queue with their arrival time.
      // Holding none, with a delay too short to read in batches, or without the kernel's
      // timestamps (a packet's arrival would then be when it is read), it wakes for each arrival.
      const bool batch = !held_.empty() && read_every_ns_ > 0 && stats_.timestamps;
      int64_t wake = held_.empty() ? now + 100 * kNsPerMs : held_.top().release_ns;
      if (batch) {
        wake = std::min(wake, last_read + read_every_ns_);
      }
      const int64_t wait = std::clamp<int64_t>(wake - now, 0, 100 * kNsPerMs);
      pollfd p{fd, static_cast<short>(batch ? 0 : POLLIN), 0};
      const timespec ts{wait / kNsPerSec, wait % kNsPerSec};
      ppoll(&p, 1, &ts, nullptr);
      read_all(fd, h.get(), buf);
      last_read = mono_ns();
      release_due(last_read);
      if (mono_ns() >= next_stats && !o_.stats_path.empty()) {
        finish_stats(start, cpu_start);
        write_snapshot();
        next_stats += kStatsEveryNs;
      }
    }
    // Stop: every packet still held goes now, so no connection waits on a dead stage.
    release_due(INT64_MAX);
    nfq_destroy_queue(qh_);
    finish_stats(start, cpu_start);
    write_stats();
    return stats_;
  }

 private:
  static int callback(nfq_q_handle*, nfgenmsg*, nfq_data* nfa, void* self) {
    return static_cast<Stage*>(self)->on_packet(nfa);
  }

  // The kernel sets an arriving packet's receive timestamp only while some socket asked for
  // timestamps (net_enable_timestamp is global): this one does, for as long as we run.
  void enable_timestamps() {
    ts_socket_ = Fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    const int on = 1;
    if (ts_socket_.get() >= 0) {
      setsockopt(ts_socket_.get(), SOL_SOCKET, SO_TIMESTAMP, &on, sizeof on);
    }
  }

  void read_all(int fd, nfq_handle* h, std::vector<char>& buf) {
    while (true) {
      const ssize_t n = recv(fd, buf.data(), buf.size(), MSG_DONTWAIT);
      if (n > 0) {
        nfq_handle_packet(h, buf.data(), static_cast<int>(n));
      } else if (n < 0 && errno == ENOBUFS) {
        ++stats_.recv_overruns;
      } else {
        return;  // EAGAIN, EINTR (a stop signal) or EOF
      }
    }
  }

  // Accepts every held packet due by `until` (INT64_MAX: all).
  void release_due(int64_t until) {
    while (!held_.empty() && held_.top().release_ns <= until) {
      const Held h = held_.top();
      held_.pop();
      nfq_set_verdict(qh_, h.id, NF_ACCEPT, 0, nullptr);
      ++stats_.packets;
      if (until != INT64_MAX) {
        note_lateness(mono_ns() - h.release_ns, stats_.late_verdict);
      }
    }
  }

  void note_lateness(int64_t late_ns, uint64_t& counter) {
    if (late_ns > o_.late_ns) {
      ++counter;
    }
    stats_.max_late_ns = std::max(stats_.max_late_ns, late_ns);
  }

  void finish_stats(int64_t start, std::pair<int64_t, int64_t> cpu_start) {
    const auto [user, sys] = cpu_ns();
    stats_.cpu_user_ns = user - cpu_start.first;
    stats_.cpu_ns = stats_.cpu_user_ns + sys - cpu_start.second;
    stats_.wall_s = static_cast<double>(mono_ns() - start) / 1e9;
  }

  // A snapshot for pushbench run, not a record: renamed into place (a reader sees the old or
  // the new file whole) but not fsync'ed, which would stall the stage for milliseconds while it
  // holds packets.
  void write_snapshot() const {
    const std::string tmp = o_.stats_path + ".tmp";
    if (FILE* f = std::fopen(tmp.c_str(), "w")) {
      const std::string text = stats_.json() + "\n";
      const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
      if (std::fclose(f) == 0 && ok) {
        std::rename(tmp.c_str(), o_.stats_path.c_str());
      }
    }
  }

  void write_stats() const {
    if (!o_.stats_path.empty()) {
      write_file_atomic(o_.stats_path, stats_.json() + "\n");
    }
  }

  DelayStageOptions o_;
  DelaySchedule schedule_;
  nfq_q_handle* qh_ = nullptr;
  std::priority_queue<Held, std::vector<Held>, std::greater<>> held_;
  DelayStageStats stats_;
  int64_t read_every_ns_;
  int64_t realtime_offset_ = realtime_ns() - mono_ns();
  Fd ts_socket_;
};
}  // namespace

std::string DelayStageStats::json() const {
  const double per_packet =
      packets ? static_cast<double>(cpu_ns) / static_cast<double>(packets) : 0.0;
  return fmt::format(
      "{{\"packets\":{},\"late_read\":{},\"late_verdict\":{},\"max_late_us\":{:.1f},"
      "\"recv_overruns\":{},\"max_held\":{},\"cpu_s\":{:.6f},\"cpu_user_s\":{:.6f},"
      "\"cpu_ns_per_packet\":{:.0f},"
      "\"wall_s\":{:.3f},\"kernel_timestamps\":{},\"cpus\":\"{}\",\"sched\":\"{}\"}}",
      packets, late_read, late_verdict, static_cast<double>(max_late_ns) / 1e3, recv_overruns,
      max_held, static_cast<double>(cpu_ns) / 1e9, static_cast<double>(cpu_user_ns) / 1e9,
      per_packet, wall_s, timestamps, cpus, sched);
}

DelayStageStats run_delay_stage(const DelayStageOptions& options, void (*ready)()) {
  Stage stage(options);
  return stage.run(ready);
}

}  // namespace pushbench
