// One event, encoded once and shared by every mailbox it is queued in.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace pushbench {

struct EncodedEvent {
  int64_t seq = 0;
  std::string json;  // exactly payload_bytes
};
using EventRef = std::shared_ptr<const EncodedEvent>;

}  // namespace pushbench
