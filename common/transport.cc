// Transport names (docs/contract.md).
#include "transport.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "config_error.h"
#include "parse.h"

namespace pushbench {
namespace {
std::string known_names() {
  std::string out;
  for (Transport t : kKnownTransports) {
    out += out.empty() ? "" : ", ";
    out += name(t);
  }
  return out;
}
}  // namespace

Transport parse_transport(std::string_view text) {
  for (Transport t : kKnownTransports) {
    if (name(t) == text) {
      return t;
    }
  }
  throw ConfigError(fmt::format("unknown transport '{}' (known: {})", text, known_names()));
}

std::vector<Transport> parse_transport_list(std::string_view text) {
  if (text == "all") {
    return {std::begin(kAllTransports), std::end(kAllTransports)};
  }
  std::vector<Transport> out;
  for (const std::string& item : split_list(text)) {
    Transport t = parse_transport(item);
    if (std::find(out.begin(), out.end(), t) != out.end()) {
      throw ConfigError(fmt::format("transport '{}' is listed twice", item));
    }
    out.push_back(t);
  }
  return out;
}

}  // namespace pushbench
