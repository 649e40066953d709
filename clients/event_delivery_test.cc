// Parse and deliver (event_delivery.h): exactly one event object per message, and the seq an SSE
// record's id names; anything else is a protocol error and delivers nothing.
#include "event_delivery.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "client_options.h"
#include "clock.h"
#include "event.h"
#include "measurement.h"

namespace pushbench {
namespace {

class EventDeliveryTest : public testing::Test {
 protected:
  EventDeliveryTest() {
    o_.count = 1;
    o_.epoch_mono_ns = 10 * kNsPerSec;
    o_.warmup_ns = 0;
    o_.window_ns = 10 * kNsPerSec;
    o_.workload.clients = 1;
    o_.workload.rate_hz = 10;
    o_.workload.payload_bytes = 96;
    o_.workload.duration_ns = 10 * kNsPerSec;
    EXPECT_TRUE(encode_event({.seq = 0, .t_ns = o_.epoch_mono_ns + 50 * kNsPerMs, .to = -1},
                             o_.workload.payload_bytes, o_.workload.seed, json_));
  }
  uint64_t delivered(Measurement& m) {
    return nlohmann::json::parse(m.result_json())["delivery"]["delivered"].get<uint64_t>();
  }
  ClientOptions o_;
  std::string json_;
};

TEST_F(EventDeliveryTest, OneWholeEventIsDelivered) {
  Measurement m(o_);
  m.tick(o_.epoch_mono_ns);
  EXPECT_TRUE(deliver_event(m, 0, json_, o_.epoch_mono_ns + 60 * kNsPerMs));
  EXPECT_EQ(m.counters().err_protocol, 0u);
  EXPECT_EQ(delivered(m), 1u);
}

TEST_F(EventDeliveryTest, TrailingBytesOrAnotherSeqAreProtocolErrors) {
  Measurement m(o_);
  m.tick(o_.epoch_mono_ns);
  EXPECT_FALSE(deliver_event(m, 0, json_ + "x", o_.epoch_mono_ns + 60 * kNsPerMs));
  EXPECT_FALSE(deliver_event(m, 0, "{", o_.epoch_mono_ns + 60 * kNsPerMs));
  EXPECT_FALSE(deliver_event(m, 0, json_, o_.epoch_mono_ns + 60 * kNsPerMs, 1));
  EXPECT_FALSE(deliver_event(m, 0, json_, o_.epoch_mono_ns + 60 * kNsPerMs, -1));  // no id
  EXPECT_EQ(m.counters().err_protocol, 4u);
  EXPECT_EQ(delivered(m), 0u);
  EXPECT_TRUE(deliver_event(m, 0, json_, o_.epoch_mono_ns + 60 * kNsPerMs, 0));
  EXPECT_EQ(delivered(m), 1u);
}

}  // namespace
}  // namespace pushbench
