// One client's easy handle on a connection of its own.
#include "curl_client_handle.h"

#include <fmt/format.h>

#include <stdexcept>

#include "client_options.h"
#include "curl_loop.h"

namespace pushbench {

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
  return easy;
}

std::string own_connection_url(const ClientOptions& options, std::string_view host_name,
                               std::string_view target) {
  return fmt::format("http://{}:{}{}", host_name, options.port, target);
}

CurlHeaderSizes header_sizes(CURL* easy) noexcept {
  long request = 0;   // bytes of request headers sent
  long response = 0;  // bytes of response status line + headers received
  curl_easy_getinfo(easy, CURLINFO_REQUEST_SIZE, &request);
  curl_easy_getinfo(easy, CURLINFO_HEADER_SIZE, &response);
  return {static_cast<uint64_t>(request), static_cast<uint64_t>(response)};
}

}  // namespace pushbench
