// RAII owners for libcurl handles.
#include "curl_handles.h"

#include <fmt/format.h>

#include <stdexcept>

namespace pushbench {

CurlGlobal::CurlGlobal() { check(curl_global_init(CURL_GLOBAL_DEFAULT), "curl_global_init"); }

void append(CurlSlist& list, const char* line) {
  curl_slist* grown = curl_slist_append(list.get(), line);
  if (grown == nullptr) {
    throw std::runtime_error("curl_slist_append: out of memory");
  }
  (void)list.release();
  list.reset(grown);
}

std::string url_part(CURLU* url, CURLUPart part, unsigned flags) {
  char* text = nullptr;
  if (curl_url_get(url, part, &text, flags) != CURLUE_OK || text == nullptr) {
    return "";
  }
  std::string out(text);
  curl_free(text);
  return out;
}

void check(CURLcode rc, std::string_view what) {
  if (rc != CURLE_OK) {
    throw std::runtime_error(fmt::format("{}: {}", what, curl_easy_strerror(rc)));
  }
}

void check(CURLMcode rc, std::string_view what) {
  if (rc != CURLM_OK) {
    throw std::runtime_error(fmt::format("{}: {}", what, curl_multi_strerror(rc)));
  }
}

}  // namespace pushbench
