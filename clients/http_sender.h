// The upstream of the HTTP transports (poll, poll-close, longpoll, sse) in the chat and game
// workloads: every message the UpstreamPacer makes due goes up as `POST /send?client=ID`
// (docs/contract.md) on an easy handle and a connection of the client's own, so a POST never waits
// behind a held long poll or SSE stream and the polls keep their own timeline.
#pragma once

#include <curl/curl.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "curl_handles.h"
#include "upstream_pacer.h"

namespace pushbench {

class CurlLoop;
class Measurement;
struct ClientOptions;

class HttpSender {
 public:
  // Without upstream (pacer inactive) it makes no handle and never asks for a wake-up.
  HttpSender(const ClientOptions& options, Measurement& m, CurlLoop& loop);
  ~HttpSender();  // removes the POSTs still in flight from the loop: declare after the loop
  HttpSender(const HttpSender&) = delete;
  HttpSender& operator=(const HttpSender&) = delete;

  // CLOCK_MONOTONIC time of the next planned message; INT64_MAX when none is left.
  int64_t next_due_ns() const noexcept { return pacer_.next_due_ns(); }
  // Queues every message due at `now` and starts a POST for each idle client that has one.
  void send_due(int64_t now);
  // The loop's on_done for every finished transfer: true (and handled) when it is a POST of
  // this sender; then the client's next queued message goes up.
  bool on_done(CURL* easy, CURLcode result) noexcept;

 private:
  struct Message {
    int64_t planned_ns;  // CLOCK_MONOTONIC
    std::string body;
  };
  // One client's POSTs: at most one in flight, the rest waiting in FIFO order behind it.
  struct Outbox {
    int id = 0;
    CurlEasy easy;
    CurlSlist resolve;       // "s<id>.pushbench.test:<port>:<host>": its own connection
    std::string body;        // the message in flight (CURLOPT_POSTFIELDS points here)
    int64_t planned_ns = 0;  // its planned send time, CLOCK_MONOTONIC
    bool in_flight = false;
    bool reported = false;         // on_message_sent called for the one in flight
    std::vector<Message> waiting;  // waiting[head..] are queued
    size_t head = 0;
    Measurement* m = nullptr;
  };

  void setup(Outbox& o);
  void start(Outbox& o) noexcept;
  void finish(Outbox& o, CURLcode result) noexcept;
  static size_t on_write(char* data, size_t size, size_t n, void* outbox) noexcept;
  static int on_request_out(void* outbox, char*, char*, int, int) noexcept;

  const ClientOptions& options_;
  Measurement& m_;
  CurlLoop& loop_;
  UpstreamPacer pacer_;
  CurlSlist headers_;
  std::vector<Outbox> outboxes_;  // by client - first_client; empty without upstream
};

}  // namespace pushbench
