// Fuzzes the query arguments of /poll, /longpoll, /sse, /ws and /send (servers/request_args.cc):
// the input is the query of a request target, the bytes after its '?', its last bytes also pick
// the server's client count and whether `after` is read. libwebsockets is not linked: the two
// accessors request_args.cc calls are defined here over the fragments lws 4.1.6 would have made
// of that query (lws_parse_urldecode in roles/http/parsers.c, modelled below).
// Invariants: an accepted request names a client in 0..clients-1, read from its first client=
// argument, and an `after` >= -1 (-1 when not read); a refused one has a one-line reason of
// bounded length; an extra unrelated argument changes nothing.
#include <fuzzer/FuzzedDataProvider.h>
#include <libwebsockets.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "parse.h"
#include "request_args.h"

namespace {
struct Query {
  std::vector<std::string> fragments;  // lws' WSI_TOKEN_HTTP_URI_ARGS fragments, in order
};

int hex(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
    return (c | 0x20) - 'a' + 10;
  }
  return -1;
}

// lws 4.1.6 on the bytes after '?': the URI ends at a space (or a line end); %XX is decoded (a
// bad escape is refused, a decoded NUL fails the request, a decoded CR or LF ends the request
// line); an unencoded '&' or ';' starts the next fragment (at most WSI_TOKEN_COUNT in all, the
// header table's size); unencoded '+' is a space; an encoded '=' before the fragment's first
// literal '=' becomes '_'. nullopt: lws refuses the request before our code sees it.
std::optional<Query> lws_query(std::string_view raw) {
  Query q;
  q.fragments.emplace_back();
  bool literal_equal = false;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    bool encoded = false;
    if (c == ' ' || c == '\r' || c == '\n') {
      break;
    }
    if (c == '%') {
      if (i + 2 >= raw.size() || hex(raw[i + 1]) < 0 || hex(raw[i + 2]) < 0) {
        return std::nullopt;
      }
      c = static_cast<char>(hex(raw[i + 1]) << 4 | hex(raw[i + 2]));
      encoded = true;
      i += 2;
    }
    if (c == '\0') {
      return std::nullopt;
    }
    if (c == '\r' || c == '\n') {
      break;
    }
    if (!encoded && (c == '&' || c == ';')) {
      if (q.fragments.size() + 2 >= WSI_TOKEN_COUNT) {  // + the URI's own fragment
        return std::nullopt;
      }
      q.fragments.emplace_back();
      literal_equal = false;
      continue;
    }
    if (c == '=' && encoded && !literal_equal) {
      c = '_';
    }
    literal_equal = literal_equal || (c == '=' && !encoded);
    if (c == '+' && !encoded) {
      c = ' ';
    }
    q.fragments.back() += c;
  }
  return q;
}

const std::string* fragment(lws* wsi, lws_token_indexes h, int index) {
  const auto* q = reinterpret_cast<const Query*>(wsi);
  FUZZ_CHECK(h == WSI_TOKEN_HTTP_URI_ARGS);
  if (index < 0 || static_cast<size_t>(index) >= q->fragments.size()) {
    return nullptr;
  }
  return &q->fragments[static_cast<size_t>(index)];
}

pushbench::RequestArgs parse(const Query& q, int clients, bool with_after) {
  return pushbench::parse_request_args(reinterpret_cast<lws*>(const_cast<Query*>(&q)), clients,
                                       with_after);
}

bool same(const pushbench::RequestArgs& a, const pushbench::RequestArgs& b) {
  return a.client == b.client && a.after == b.after && a.error == b.error;
}
}  // namespace

// lws 4.1.6's semantics (roles/http/parsers.c): -1 when the fragment does not exist or does not
// fit `len` with its NUL; 0 length for a missing fragment.
extern "C" int lws_hdr_copy_fragment(lws* wsi, char* dst, int len, lws_token_indexes h,
                                     int frag_idx) {
  const std::string* f = fragment(wsi, h, frag_idx);
  if (f == nullptr || f->size() >= static_cast<size_t>(len)) {
    return -1;
  }
  std::memcpy(dst, f->data(), f->size());
  dst[f->size()] = '\0';
  return static_cast<int>(f->size());
}

extern "C" int lws_hdr_fragment_length(lws* wsi, lws_token_indexes h, int frag_idx) {
  const std::string* f = fragment(wsi, h, frag_idx);
  return f == nullptr ? 0 : static_cast<int>(f->size());
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  const int clients = in.ConsumeIntegralInRange(1, 100'000);
  const bool with_after = in.ConsumeBool();
  const std::optional<Query> q = lws_query(in.ConsumeRemainingBytesAsString());
  if (!q) {
    return 0;
  }
  const pushbench::RequestArgs args = parse(*q, clients, with_after);
  if (args.error.empty()) {
    FUZZ_CHECK(args.client >= 0 && args.client < clients);
    FUZZ_CHECK(with_after ? args.after >= -1 : args.after == -1);
    const std::string* first = nullptr;
    for (const std::string& f : q->fragments) {
      if (f.starts_with("client=")) {
        first = &f;
        break;
      }
    }
    FUZZ_CHECK(first != nullptr && pushbench::parse_int(first->substr(7)) == args.client);
  } else {
    FUZZ_CHECK(args.error.find_first_of("\r\n") == std::string::npos);
    FUZZ_CHECK(args.error.size() <= 400);
  }

  Query more = *q;
  if (more.fragments.size() + 2 < WSI_TOKEN_COUNT) {
    more.fragments.emplace_back("_=1");
    FUZZ_CHECK(same(parse(more, clients, with_after), args));
  }
  return 0;
}
