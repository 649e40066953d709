// One simulated HTTP client's libcurl easy handle (polls, SSE stream, POST /send) on a connection
// of its own, and what a finished exchange on it carried. libcurl shares connections between
// handles to one host, so each handle gets a host name of its own, resolved to the server
// through CURLOPT_RESOLVE, while the Host header on the wire stays the server's address. Over
// HTTP/2 a client's handles share one name, so their requests are streams on one connection.
#pragma once

#include <curl/curl.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "curl_handles.h"

namespace pushbench {

class CurlLoop;
class Measurement;
struct ClientOptions;

// The protocol's side of a handle: `owner` is CURLOPT_PRIVATE and the data of both callbacks.
struct CurlClientCallbacks {
  void* owner = nullptr;
  curl_write_callback on_write = nullptr;
  // CURLOPT_PREREQFUNCTION: connected (or a kept-alive connection reused), the request about to
  // go out.
  int (*on_request_out)(void* owner, char* conn_primary_ip, char* conn_local_ip,
                        int conn_primary_port, int conn_local_port) = nullptr;
};

// An easy handle prepared by `loop` whose requests to http://<host_name>:<port>/ reach the
// server on a connection of their own (`resolve` keeps the entry and must outlive the handle).
// Set the Host header to the server's address.
CurlEasy make_own_connection_handle(CurlLoop& loop, const ClientOptions& options,
                                    std::string_view host_name, CurlSlist& resolve,
                                    const CurlClientCallbacks& callbacks);

// The host name of client `id`'s connection for `role` ('c': polls and SSE, 's': POST /send):
// its own per role over HTTP/1.1; over HTTP/2 one per --h2-clients-per-conn consecutive ids,
// whatever the role (one connection carries every stream of those clients).
std::string client_connection_name(const ClientOptions& options, char role, int id);

// The URL of `target` (path and query) on the connection of `host_name`: the one place a
// client's scheme is chosen: https with --tls-ca (make_own_connection_handle sets its options).
std::string own_connection_url(const ClientOptions& options, std::string_view host_name,
                               std::string_view target);

// The header bytes of the exchange a handle just finished, as libcurl counts them.
struct CurlHeaderSizes {
  uint64_t request = 0;   // the request's buffer: headers (and a small POST body, see HttpSender)
  uint64_t response = 0;  // the response's status line and headers
};
CurlHeaderSizes header_sizes(CURL* easy) noexcept;

// The header bytes of the request `easy` just finished, counted in `m`: over HTTP/1.1 libcurl's
// request and response sizes (request_body_bytes, a POST body it counts with its headers, left
// out); over HTTP/2 the request's HPACK block (HpackReplay: `headers` and `method` are what the
// handle sent), the response's being the server's to count (0 here). Returns what was counted.
CurlHeaderSizes count_header_bytes(CurlLoop& loop, Measurement& m, const ClientOptions& options,
                                   CURL* easy, const curl_slist* headers, std::string_view method,
                                   int64_t request_body_bytes = -1);

}  // namespace pushbench
