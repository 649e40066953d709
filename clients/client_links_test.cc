// The connection layer's record of every client's connection (client_links.h), driven by hand
// against a real Measurement: ready once, connection errors counted (and not while stopping),
// retries after kRetryDelayNs, handshake slots freed. No socket is opened.
#include "client_links.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "client_options.h"
#include "clock.h"
#include "measurement.h"

namespace pushbench {
namespace {

ClientOptions options(int count) {
  ClientOptions o;
  o.count = count;
  o.epoch_mono_ns = mono_ns();
  o.warmup_ns = 100 * kNsPerSec;
  o.window_ns = kNsPerSec;
  o.workload.clients = count;
  o.workload.rate_hz = 1;
  o.workload.payload_bytes = 96;
  o.workload.duration_ns = 101 * kNsPerSec;
  return o;
}

std::vector<int> admit(ClientLinks& links, int64_t now) {
  std::vector<int> out;
  links.admit(now, [&](int index) {
    EXPECT_EQ(links.state(index), LinkState::kConnecting);
    out.push_back(index);
  });
  return out;
}

TEST(ClientLinksTest, OpenedReportsReadyOncePerClient) {
  const ClientOptions o = options(2);
  Measurement m(o);
  ClientLinks links(m, 2, 0, AdmissionLimits{});
  EXPECT_EQ(admit(links, 0), (std::vector<int>{0, 1}));
  testing::internal::CaptureStdout();
  links.opened(0);
  links.opened(0);  // curl's second PREREQ on one request: not a second client
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "");
  EXPECT_EQ(links.state(0), LinkState::kOpen);
  EXPECT_TRUE(links.active(0));
  testing::internal::CaptureStdout();
  links.opened(1);
  EXPECT_NE(testing::internal::GetCapturedStdout().find("\"ready\":true"), std::string::npos);
}

TEST(ClientLinksTest, FailedCountsAndRetriesClosedOnlyRetries) {
  const ClientOptions o = options(2);
  Measurement m(o);
  ClientLinks links(m, 2, 0, AdmissionLimits{});
  admit(links, 0);
  links.failed(0, 10, false);
  EXPECT_EQ(m.counters().err_connect, 1u);
  EXPECT_EQ(links.state(0), LinkState::kRetryWait);
  EXPECT_FALSE(links.active(0));
  links.closed(1, 20, false);  // churn, or a status counted by the session
  EXPECT_EQ(m.counters().err_connect, 1u);
  EXPECT_EQ(links.next_due_ns(), 10 + kRetryDelayNs);
  EXPECT_EQ(admit(links, 20 + kRetryDelayNs), (std::vector<int>{0, 1}));
}

TEST(ClientLinksTest, WhileStoppingALostLinkIsIdleUncountedAndNotRetried) {
  const ClientOptions o = options(1);
  Measurement m(o);
  ClientLinks links(m, 1, 0, AdmissionLimits{});
  admit(links, 0);
  links.opened(0);
  links.failed(0, 10, true);
  EXPECT_EQ(m.counters().err_connect, 0u);
  EXPECT_EQ(links.state(0), LinkState::kIdle);
  EXPECT_EQ(links.next_due_ns(), Admission::kNever);
}

TEST(ClientLinksTest, HandshakeSlotsAreFreedByOpenOrFailureNotByALaterDrop) {
  const ClientOptions o = options(4);
  Measurement m(o);
  ClientLinks links(m, 4, 0, AdmissionLimits{.max_in_flight = 2});
  EXPECT_EQ(admit(links, 0), (std::vector<int>{0, 1}));
  links.opened(0);            // frees a slot
  links.failed(1, 0, false);  // frees a slot
  EXPECT_EQ(admit(links, 0), (std::vector<int>{2, 3}));
  links.failed(0, 0, false);                          // was open: held no slot, frees none
  EXPECT_EQ(links.next_due_ns(), Admission::kNever);  // 2 and 3 still hold both
  links.opened(2);
  EXPECT_EQ(admit(links, kRetryDelayNs), (std::vector<int>{1}));
  links.idle_all();
  EXPECT_EQ(links.state(3), LinkState::kIdle);
}

}  // namespace
}  // namespace pushbench
