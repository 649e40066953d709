// One client's GET, built once, its cursor rewritten in place.
#include "lean_request.h"

#include <fmt/format.h>

namespace pushbench {

LeanRequest::LeanRequest(std::string_view path, int client_id, std::string_view host, int port,
                         bool close) {
  text_ = fmt::format("GET /{}?client={}&after=", path, client_id);
  cursor_at_ = text_.size();
  text_ += "-1";
  cursor_len_ = 2;
  // libcurl's order: the request line, Host (set to the server's address), Accept, then the
  // headers a client adds.
  fmt::format_to(std::back_inserter(text_), " HTTP/1.1\r\nHost: {}:{}\r\nAccept: */*\r\n{}\r\n",
                 host, port, close ? "Connection: close\r\n" : "");
}

std::string_view LeanRequest::with_cursor(int64_t after) {
  const fmt::format_int digits(after);
  text_.replace(cursor_at_, cursor_len_, digits.data(), digits.size());
  cursor_len_ = digits.size();
  return text_;
}

}  // namespace pushbench
