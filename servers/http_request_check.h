// What lws 4.1.6's parser lets through and this server refuses itself (400 with a one-line
// reason): a version other than HTTP/1.0 or HTTP/1.1, HTTP/1.1 without Host (RFC 9112 §3.2), a
// body on a request other than POST (lws would hold the connection and its header slot waiting
// for it), and a path with bytes outside printable ASCII.
// lws itself answers (403, 414, 431, or closes) an unknown method, an overlong URI or header
// block, and a broken URL encoding; it folds method case while lexing, so "get" is read as GET.
#pragma once

#include <string>
#include <string_view>

struct lws;

namespace pushbench {

// The reason the request on wsi is refused, or "" when it may be served. `path` as lws decoded
// it, with its full length (a NUL inside ends the C string early).
std::string request_problem(lws* wsi, std::string_view path);

}  // namespace pushbench
