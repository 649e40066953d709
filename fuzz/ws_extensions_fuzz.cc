// Fuzzes how a ws-deflate client reads the server's Sec-WebSocket-Extensions answer
// (accepts_permessage_deflate, common/ws_deflate.h) and the --deflate-offer value.
// Invariants: the answer is yes iff one comma-separated entry, before its ';' parameters and
// without surrounding blanks, is exactly "permessage-deflate" (checked against split_list);
// adding another entry before or after never changes it, adding permessage-deflate makes it
// yes; a --deflate-offer other than lws or browser is a ConfigError, nothing else.
#include <cstdint>
#include <string>
#include <string_view>

#include "config_error.h"
#include "fuzz_check.h"
#include "parse.h"
#include "ws_deflate.h"

namespace {
bool reference(std::string_view header) {
  if (header.empty()) {
    return false;
  }
  for (const std::string& entry : pushbench::split_list(header)) {
    std::string_view name = std::string_view(entry).substr(0, entry.find(';'));
    const size_t first = name.find_first_not_of(" \t");
    name = first == std::string_view::npos
               ? std::string_view()
               : name.substr(first, name.find_last_not_of(" \t") - first + 1);
    if (name == "permessage-deflate") {
      return true;
    }
  }
  return false;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  using pushbench::accepts_permessage_deflate;

  const bool yes = accepts_permessage_deflate(text);
  FUZZ_CHECK(yes == reference(text));
  FUZZ_CHECK(!yes || text.find("permessage-deflate") != std::string::npos);
  FUZZ_CHECK(accepts_permessage_deflate("x-webkit-deflate-frame, " + text) == yes);
  FUZZ_CHECK(accepts_permessage_deflate(text + ",x-webkit-deflate-frame") == yes);
  FUZZ_CHECK(accepts_permessage_deflate(text + ", permessage-deflate; server_no_context_takeover"));

  try {
    const pushbench::DeflateOffer offer = pushbench::parse_deflate_offer(text);
    FUZZ_CHECK(pushbench::name(offer) == text);
  } catch (const pushbench::ConfigError&) {
    FUZZ_CHECK(text != "lws" && text != "browser");
  }
  return 0;
}
