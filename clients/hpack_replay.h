// The size of the HPACK header block of each HTTP/2 request a client sends, replayed through the
// encoder libcurl itself uses: libcurl 7.88 hands its header list to libnghttp2, whose deflater
// (one per connection, 4,096-byte dynamic table) writes the block, and tells no one its size.
// The same list through a deflater of the same library, per connection and in the same order,
// gives the same bytes: the first request on a connection pays for every header once
// (:authority and accept enter the dynamic table), later ones send most as one-byte indices and
// only :path (never indexed by nghttp2) as a literal. Checked against the kernel's byte count of
// the upstream direction (tests/integration/h2_test.cc).
#pragma once

#include <curl/curl.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct nghttp2_hd_deflater;

namespace pushbench {

class HpackReplay {
 public:
  struct Block {
    uint64_t bytes = 0;  // the header block, without the 9-byte frame header
    bool first = false;  // the first request on its connection
  };
  struct Request {
    std::string_view method;     // "GET", "POST"
    std::string_view target;     // path and query
    std::string_view authority;  // the URL's host and port: :authority unless a Host header
    const curl_slist* headers = nullptr;  // CURLOPT_HTTPHEADER, "Name: value" lines
    int64_t body_bytes = -1;              // a POST body's length (content-length); -1: none
  };

  HpackReplay();
  ~HpackReplay();
  HpackReplay(const HpackReplay&) = delete;
  HpackReplay& operator=(const HpackReplay&) = delete;

  // The block of `request` as the next one on connection `conn` (any id unique among the open
  // connections: the client socket's local port). Blocks are encoded as requests complete;
  // libcurl encodes them as they go out: on a connection with several requests in flight the
  // order may differ, which only moves a header's first (literal) occurrence between them.
  Block encode(int conn, const Request& request);
  // Connection `conn` closed: a new one under the same id starts with an empty table.
  void forget(int conn) noexcept;

  // "https://host:port/path?q" -> "/path?q".
  static std::string_view target_of(std::string_view url) noexcept;

 private:
  struct DeflaterDelete {
    void operator()(nghttp2_hd_deflater* d) const noexcept;
  };
  struct Connection {
    std::unique_ptr<nghttp2_hd_deflater, DeflaterDelete> deflater;
    uint64_t blocks = 0;
  };

  std::unordered_map<int, Connection> by_conn_;
  std::vector<uint8_t> out_;
};

}  // namespace pushbench
