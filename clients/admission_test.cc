// The connection layer's admission (admission.h): first connects paced and capped, retries after
// kRetryDelayNs and ahead of first connects, and the wake-up it asks for. Pure bookkeeping.
#include "admission.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "clock.h"

namespace pushbench {
namespace {

std::vector<int> admit(Admission& a, int64_t now) {
  std::vector<int> out;
  a.admit(now, [&](int index) { out.push_back(index); });
  return out;
}

TEST(AdmissionTest, FirstConnectsArePacedBySpacing) {
  const int64_t start = 1000 * kNsPerMs;
  Admission a(4, start, AdmissionLimits{.spacing_ns = 100'000});
  EXPECT_EQ(a.next_due_ns(), start);
  EXPECT_TRUE(admit(a, start - 1).empty());
  EXPECT_EQ(admit(a, start), (std::vector<int>{0}));
  EXPECT_EQ(a.next_due_ns(), start + 100'000);
  EXPECT_EQ(admit(a, start + 250'000), (std::vector<int>{1, 2}));
  EXPECT_EQ(admit(a, start + 300'000), (std::vector<int>{3}));
  EXPECT_EQ(a.next_due_ns(), Admission::kNever);
  EXPECT_EQ(a.in_flight(), 0);  // no cap: no slot counted
}

TEST(AdmissionTest, AtMostMaxInFlightUntilSettled) {
  Admission a(5, 0, AdmissionLimits{.max_in_flight = 2});
  EXPECT_EQ(admit(a, 0), (std::vector<int>{0, 1}));
  EXPECT_EQ(a.in_flight(), 2);
  EXPECT_EQ(a.next_due_ns(), Admission::kNever);  // every slot taken: no wake-up
  EXPECT_TRUE(admit(a, 10).empty());
  a.settled();
  EXPECT_EQ(a.next_due_ns(), 0);
  EXPECT_EQ(admit(a, 10), (std::vector<int>{2}));
  a.settled();
  a.settled();
  EXPECT_EQ(admit(a, 10), (std::vector<int>{3, 4}));
  a.settled();
  a.settled();
  a.settled();  // more than admitted: never below zero
  EXPECT_EQ(a.in_flight(), 0);
  EXPECT_EQ(a.next_due_ns(), Admission::kNever);
}

TEST(AdmissionTest, RetriesWaitTheRetryDelayAndGoFirst) {
  Admission a(3, 0, AdmissionLimits{.spacing_ns = kNsPerSec});
  EXPECT_EQ(admit(a, 0), (std::vector<int>{0}));
  a.retry_later(0, 5 * kNsPerMs);
  EXPECT_EQ(a.next_due_ns(), 5 * kNsPerMs + kRetryDelayNs);
  EXPECT_EQ(kRetryDelayNs, 100 * kNsPerMs);  // a failed long poll, stream or socket: 100 ms
  EXPECT_TRUE(admit(a, 5 * kNsPerMs + kRetryDelayNs - 1).empty());
  // Both the retry and client 1's first connect are due: the retry goes first.
  EXPECT_EQ(admit(a, kNsPerSec), (std::vector<int>{0, 1}));
  a.retry_later(0, kNsPerSec + kNsPerMs);  // it failed again
  EXPECT_EQ(a.next_due_ns(), kNsPerSec + kNsPerMs + kRetryDelayNs);
  EXPECT_EQ(admit(a, 2 * kNsPerSec), (std::vector<int>{0, 2}));
  EXPECT_EQ(a.next_due_ns(), Admission::kNever);
}

TEST(AdmissionTest, AConnectThatFailsAtOnceFreesItsSlotInsideAdmit) {
  Admission a(3, 0, AdmissionLimits{.max_in_flight = 1});
  std::vector<int> connected;
  a.admit(0, [&](int index) {
    connected.push_back(index);
    a.settled();  // refused synchronously (EMFILE): the next one may go
    a.retry_later(index, 0);
  });
  EXPECT_EQ(connected, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(a.next_due_ns(), kRetryDelayNs);
  EXPECT_EQ(admit(a, kRetryDelayNs), (std::vector<int>{0}));  // capped again
}

}  // namespace
}  // namespace pushbench
