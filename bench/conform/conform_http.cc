// `pushbench conform`'s HTTP requests.
#include "conform_http.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <string_view>

#include "curl_handles.h"

namespace pushbench {
namespace {

constexpr size_t kMaxBody = 16 * 1024 * 1024;

struct Transfer {
  CurlEasy easy{curl_easy_init()};
  CurlSlist headers;
};

Transfer prepare(const std::string& url, const std::vector<std::string>& headers, double timeout_s,
                 const std::string& tls_ca) {
  Transfer t;
  if (!t.easy) {
    throw std::runtime_error("curl_easy_init failed");
  }
  for (const std::string& h : headers) {
    append(t.headers, h.c_str());
  }
  CURL* e = t.easy.get();
  check(curl_easy_setopt(e, CURLOPT_URL, url.c_str()), "CURLOPT_URL");
  check(curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.headers.get()), "CURLOPT_HTTPHEADER");
  check(curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L), "CURLOPT_NOSIGNAL");
  check(curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_s * 1000)),
        "CURLOPT_TIMEOUT_MS");
  if (!tls_ca.empty()) {
    check(curl_easy_setopt(e, CURLOPT_CAINFO, tls_ca.c_str()), "CURLOPT_CAINFO");
  }
  return t;
}

std::string content_type(CURL* e) {
  char* type = nullptr;
  curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &type);
  return type != nullptr ? type : "";
}

size_t collect(char* data, size_t size, size_t n, void* user) noexcept {
  auto* body = static_cast<std::string*>(user);
  if (body->size() + size * n > kMaxBody) {
    return 0;
  }
  try {
    body->append(data, size * n);
  } catch (...) {
    return 0;
  }
  return size * n;
}

struct SseState {
  SseParser parser{kMaxBody};
  SseRead* read = nullptr;
  size_t count = 0;
};

size_t on_stream(char* data, size_t size, size_t n, void* user) noexcept {
  auto* s = static_cast<SseState*>(user);
  try {
    const bool ok = s->parser.feed(std::string_view(data, size * n),
                                   [&](const SseEvent& e) { s->read->events.push_back(e); });
    if (!ok || s->read->events.size() >= s->count) {
      return 0;  // enough (or unusable): stop reading
    }
  } catch (...) {
    return 0;
  }
  return size * n;
}
}  // namespace

HttpAnswer http_get(const std::string& url, const std::vector<std::string>& headers,
                    double timeout_s, const std::string& tls_ca) {
  Transfer t = prepare(url, headers, timeout_s, tls_ca);
  HttpAnswer a;
  CURL* e = t.easy.get();
  check(curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &collect), "CURLOPT_WRITEFUNCTION");
  check(curl_easy_setopt(e, CURLOPT_WRITEDATA, &a.body), "CURLOPT_WRITEDATA");
  if (const CURLcode rc = curl_easy_perform(e); rc != CURLE_OK) {
    a.error = curl_easy_strerror(rc);
    return a;
  }
  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &a.status);
  a.content_type = content_type(e);
  curl_off_t length = -1;
  curl_easy_getinfo(e, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
  a.content_length = length >= 0;
  return a;
}

SseRead sse_read(const std::string& url, const std::vector<std::string>& headers, size_t count,
                 double timeout_s, const std::string& tls_ca) {
  Transfer t = prepare(url, headers, timeout_s, tls_ca);
  SseRead r;
  SseState state;
  state.read = &r;
  state.count = count;
  CURL* e = t.easy.get();
  check(curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &on_stream), "CURLOPT_WRITEFUNCTION");
  check(curl_easy_setopt(e, CURLOPT_WRITEDATA, &state), "CURLOPT_WRITEDATA");
  const CURLcode rc = curl_easy_perform(e);
  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &r.status);
  r.content_type = content_type(e);
  // Cut off by us (enough events) or by the time limit: the stream itself was fine.
  if (rc != CURLE_OK && rc != CURLE_WRITE_ERROR && rc != CURLE_OPERATION_TIMEDOUT) {
    r.error = curl_easy_strerror(rc);
  }
  return r;
}

}  // namespace pushbench
