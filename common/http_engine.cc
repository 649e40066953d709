// --http-engine's names and what the lean engine refuses.
#include "http_engine.h"

#include <fmt/format.h>

#include "config_error.h"

namespace pushbench {

std::string_view name(HttpEngine e) noexcept { return e == HttpEngine::kLean ? "lean" : "curl"; }

HttpEngine parse_http_engine(std::string_view text) {
  if (text == "curl") {
    return HttpEngine::kCurl;
  }
  if (text == "lean") {
    return HttpEngine::kLean;
  }
  throw ConfigError(fmt::format("unknown --http-engine '{}' (known: curl, lean)", text));
}

std::string http_engine_refusal(HttpEngine engine, Transport t, bool tls, Workload w) {
  if (engine != HttpEngine::kLean) {
    return "";
  }
  if (tls) {
    return "--http-engine lean speaks plain HTTP/1.1 only: no --tls (use --http-engine curl)";
  }
  if (is_h2(t)) {
    return fmt::format("--http-engine lean speaks HTTP/1.1 only, not {} (use --http-engine curl)",
                       name(t));
  }
  if (has_upstream(w) && uses_http_engine(t)) {
    return fmt::format("--http-engine lean sends no POST /send: {} needs --http-engine curl for {}",
                       name(w), name(t));
  }
  return "";
}

}  // namespace pushbench
