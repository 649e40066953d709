// The Kaazing table's arithmetic: the original's numbers reproduced from its byte counts, and
// measured vs computed cells on the fixture run.
#include "report_kaazing.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "report_fixture.h"

namespace pushbench {
namespace {
// The original's "Mbps" rounded as it printed them.
double rounded(double v, int decimals) {
  const double scale = std::pow(10, decimals);
  return std::round(v * scale) / scale;
}

TEST(KaazingTest, ReproducesOriginalPollingNumbersWhenMbpsIsTwoToTheTwenty) {
  // 871 B x 1,000 clients x 8 / 2^20 = 6.6 Mbps; 66 and 665 for 10,000 and 100,000.
  EXPECT_DOUBLE_EQ(rounded(kaazing_mbit_per_s(871, 1000, kBitsPerMebibit), 1), 6.6);
  EXPECT_DOUBLE_EQ(rounded(kaazing_mbit_per_s(871, 10000, kBitsPerMebibit), 0), 66);
  EXPECT_DOUBLE_EQ(rounded(kaazing_mbit_per_s(871, 100000, kBitsPerMebibit), 0), 665);
}

TEST(KaazingTest, ReproducesOriginalWebSocketNumbersWhenMbpsIsTwoToTheTwenty) {
  // 2 B x clients x 8 / 2^20 = 0.015 / 0.153 / 1.526 Mbps.
  EXPECT_DOUBLE_EQ(rounded(kaazing_mbit_per_s(2, 1000, kBitsPerMebibit), 3), 0.015);
  EXPECT_DOUBLE_EQ(rounded(kaazing_mbit_per_s(2, 10000, kBitsPerMebibit), 3), 0.153);
  EXPECT_DOUBLE_EQ(rounded(kaazing_mbit_per_s(2, 100000, kBitsPerMebibit), 3), 1.526);
}

TEST(KaazingTest, DecimalMegabitIsTenToTheSixBits) {
  EXPECT_DOUBLE_EQ(kaazing_mbit_per_s(871, 1000, kBitsPerMbit), 6.968);
  EXPECT_DOUBLE_EQ(kaazing_mbit_per_s(2, 100000, kBitsPerMbit), 1.6);
}

const ReportCell& cell(const ReportData& d, const std::string& transport,
                       const std::string& interval) {
  for (const ReportCell& c : d.cells) {
    if (c.transport == transport && c.text("workload") == "broadcast" &&
        c.text("poll_interval_ms") == interval) {
      return c;
    }
  }
  throw std::runtime_error("no such cell: " + transport + " " + interval);
}

TEST(KaazingTest, HeaderBytesPerPollAreHeadersOverRequests) {
  const ReportData d = parse_report_data(test::report_fixture_csv(), "fixture");
  const KaazingFigures f = kaazing_figures(cell(d, "poll", "1000"));
  EXPECT_TRUE(f.request_response);
  ASSERT_TRUE(f.header_bytes && f.wire_bytes);
  EXPECT_DOUBLE_EQ(*f.header_bytes, 871);
  // (wire 6,000,000 - 256 B x 10,000 events) / 10,000 requests + one 256 B event.
  EXPECT_DOUBLE_EQ(*f.wire_bytes, 600);
}

TEST(KaazingTest, PushFramingIsAppBytesBeyondThePayload) {
  const ReportData d = parse_report_data(test::report_fixture_csv(), "fixture");
  const KaazingFigures f = kaazing_figures(cell(d, "ws", ""));
  EXPECT_FALSE(f.request_response);
  ASSERT_TRUE(f.header_bytes && f.wire_bytes);
  EXPECT_DOUBLE_EQ(*f.header_bytes, 4);  // 2 B header + 2 B length for a 256 B frame
  EXPECT_DOUBLE_EQ(*f.wire_bytes, 364);
}

TEST(KaazingTest, OnlyOneEventPerClientPerSecondAtOneSecondPollsIsKaazingsScenario) {
  const ReportData d = parse_report_data(test::report_fixture_csv(), "fixture");
  EXPECT_TRUE(is_kaazing_scenario(cell(d, "poll", "1000")));
  EXPECT_FALSE(is_kaazing_scenario(cell(d, "poll", "250")));
  EXPECT_TRUE(is_kaazing_scenario(cell(d, "ws", "")));
}

const std::vector<std::string>& table_row(const ReportSection& s, const std::string& transport,
                                          const std::string& method) {
  for (const auto& r : s.table.rows) {
    if (r.at(0) == transport && r.at(1) == method) {
      return r;
    }
  }
  throw std::runtime_error("no row " + transport + " / " + method);
}

TEST(KaazingTest, MarksMeasuredWhereTheRunHadThatManyClientsAndComputedElsewhere) {
  const ReportSection s = kaazing_section(parse_report_data(test::report_fixture_csv(), "fixture"));
  const auto& poll = table_row(s, "poll", "headers only");
  EXPECT_EQ(poll.at(2), "871.0");
  EXPECT_EQ(poll.at(3), "6.97 / 6.65 measured");
  EXPECT_EQ(poll.at(4), "69.7 / 66.5 computed");
  EXPECT_EQ(poll.at(5), "697 / 665 computed");
  EXPECT_EQ(poll.at(6), "871 B per poll: 6.6 / 66 / 665");
  const auto& poll_wire = table_row(s, "poll", "measured wire bytes");
  EXPECT_EQ(poll_wire.at(3), "4.80 / 4.58 measured");
  EXPECT_EQ(poll_wire.at(4), "48.0 / 45.8 computed");
  const auto& ws = table_row(s, "ws", "headers only");
  EXPECT_EQ(ws.at(3), "0.032 / 0.031 measured");
  EXPECT_EQ(ws.at(6), "2 B per frame: 0.015 / 0.153 / 1.526");
}

TEST(KaazingTest, ShowsTheOriginalRowsRecomputedBesideTheirPrintedNumbers) {
  const ReportSection s = kaazing_section(parse_report_data(test::report_fixture_csv(), "fixture"));
  const auto& polling = s.table.rows.at(0);
  EXPECT_EQ(polling.at(3), "6.97 / 6.65 recomputed");
  EXPECT_EQ(polling.at(6), "6.6 / 66 / 665");
  const auto& ws = s.table.rows.at(1);
  EXPECT_EQ(ws.at(5), "1.60 / 1.53 recomputed");
  EXPECT_EQ(ws.at(6), "0.015 / 0.153 / 1.526");
}

TEST(KaazingTest, ComputesEveryColumnWhenNoCellIsKaazingsScenario) {
  std::string csv = test::report_fixture_csv_without_chat();
  // The same notifications over 100 clients: ten per client per second, not Kaazing's one.
  for (size_t at = 0; (at = csv.find("fixed,1000,1,256", at)) != std::string::npos;) {
    csv.replace(at, 16, "fixed,100,1,256");
  }
  const ReportSection s = kaazing_section(parse_report_data(csv, "fixture"));
  const auto& poll = table_row(s, "poll", "headers only");
  EXPECT_EQ(poll.at(3), "6.97 / 6.65 computed");
  for (const auto& r : s.table.rows) {
    for (const std::string& c : r) {
      EXPECT_EQ(c.find("measured", c.size() - std::min<size_t>(c.size(), 8)), std::string::npos)
          << "no cell is in Kaazing's scenario, so nothing is measured: " << c;
    }
  }
}

// ws at 10,000 clients in Kaazing's scenario: 4 B of framing around each event.
std::string ws_10k_row(int payload, const std::string& flags) {
  return fmt::format("11,ws,broadcast,fixed,10000,10000,{},,1,3,10,100000,0,{},{}\r\n", payload,
                     100000 * (payload + 4), flags);
}
const std::string kWsHeader =
    "schema_version,transport,workload,arrival,clients,event_rate_hz,payload_bytes,"
    "poll_interval_ms,repetition,warmup_s,duration_s,notifications_delivered,app_bytes_up,"
    "app_bytes_down,flags\r\n";

TEST(KaazingTest, SaysWhichFlagAMeasuredCellCarries) {
  const ReportSection s = kaazing_section(
      parse_report_data(kWsHeader + ws_10k_row(256, "server_saturated"), "flagged"));
  EXPECT_EQ(table_row(s, "ws", "headers only").at(4), "0.320 / 0.305 measured (server_saturated)");
}

TEST(KaazingTest, PrefersAnUnflaggedCellOfAsManyClients) {
  const ReportSection s = kaazing_section(parse_report_data(
      kWsHeader + ws_10k_row(256, "server_saturated") + ws_10k_row(128, ""), "both"));
  EXPECT_EQ(table_row(s, "ws", "headers only").at(4), "0.320 / 0.305 measured");
}

TEST(KaazingTest, TakesBytesPerClientFromAnUnflaggedCellBeforeALargerFlaggedOne) {
  // 100,000 saturated clients with 9 B of framing beside 10,000 unflagged ones with 4 B.
  const std::string saturated =
      "11,ws,broadcast,fixed,100000,100000,256,,1,3,10,1000000,0,265000000,server_saturated\r\n";
  const ReportSection s =
      kaazing_section(parse_report_data(kWsHeader + saturated + ws_10k_row(256, ""), "both sizes"));
  const auto& ws = table_row(s, "ws", "headers only");
  EXPECT_EQ(ws.at(2), "4.0");
  EXPECT_EQ(ws.at(4), "0.320 / 0.305 measured");
  EXPECT_EQ(ws.at(5), "7.20 / 6.87 measured (server_saturated)");
}

}  // namespace
}  // namespace pushbench
