// One client's easy handle on a connection of its own.
#include "curl_client_handle.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "client_options.h"
#include "curl_loop.h"
#include "measurement.h"
#include "tls_config.h"

namespace pushbench {
namespace {
// https: trust exactly the run's certificate (no system store), offer exactly one version, and
// keep or drop this handle's own session cache (libcurl's cache is per easy handle, so each
// simulated client resumes only its own sessions, as each browser does).
void set_tls_options(CURL* e, const ClientOptions& options) {
  check(curl_easy_setopt(e, CURLOPT_CAINFO, options.tls_ca_path.c_str()), "CURLOPT_CAINFO");
  check(curl_easy_setopt(e, CURLOPT_CAPATH, nullptr), "CURLOPT_CAPATH");
  check(curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L), "CURLOPT_SSL_VERIFYPEER");
  check(curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L), "CURLOPT_SSL_VERIFYHOST");
  // Minimum and maximum: CURL_SSLVERSION_MAX_x is x << 16 (spelt out: g++ warns on curl's
  // macro, an enum shifted beyond its range).
  const long v =
      static_cast<long>(options.tls_version == TlsVersion::kTls12 ? CURL_SSLVERSION_TLSv1_2
                                                                  : CURL_SSLVERSION_TLSv1_3);
  const long version = v | (v << 16);
  check(curl_easy_setopt(e, CURLOPT_SSLVERSION, version), "CURLOPT_SSLVERSION");
  check(curl_easy_setopt(e, CURLOPT_SSL_SESSIONID_CACHE, options.tls_resume ? 1L : 0L),
        "CURLOPT_SSL_SESSIONID_CACHE");
}
}  // namespace

CurlEasy make_own_connection_handle(CurlLoop& loop, const ClientOptions& options,
                                    std::string_view host_name, CurlSlist& resolve,
                                    const CurlClientCallbacks& callbacks) {
  CurlEasy easy(curl_easy_init());
  if (!easy) {
    throw std::runtime_error("curl_easy_init failed");
  }
  CURL* e = easy.get();
  loop.prepare(e);
  append(resolve, fmt::format("{}:{}:{}", host_name, options.port, options.host).c_str());
  check(curl_easy_setopt(e, CURLOPT_RESOLVE, resolve.get()), "CURLOPT_RESOLVE");
  check(curl_easy_setopt(e, CURLOPT_DNS_CACHE_TIMEOUT, -1L), "CURLOPT_DNS_CACHE_TIMEOUT");
  check(curl_easy_setopt(e, CURLOPT_PRIVATE, callbacks.owner), "CURLOPT_PRIVATE");
  check(curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, callbacks.on_write), "CURLOPT_WRITEFUNCTION");
  check(curl_easy_setopt(e, CURLOPT_WRITEDATA, callbacks.owner), "CURLOPT_WRITEDATA");
  check(curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, callbacks.on_request_out),
        "CURLOPT_PREREQFUNCTION");
  check(curl_easy_setopt(e, CURLOPT_PREREQDATA, callbacks.owner), "CURLOPT_PREREQDATA");
  // HTTP/1.1 unless the transport is HTTP/2: libcurl would offer h2 in https' ALPN. HTTP/2
  // without TLS is h2c with prior knowledge (the connection preface first, no Upgrade), the
  // version set per request by the loop (h2c_connections.h).
  const bool h2 = is_h2(options.transport);
  check(curl_easy_setopt(e, CURLOPT_HTTP_VERSION,
                         static_cast<long>(h2 ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_1_1)),
        "CURLOPT_HTTP_VERSION");
  loop.name_connection(e, std::string(host_name));
  if (h2) {
    // A second request while the connection is still being set up waits for it (and for the
    // server's SETTINGS) instead of opening another connection.
    check(curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L), "CURLOPT_PIPEWAIT");
  }
  if (options.tls()) {
    set_tls_options(e, options);
  }
  return easy;
}

std::string client_connection_name(const ClientOptions& options, char role, int id) {
  return is_h2(options.transport) ? own_connection_name('h', id / options.h2_clients_per_conn)
                                  : own_connection_name(role, id);
}

std::string own_connection_url(const ClientOptions& options, std::string_view host_name,
                               std::string_view target) {
  return fmt::format("{}://{}:{}{}", options.tls() ? "https" : "http", host_name, options.port,
                     target);
}

CurlHeaderSizes header_sizes(CURL* easy) noexcept {
  long request = 0;   // bytes of request headers sent
  long response = 0;  // bytes of response status line + headers received
  curl_easy_getinfo(easy, CURLINFO_REQUEST_SIZE, &request);
  curl_easy_getinfo(easy, CURLINFO_HEADER_SIZE, &response);
  return {static_cast<uint64_t>(request), static_cast<uint64_t>(response)};
}

CurlHeaderSizes count_header_bytes(CurlLoop& loop, Measurement& m, const ClientOptions& options,
                                   CURL* easy, const curl_slist* headers, std::string_view method,
                                   int64_t request_body_bytes) {
  if (!is_h2(options.transport)) {
    CurlHeaderSizes sizes = header_sizes(easy);
    // libcurl 7.88 sends a body under 64 KiB in one buffer with the headers and counts it in
    // REQUEST_SIZE; a larger one goes separately and is not (checked: 80 B -> headers + 80,
    // 200 kB -> headers only). Headers never reach 64 KiB, so the sizes tell the cases apart.
    const auto body = static_cast<uint64_t>(std::max<int64_t>(request_body_bytes, 0));
    if (sizes.request > body) {
      sizes.request -= body;
    }
    m.on_header_bytes(sizes.request + sizes.response);
    return sizes;
  }
  long conn = 0;  // the connection's local port: unique among the open ones (one address)
  const char* url = nullptr;
  if (curl_easy_getinfo(easy, CURLINFO_LOCAL_PORT, &conn) != CURLE_OK || conn <= 0 ||
      curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &url) != CURLE_OK || url == nullptr) {
    return {};  // it never connected
  }
  const std::string_view target = HpackReplay::target_of(url);
  const std::string authority = fmt::format("{}:{}", options.host, options.port);
  const HpackReplay::Block block =
      loop.hpack().encode(static_cast<int>(conn), {.method = method,
                                                   .target = target,
                                                   .authority = authority,
                                                   .headers = headers,
                                                   .body_bytes = request_body_bytes});
  m.on_h2_request_block(block.bytes, block.first);
  return {block.bytes, 0};
}

}  // namespace pushbench
