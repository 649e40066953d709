// RAII owners for libcurl handles. CurlMulti detaches its easy handles before cleanup, in the
// order libcurl documents: remove -> easy_cleanup -> multi_cleanup.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <string>
#include <string_view>

namespace pushbench {

class CurlGlobal {
 public:
  CurlGlobal();  // throws on curl_global_init failure
  ~CurlGlobal() { curl_global_cleanup(); }
  CurlGlobal(const CurlGlobal&) = delete;
  CurlGlobal& operator=(const CurlGlobal&) = delete;
};

struct CurlEasyDeleter {
  void operator()(CURL* h) const noexcept { curl_easy_cleanup(h); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;

struct CurlSlistDeleter {
  void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};
using CurlSlist = std::unique_ptr<curl_slist, CurlSlistDeleter>;
// Appends `line`; throws on allocation failure.
void append(CurlSlist& list, const char* line);

struct CurlMultiDeleter {
  void operator()(CURLM* m) const noexcept { curl_multi_cleanup(m); }
};
using CurlMulti = std::unique_ptr<CURLM, CurlMultiDeleter>;

struct CurlUrlDeleter {
  void operator()(CURLU* u) const noexcept { curl_url_cleanup(u); }
};
using CurlUrl = std::unique_ptr<CURLU, CurlUrlDeleter>;
// One part of a parsed URL (curl_url_get), "" when it has none.
std::string url_part(CURLU* url, CURLUPart part, unsigned flags = 0);

// Throws std::runtime_error naming `what` and curl's description of the code.
void check(CURLcode rc, std::string_view what);
void check(CURLMcode rc, std::string_view what);

}  // namespace pushbench
