// One HTTP/1.1 response at a time through http-parser.
#include "lean_response.h"

#include <http_parser.h>

#include <new>

namespace pushbench {
namespace {
// The bytes LeanResponse keeps for the parser.
http_parser* parser_in(unsigned char* storage) noexcept {
  return std::launder(reinterpret_cast<http_parser*>(storage));
}

struct Callbacks {
  static int on_body(http_parser* p, const char* at, size_t n);
  static int on_message_complete(http_parser* p);
};
}  // namespace

// What the callbacks reach of the response being read (p->data).
struct LeanResponseAccess {
  static std::string& body(LeanResponse& r) noexcept { return r.body_; }
  static void complete(LeanResponse& r, int status, bool keep_alive) noexcept {
    r.complete_ = true;
    r.status_ = status;
    r.keep_alive_ = keep_alive;
  }
};

static_assert(sizeof(http_parser) <= 32 && alignof(http_parser) <= 8,
              "LeanResponse::parser_ holds an http_parser");

void LeanResponse::reset() noexcept {
  http_parser_init(new (parser_) http_parser{}, HTTP_RESPONSE);
  body_.clear();
  bytes_ = 0;
  status_ = 0;
  complete_ = false;
  keep_alive_ = false;
}

namespace {
int Callbacks::on_body(http_parser* p, const char* at, size_t n) {
  try {
    LeanResponseAccess::body(*static_cast<LeanResponse*>(p->data)).append(at, n);
  } catch (...) {
    return 1;  // out of memory: this response fails (HPE_CB_body)
  }
  return 0;
}

int Callbacks::on_message_complete(http_parser* p) {
  LeanResponseAccess::complete(*static_cast<LeanResponse*>(p->data),
                               static_cast<int>(p->status_code), http_should_keep_alive(p) != 0);
  // Stops the parser right after this response, so execute() returns how many bytes it took.
  http_parser_pause(p, 1);
  return 0;
}
}  // namespace

LeanResponse::Progress LeanResponse::execute(const char* data, size_t n) {
  if (complete_) {
    return Progress::kError;  // bytes after the response asked for
  }
  static const http_parser_settings settings = [] {
    http_parser_settings s{};
    http_parser_settings_init(&s);
    s.on_body = &Callbacks::on_body;
    s.on_message_complete = &Callbacks::on_message_complete;
    return s;
  }();
  http_parser* parser = parser_in(parser_);
  parser->data = this;  // the object may have moved since the last call
  const size_t used = http_parser_execute(parser, &settings, data, n);
  bytes_ += used;
  if (complete_) {
    return used == n ? Progress::kComplete : Progress::kError;
  }
  return HTTP_PARSER_ERRNO(parser) == HPE_OK && used == n ? Progress::kMore : Progress::kError;
}

LeanResponse::Progress LeanResponse::feed(std::string_view bytes) {
  return bytes.empty() ? Progress::kMore : execute(bytes.data(), bytes.size());
}

LeanResponse::Progress LeanResponse::feed_eof() {
  const Progress p = execute(nullptr, 0);
  return p == Progress::kComplete ? p : Progress::kError;
}

}  // namespace pushbench
