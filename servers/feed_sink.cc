// The feed's second outlets: a directory of event files, Pushpin's publish API.
#include "feed_sink.h"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "config_error.h"
#include "curl_handles.h"
#include "server_options.h"

namespace pushbench {
namespace {
// Writes `bytes` to `path` whole, through a temporary file and a rename: a reader (nginx' njs
// handler) sees the old file or the new one, never half of one.
bool write_whole(const std::string& path, std::string_view bytes) noexcept {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return false;
  }
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      ::close(fd);
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return ::close(fd) == 0 && ::rename(tmp.c_str(), path.c_str()) == 0;
}

// --feed-dir DIR: DIR/ev/<seq> holds each event's JSON, DIR/last the last seq published (written
// after the event's file, so every seq up to it is there). nginx' poll handler reads them.
class FileSink final : public FeedSink {
 public:
  explicit FileSink(std::string dir) : dir_(std::move(dir)) {
    std::error_code ec;
    std::filesystem::create_directories(dir_ + "/ev", ec);
    if (ec) {
      throw ConfigError(fmt::format("--feed-dir: cannot create {}/ev: {}", dir_, ec.message()));
    }
    std::filesystem::remove(dir_ + "/last", ec);  // nothing published yet
  }
  void publish(const EncodedEvent& ev) noexcept override {
    const bool ok = write_whole(fmt::format("{}/ev/{}", dir_, ev.seq), ev.json) &&
                    write_whole(dir_ + "/last", std::to_string(ev.seq));
    ++(ok ? published_ : failures_);
  }
  nlohmann::json stats() const override {
    return {{"kind", "files"}, {"published", published_}, {"failures", failures_}};
  }

 private:
  std::string dir_;
  uint64_t published_ = 0;
  uint64_t failures_ = 0;
};

// --grip-publish URL: one POST per event to Pushpin's HTTP publish endpoint, on a keep-alive
// connection, from the feed's timer (the loop waits for Pushpin's 200: ~0.1 ms on loopback).
class GripSink final : public FeedSink {
 public:
  explicit GripSink(std::string url) : url_(std::move(url)), easy_(curl_easy_init()) {
    if (!easy_) {
      throw std::runtime_error("curl_easy_init failed");
    }
    append(headers_, "Content-Type: application/json");
    CURL* h = easy_.get();
    curl_easy_setopt(h, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers_.get());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 2000L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &GripSink::discard);
  }
  void publish(const EncodedEvent& ev) noexcept override {
    body_ = grip_publish_body(ev, "b");
    CURL* h = easy_.get();
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body_.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body_.size()));
    long status = 0;
    const bool ok = curl_easy_perform(h) == CURLE_OK &&
                    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK &&
                    status / 100 == 2;
    ++(ok ? published_ : failures_);
  }
  nlohmann::json stats() const override {
    return {{"kind", "grip"}, {"published", published_}, {"failures", failures_}};
  }

 private:
  static size_t discard(char*, size_t size, size_t n, void*) { return size * n; }

  std::string url_;
  CurlEasy easy_;
  CurlSlist headers_;
  std::string body_;
  uint64_t published_ = 0;
  uint64_t failures_ = 0;
};
}  // namespace

std::string grip_publish_body(const EncodedEvent& ev, const char* channel) {
  const std::string json(ev.json);
  nlohmann::json item = {
      {"channel", channel},
      {"id", std::to_string(ev.seq)},
      {"formats",
       {{"http-response",
         {{"code", 200},
          {"reason", "OK"},
          {"headers", {{"Content-Type", "application/json"}}},
          {"body", "[" + json + "]"}}},
        {"http-stream", {{"content", fmt::format("id: {}\ndata: {}\n\n", ev.seq, json)}}},
        {"ws-message", {{"content", json}}}}}};
  if (ev.seq > 0) {
    item["prev-id"] = std::to_string(ev.seq - 1);
  }
  return nlohmann::json{{"items", nlohmann::json::array({item})}}.dump();
}

std::unique_ptr<FeedSink> make_feed_sink(const ServerOptions& options) {
  if (!options.feed_dir.empty()) {
    return std::make_unique<FileSink>(options.feed_dir);
  }
  if (!options.grip_publish_url.empty()) {
    return std::make_unique<GripSink>(options.grip_publish_url);
  }
  return nullptr;
}

}  // namespace pushbench
