// What `pushbench conform` needs of HTTP: one blocking GET with its status, Content-Type,
// whether it had a Content-Length, and its body; and an event stream read until enough events
// arrived or time ran out (parsed by the WHATWG rules, sse_parser.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sse_parser.h"

namespace pushbench {

struct HttpAnswer {
  std::string error;  // curl's reason when no answer came; empty otherwise
  long status = 0;
  std::string content_type;
  bool content_length = false;  // the answer said how long its body is
  std::string body;
};

// `tls_ca`: https trusts only the certificate(s) in this PEM file; empty: the system's CAs.
HttpAnswer http_get(const std::string& url, const std::vector<std::string>& headers,
                    double timeout_s, const std::string& tls_ca);

struct SseRead {
  std::string error;  // empty when the stream answered 200 (ended or cut off at the limit)
  long status = 0;
  std::string content_type;
  std::vector<SseEvent> events;
};

// GETs `url` and collects events until `count` arrived or timeout_s passed.
SseRead sse_read(const std::string& url, const std::vector<std::string>& headers, size_t count,
                 double timeout_s, const std::string& tls_ca);

}  // namespace pushbench
