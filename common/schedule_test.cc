// Unit tests for the seeded event schedule (docs/method.md): deterministic, bounded, spread.
#include "schedule.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "clock.h"

namespace pushbench {
namespace {

std::vector<ScheduledEvent> take(ScheduleGenerator& gen, size_t max_events) {
  std::vector<ScheduledEvent> events;
  while (events.size() < max_events) {
    auto ev = gen.next();
    if (!ev) {
      break;
    }
    events.push_back(*ev);
  }
  return events;
}

std::vector<ScheduledEvent> take(const WorkloadSpec& spec, size_t max_events) {
  ScheduleGenerator gen(spec);
  return take(gen, max_events);
}

WorkloadSpec notify_spec(uint64_t seed) {
  return WorkloadSpec{.workload = Workload::kNotify,
                      .arrival = Arrival::kFixed,
                      .clients = 10,
                      .rate_hz = 1000,
                      .payload_bytes = 256,
                      .seed = seed,
                      .duration_ns = 0};
}

bool same(const std::vector<ScheduledEvent>& a, const std::vector<ScheduledEvent>& b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].seq != b[i].seq || a[i].offset_ns != b[i].offset_ns || a[i].to != b[i].to) {
      return false;
    }
  }
  return true;
}

TEST(ScheduleGeneratorTest, ProducesIdenticalSequenceForSameSpec) {
  for (Arrival arrival : {Arrival::kFixed, Arrival::kPoisson}) {
    for (Workload workload : {Workload::kBroadcast, Workload::kNotify}) {
      WorkloadSpec spec{.workload = workload,
                        .arrival = arrival,
                        .clients = 37,
                        .rate_hz = 250,
                        .seed = 12345,
                        .duration_ns = 10 * kNsPerSec};
      auto a = take(spec, 100000);
      auto b = take(spec, 100000);
      ASSERT_FALSE(a.empty());
      EXPECT_TRUE(same(a, b)) << name(workload) << " " << name(arrival);
    }
  }
}

TEST(ScheduleGeneratorTest, IncreasesSeqFromZeroByOne) {
  for (Arrival arrival : {Arrival::kFixed, Arrival::kPoisson}) {
    WorkloadSpec spec = notify_spec(3);
    spec.arrival = arrival;
    auto events = take(spec, 5000);
    ASSERT_EQ(events.size(), 5000u);
    for (size_t i = 0; i < events.size(); ++i) {
      ASSERT_EQ(events[i].seq, static_cast<int64_t>(i)) << name(arrival);
    }
  }
}

TEST(ScheduleGeneratorTest, PlacesFixedArrivalsAtMidPeriods) {
  // 640000 Hz has a period of exactly 1562.5 ns: (seq + 0.5) periods often land on a fraction.
  for (double rate : {10.0, 3.0, 7.0, 1000.0, 640000.0}) {
    WorkloadSpec spec{.rate_hz = rate, .seed = 5, .duration_ns = 0};
    auto events = take(spec, 20000);
    ASSERT_EQ(events.size(), 20000u);
    for (const ScheduledEvent& ev : events) {
      const int64_t expected = std::llround((static_cast<double>(ev.seq) + 0.5) * 1e9 / rate);
      ASSERT_EQ(ev.offset_ns, expected) << "rate=" << rate << " seq=" << ev.seq;
    }
  }
}

TEST(ScheduleGeneratorTest, PlacesFixedArrivalsAtHandComputedOffsets) {
  WorkloadSpec spec{.rate_hz = 3, .duration_ns = 0};
  auto events = take(spec, 4);
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].offset_ns, 166666667);
  EXPECT_EQ(events[1].offset_ns, 500000000);
  EXPECT_EQ(events[2].offset_ns, 833333333);
  EXPECT_EQ(events[3].offset_ns, 1166666667);
}

TEST(ScheduleGeneratorTest, StopsBeforeDurationWithFixedArrivals) {
  WorkloadSpec spec{.rate_hz = 10, .duration_ns = 10 * kNsPerSec};
  ScheduleGenerator gen(spec);
  auto events = take(gen, 1000000);
  ASSERT_EQ(events.size(), 100u);  // offsets 0.05 s, 0.15 s, ..., 9.95 s; 10.05 s is excluded
  EXPECT_EQ(events.back().offset_ns, 9'950'000'000);
  for (const ScheduledEvent& ev : events) {
    EXPECT_LT(ev.offset_ns, spec.duration_ns);
  }
  EXPECT_FALSE(gen.next().has_value());
  EXPECT_FALSE(gen.next().has_value());  // stays exhausted
}

TEST(ScheduleGeneratorTest, StopsBeforeDurationWithPoissonArrivals) {
  WorkloadSpec spec{
      .arrival = Arrival::kPoisson, .rate_hz = 1000, .seed = 9, .duration_ns = 2 * kNsPerSec};
  ScheduleGenerator gen(spec);
  auto events = take(gen, 1000000);
  ASSERT_FALSE(events.empty());
  ASSERT_LT(events.size(), 1000000u);
  for (const ScheduledEvent& ev : events) {
    EXPECT_GE(ev.offset_ns, 0);
    EXPECT_LT(ev.offset_ns, spec.duration_ns);
  }
  EXPECT_FALSE(gen.next().has_value());
  EXPECT_FALSE(gen.next().has_value());
}

TEST(ScheduleGeneratorTest, NeverEndsWhenDurationIsZero) {
  WorkloadSpec spec{.rate_hz = 1e6, .duration_ns = 0};
  auto events = take(spec, 200000);
  EXPECT_EQ(events.size(), 200000u);
}

TEST(ScheduleGeneratorTest, AddressesNotifyEventsToClientsInRange) {
  auto events = take(notify_spec(1), 1000);
  ASSERT_EQ(events.size(), 1000u);
  for (const ScheduledEvent& ev : events) {
    EXPECT_GE(ev.to, 0);
    EXPECT_LT(ev.to, 10);
  }
}

TEST(ScheduleGeneratorTest, SpreadsNotifyEventsOverEveryClient) {
  for (uint64_t seed : {1ULL, 2ULL, 77ULL}) {
    auto events = take(notify_spec(seed), 1000);
    ASSERT_EQ(events.size(), 1000u);
    std::vector<int> per_client(10, 0);
    for (const ScheduledEvent& ev : events) {
      ASSERT_GE(ev.to, 0);
      ASSERT_LT(ev.to, 10);
      ++per_client[static_cast<size_t>(ev.to)];
    }
    for (size_t c = 0; c < per_client.size(); ++c) {
      // Expected 100 each; 50 is more than 5 standard deviations below.
      EXPECT_GT(per_client[c], 50) << "seed=" << seed << " client=" << c;
    }
  }
}

TEST(ScheduleGeneratorTest, AddressesNotifyToTheOnlyClientWhenOneClient) {
  WorkloadSpec spec = notify_spec(4);
  spec.clients = 1;
  for (const ScheduledEvent& ev : take(spec, 100)) {
    EXPECT_EQ(ev.to, 0);
  }
}

TEST(ScheduleGeneratorTest, AddressesBroadcastEventsToEveryone) {
  for (Arrival arrival : {Arrival::kFixed, Arrival::kPoisson}) {
    WorkloadSpec spec{.workload = Workload::kBroadcast,
                      .arrival = arrival,
                      .clients = 10,
                      .seed = 8,
                      .duration_ns = 100 * kNsPerSec};
    auto events = take(spec, 100000);
    ASSERT_FALSE(events.empty());
    for (const ScheduledEvent& ev : events) {
      EXPECT_EQ(ev.to, -1);
    }
  }
}

TEST(ScheduleGeneratorTest, KeepsPoissonOffsetsNonDecreasingWithMeanGapNearPeriod) {
  for (double rate : {10.0, 1000.0, 100000.0}) {
    WorkloadSpec spec{
        .arrival = Arrival::kPoisson, .rate_hz = rate, .seed = 2024, .duration_ns = 0};
    auto events = take(spec, 20001);
    ASSERT_EQ(events.size(), 20001u);
    for (size_t i = 1; i < events.size(); ++i) {
      ASSERT_GE(events[i].offset_ns, events[i - 1].offset_ns) << "rate=" << rate << " i=" << i;
    }
    const double period = 1e9 / rate;
    const double mean_gap =
        static_cast<double>(events.back().offset_ns - events.front().offset_ns) / 20000.0;
    EXPECT_NEAR(mean_gap, period, 0.10 * period) << "rate=" << rate;
  }
}

TEST(ScheduleGeneratorTest, VariesPoissonGaps) {
  WorkloadSpec spec{.arrival = Arrival::kPoisson, .rate_hz = 1000, .seed = 6, .duration_ns = 0};
  auto events = take(spec, 1000);
  ASSERT_EQ(events.size(), 1000u);
  int64_t min_gap = events[1].offset_ns - events[0].offset_ns;
  int64_t max_gap = min_gap;
  for (size_t i = 1; i < events.size(); ++i) {
    const int64_t gap = events[i].offset_ns - events[i - 1].offset_ns;
    min_gap = std::min(min_gap, gap);
    max_gap = std::max(max_gap, gap);
  }
  // Exponential gaps with mean 1 ms: some well below, some well above.
  EXPECT_LT(min_gap, 100'000);
  EXPECT_GT(max_gap, 3'000'000);
}

TEST(ScheduleGeneratorTest, ChangesNotifyRecipientsWhenSeedDiffers) {
  auto a = take(notify_spec(1), 1000);
  auto b = take(notify_spec(2), 1000);
  ASSERT_EQ(a.size(), b.size());
  size_t differing = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    differing += a[i].to != b[i].to ? 1u : 0u;
  }
  // Independent uniform picks among 10 clients differ ~90% of the time.
  EXPECT_GT(differing, 700u);
}

TEST(ScheduleGeneratorTest, ChangesPoissonOffsetsWhenSeedDiffers) {
  WorkloadSpec spec{.arrival = Arrival::kPoisson, .rate_hz = 100, .seed = 1, .duration_ns = 0};
  auto a = take(spec, 100);
  spec.seed = 2;
  auto b = take(spec, 100);
  EXPECT_FALSE(same(a, b));
}

TEST(ScheduleGeneratorTest, KeepsFixedOffsetsWhenSeedDiffers) {
  WorkloadSpec spec = notify_spec(1);
  auto a = take(spec, 100);
  spec.seed = 2;
  auto b = take(spec, 100);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].offset_ns, b[i].offset_ns);
  }
}

}  // namespace
}  // namespace pushbench

namespace pushbench {
namespace {

TEST(ScheduleGeneratorTest, PublishesNothingWhenWorkloadIsIdle) {
  WorkloadSpec spec{.workload = Workload::kIdle, .rate_hz = 100, .duration_ns = 10 * kNsPerSec};
  ScheduleGenerator gen(spec);
  EXPECT_FALSE(gen.next().has_value());
  spec.duration_ns = 0;  // even unbounded
  ScheduleGenerator unbounded(spec);
  EXPECT_FALSE(unbounded.next().has_value());
}

}  // namespace
}  // namespace pushbench
