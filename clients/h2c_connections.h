// Which HTTP version each request of an h2c (HTTP/2 over cleartext TCP, prior knowledge) client
// asks libcurl for. libcurl 7.88 (Debian 12) breaks a reused prior-knowledge connection: a
// transfer that asks for CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE on a connection that already speaks
// HTTP/2 sends a second connection preface into it (curl issue 10634, fixed in 8.0.0), and the
// server answers with a GOAWAY. So only the request that opens a connection asks for prior
// knowledge; every request while that connection is being opened or is up asks for
// CURL_HTTP_VERSION_2_0, which reuses an HTTP/2 connection as it is. State per connection name
// (client_connection_name), learnt from the transfers' outcomes: a connection is taken to be
// there from the request that opens it until a transfer on it fails.
// If the server closes an idle connection between two requests, the next one (asking for 2_0)
// opens a plaintext HTTP/1.1 connection with an Upgrade that an h2c server does not speak; it
// fails, is counted as an error, and the one after opens a prior-knowledge connection again.
#pragma once

#include <curl/curl.h>

#include <string>
#include <unordered_map>
#include <unordered_set>

namespace pushbench {

class H2cConnections {
 public:
  // `easy`'s requests go on connection `name` (set when the handle is made).
  void name(CURL* easy, std::string name) { names_[easy] = std::move(name); }
  // Sets `easy`'s CURLOPT_HTTP_VERSION for its next request.
  void before_request(CURL* easy);
  // `easy`'s request ended: unless ok its connection may be gone.
  void after_request(CURL* easy, bool ok);
  // How many requests asked for prior knowledge (opened a connection).
  long opened() const noexcept { return opened_; }

 private:
  std::unordered_set<std::string> open_;          // connections opened (or opening), by name
  std::unordered_map<CURL*, std::string> names_;  // each handle's connection
  long opened_ = 0;
};

}  // namespace pushbench
