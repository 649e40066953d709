// h2c requests: prior knowledge to open a connection, HTTP/2 as it is to reuse it.
#include "h2c_connections.h"

#include "curl_handles.h"

namespace pushbench {

void H2cConnections::before_request(CURL* easy) {
  const auto it = names_.find(easy);
  const bool open = it == names_.end() || open_.insert(it->second).second;
  check(curl_easy_setopt(
            easy, CURLOPT_HTTP_VERSION,
            static_cast<long>(open ? CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE : CURL_HTTP_VERSION_2_0)),
        "CURLOPT_HTTP_VERSION");
  opened_ += open ? 1 : 0;
}

void H2cConnections::after_request(CURL* easy, bool ok) {
  const auto it = names_.find(easy);
  if (!ok && it != names_.end()) {
    open_.erase(it->second);  // it may be gone: the next request opens one
  }
}

}  // namespace pushbench
