// One TCP connection of the lean HTTP engine (--http-engine lean): a non-blocking socket from
// the client's source address, counted by the window's socket meter from its opening, watched by
// the session's epoll set under a tag, and closed through the meter (which may keep the
// descriptor a little longer to count the teardown, as for every libcurl socket). Owned: moved,
// never copied, closed on destruction.
#pragma once

#include <cstdint>
#include <utility>

#include "server_address.h"

namespace pushbench {

class SocketMeter;

class LeanConnection {
 public:
  LeanConnection() noexcept = default;
  ~LeanConnection() { close(); }
  LeanConnection(LeanConnection&& o) noexcept { *this = std::move(o); }
  LeanConnection& operator=(LeanConnection&& o) noexcept;
  LeanConnection(const LeanConnection&) = delete;
  LeanConnection& operator=(const LeanConnection&) = delete;

  // Closes what it held, then starts connecting to `server` from `source_addr_be` (0: the
  // kernel's choice), watched for EPOLLOUT (connected or failed) in `epoll_fd` with `tag` as
  // its data. False when a system call failed (nothing is left open).
  bool open(const ServerAddress& server, uint32_t source_addr_be, SocketMeter& meter, int epoll_fd,
            uint64_t tag) noexcept;
  // Watches `events` from now on (no system call when they are the ones watched).
  bool watch(uint32_t events) noexcept;
  // The connect finished: true when it succeeded (SO_ERROR).
  bool connected() const noexcept;
  // Out of the epoll set, then closed through the meter. Nothing when not open.
  void close() noexcept;

  int fd() const noexcept { return fd_; }
  explicit operator bool() const noexcept { return fd_ >= 0; }

 private:
  int fd_ = -1;
  int epoll_fd_ = -1;
  uint32_t events_ = 0;  // watched now
  uint64_t tag_ = 0;
  SocketMeter* meter_ = nullptr;
};

}  // namespace pushbench
