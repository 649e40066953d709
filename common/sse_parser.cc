// The WHATWG event-stream parser.
#include "sse_parser.h"

#include <algorithm>

namespace pushbench {
namespace {
constexpr std::string_view kBom = "\xEF\xBB\xBF";
}  // namespace

bool SseParser::feed(std::string_view bytes, const OnEvent& on_event) {
  if (at_start_) {
    // The BOM may itself be split across reads: hold back a prefix of it.
    partial_.append(bytes);
    if (partial_.size() < kBom.size() && kBom.starts_with(partial_)) {
      return true;
    }
    at_start_ = false;
    std::string held = std::move(partial_);
    partial_.clear();
    std::string_view rest = held;
    if (rest.starts_with(kBom)) {
      rest.remove_prefix(kBom.size());
    }
    return feed(rest, on_event);
  }
  while (!bytes.empty()) {
    if (after_cr_) {
      after_cr_ = false;
      if (bytes.front() == '\n') {
        bytes.remove_prefix(1);  // CRLF: the CR ended the line
        continue;
      }
    }
    const size_t end = bytes.find_first_of("\r\n");
    if (end == std::string_view::npos) {
      if (partial_.size() + bytes.size() > max_line_) {
        partial_.clear();
        return false;
      }
      partial_.append(bytes);
      return true;
    }
    bool ok = true;
    if (partial_.empty()) {
      ok = line(bytes.substr(0, end), on_event);
    } else {
      partial_.append(bytes.substr(0, end));
      ok = partial_.size() <= max_line_ && line(partial_, on_event);
      partial_.clear();
    }
    if (!ok) {
      return false;
    }
    after_cr_ = bytes[end] == '\r';
    bytes.remove_prefix(end + 1);
  }
  return true;
}

void SseParser::reset() noexcept {
  partial_.clear();
  after_cr_ = false;
  at_start_ = true;
  data_.clear();
  type_.clear();
  // Every stream starts with an empty last event ID buffer; the event source's last event ID
  // (sent in the reconnect's Last-Event-ID) stays until a dispatch on the new stream sets it.
  id_buffer_.clear();
}

bool SseParser::line(std::string_view text, const OnEvent& on_event) {
  if (text.size() > max_line_) {
    return false;
  }
  if (text.empty()) {
    dispatch(on_event);
    return true;
  }
  if (text.front() == ':') {
    return true;  // a comment
  }
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    field(text, {});
  } else {
    std::string_view value = text.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') {
      value.remove_prefix(1);
    }
    field(text.substr(0, colon), value);
  }
  return data_.size() <= max_line_;
}

void SseParser::field(std::string_view name, std::string_view value) {
  if (name == "event") {
    type_ = value;
  } else if (name == "data") {
    data_.append(value);
    data_.push_back('\n');
  } else if (name == "id") {
    if (value.find('\0') == std::string_view::npos) {
      id_buffer_ = value;
    }
  } else if (name == "retry") {
    if (!value.empty() && value.size() <= 15 &&
        std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      retry_ms_ = std::stoll(std::string(value));
    }
  }
}

void SseParser::dispatch(const OnEvent& on_event) {
  last_event_id_ = id_buffer_;
  if (data_.empty()) {
    type_.clear();
    return;
  }
  data_.pop_back();  // the LF after the last data line
  SseEvent event{.type = type_.empty() ? "message" : type_,
                 .data = std::move(data_),
                 .last_event_id = last_event_id_};
  data_.clear();
  type_.clear();
  on_event(event);
}

}  // namespace pushbench
