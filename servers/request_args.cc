// Query arguments of /poll and /ws.
#include "request_args.h"

#include <libwebsockets.h>

#include <fmt/format.h>

#include <array>
#include <string_view>

#include "parse.h"

namespace pushbench {
namespace {
constexpr int kMaxArg = kMaxQueryArgBytes + 1;  // lws copies with a NUL

struct QueryArgs {
  std::string client, after;
  bool has_client = false, has_after = false;
  std::string error;
};

enum class Fragment { kEnd, kOverlong, kText };

// One pass over the query fragments ("name=value" each); next(i, text) reads fragment i.
// lws_get_urlarg_by_name() stops at the first fragment longer than its buffer, so a long
// unrelated argument would hide ours; here an overlong argument is an error instead.
template <class Next>
QueryArgs read_query(Next next) {
  QueryArgs q;
  for (int i = 0;; ++i) {
    std::string_view arg;
    const Fragment f = next(i, arg);
    if (f == Fragment::kEnd) {
      return q;  // no more arguments
    }
    if (f == Fragment::kOverlong) {
      q.error = fmt::format("query argument {} is longer than {} bytes", i + 1, kMaxArg - 1);
      return q;
    }
    if (arg.substr(0, 7) == "client=" && !q.has_client) {
      q.client = arg.substr(7);
      q.has_client = true;
    } else if (arg.substr(0, 6) == "after=" && !q.has_after) {
      q.after = arg.substr(6);
      q.has_after = true;
    }
  }
}

RequestArgs check(QueryArgs q, int clients, bool with_after) {
  RequestArgs out;
  if (!q.error.empty()) {
    out.error = std::move(q.error);
    return out;
  }
  if (!q.has_client) {
    out.error = "missing client";
    return out;
  }
  auto id = parse_int(q.client);
  if (!id) {
    out.error = fmt::format("client must be a number (got '{}')", q.client);
    return out;
  }
  if (*id < 0 || *id >= clients) {
    out.error = fmt::format("client {} out of range 0..{}", *id, clients - 1);
    return out;
  }
  out.client = static_cast<int>(*id);
  if (with_after && q.has_after) {
    auto a = parse_int(q.after);
    if (!a || *a < -1) {
      out.error = fmt::format("after must be a number >= -1 (got '{}')", q.after);
      return out;
    }
    out.after = *a;
  }
  return out;
}
}  // namespace

RequestArgs parse_request_args(lws* wsi, int clients, bool with_after) {
  std::array<char, kMaxArg> buf{};
  return check(read_query([&](int i, std::string_view& arg) {
                 const int n =
                     lws_hdr_copy_fragment(wsi, buf.data(), kMaxArg, WSI_TOKEN_HTTP_URI_ARGS, i);
                 if (n == -1 && lws_hdr_fragment_length(wsi, WSI_TOKEN_HTTP_URI_ARGS, i) == 0) {
                   return Fragment::kEnd;
                 }
                 if (n < 0) {
                   return Fragment::kOverlong;
                 }
                 arg = std::string_view(buf.data(), static_cast<size_t>(n));
                 return Fragment::kText;
               }),
               clients, with_after);
}

RequestArgs parse_request_args(std::span<const std::string_view> fragments, int clients,
                               bool with_after) {
  return check(read_query([&](int i, std::string_view& arg) {
                 if (static_cast<size_t>(i) >= fragments.size()) {
                   return Fragment::kEnd;
                 }
                 arg = fragments[static_cast<size_t>(i)];
                 return arg.size() >= static_cast<size_t>(kMaxArg) ? Fragment::kOverlong
                                                                   : Fragment::kText;
               }),
               clients, with_after);
}

}  // namespace pushbench
