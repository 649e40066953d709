// The HTTP transports' (poll, poll-close, longpoll, sse) share of the connection layer: one
// libcurl multi on epoll (CurlLoop), the upstream POSTs (HttpSender), --churn, and the loop that
// ties them to the window and the stop flag. A subclass does its protocol: which requests go out
// when, and what a finished transfer means.
#pragma once

#include <curl/curl.h>

#include <cstdint>

#include "churn.h"
#include "curl_loop.h"
#include "http_sender.h"
#include "session.h"

namespace pushbench {

struct ClientOptions;
class Measurement;

class CurlClientSession : public Session {
 public:
  CurlClientSession(const CurlClientSession&) = delete;
  CurlClientSession& operator=(const CurlClientSession&) = delete;

  // Serves every client until stop_requested(), then marks the session stopping.
  void run() final;

 protected:
  CurlClientSession(const ClientOptions& options, Measurement& m);
  // A subclass's destructor removes its transfers still in the multi (the loop and the sender,
  // members of this base, outlive its handles).
  ~CurlClientSession() override = default;

  // Starts what is due at `now` (connects admitted, polls on their timeline).
  virtual void start_due(int64_t now) = 0;
  // When start_due() has something to do next; INT64_MAX: nothing planned.
  virtual int64_t next_due_ns() const noexcept = 0;
  // --churn picked client `index` to drop its connection and reconnect.
  virtual void churn(int index) = 0;
  // A transfer of the subclass finished (already out of the multi).
  virtual void on_transfer_done(CURL* easy, CURLcode result) noexcept = 0;

  bool stopping() const noexcept { return stopping_; }

  const ClientOptions& options_;
  Measurement& m_;
  CurlLoop loop_;

 private:
  static void on_done(void* self, CURL* easy, CURLcode result) noexcept;

  bool stopping_ = false;
  Churn churn_;
  HttpSender sender_;  // after loop_: removes its transfers from it first
};

}  // namespace pushbench
