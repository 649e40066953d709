// h2c requests: prior knowledge to open a connection, HTTP/2 as it is to reuse it.
#include "h2c_connections.h"

#include "curl_handles.h"

namespace pushbench {

void H2cConnections::before_request(CURL* easy) {
  const std::string& name = names_[easy];
  const bool open = !state_.contains(name);
  check(curl_easy_setopt(
            easy, CURLOPT_HTTP_VERSION,
            static_cast<long>(open ? CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE : CURL_HTTP_VERSION_2_0)),
        "CURLOPT_HTTP_VERSION");
  if (open) {
    state_[name] = State::kOpening;
    ++opened_;
  }
}

void H2cConnections::after_request(CURL* easy, bool ok) {
  const auto it = names_.find(easy);
  if (it == names_.end()) {
    return;
  }
  if (ok) {
    state_[it->second] = State::kUp;
  } else {
    state_.erase(it->second);
  }
}

}  // namespace pushbench
