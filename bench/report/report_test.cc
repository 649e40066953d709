// `pushbench report` on the fixture run: cells and medians, the headline scenario, the
// article's table, the polling-interval sweep and report.md.
#include "report.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config_error.h"
#include "report_article.h"
#include "report_duplex.h"
#include "report_fixture.h"
#include "report_idle.h"
#include "report_spectrum.h"
#include "report_sweep.h"

namespace pushbench {
namespace {
ReportData fixture() { return parse_report_data(test::report_fixture_csv(), "fixture"); }

// The article table's row whose "measured as" column starts with `what`.
const std::vector<std::string>& article_row(const ReportSection& s, const std::string& what) {
  for (const auto& r : s.table.rows) {
    if (r.at(1).rfind(what, 0) == 0) {
      return r;
    }
  }
  throw std::runtime_error("no article row " + what);
}

TEST(ReportCellsTest, GroupsRepetitionsIntoOneCellPerScenarioTransportAndInterval) {
  const ReportData d = fixture();
  // broadcast: poll@1000, poll@250, poll-close, ws; chat: poll@1000, ws, poll@250.
  ASSERT_EQ(d.cells.size(), 7U);
  EXPECT_EQ(d.cells[0].rows.size(), 2U);
  EXPECT_EQ(d.cells[4].rows.size(), 1U);
  EXPECT_EQ(scenarios(d).size(), 2U);
}

TEST(ReportCellsTest, MedianOfTwoRepetitionsIsTheirMean) {
  const ReportData d = fixture();
  EXPECT_DOUBLE_EQ(*d.cells[0].median("latency_p50_us"), 500001);
  EXPECT_DOUBLE_EQ(*d.cells[0].median("server_cpu_us_per_notification"), 21);
}

TEST(ReportCellsTest, MissingColumnIsNotApplicable) {
  const ReportData d = fixture();
  EXPECT_FALSE(d.cells[0].median("no_such_column").has_value());
  EXPECT_FALSE(d.cells[3].median("upstream_requests").has_value());
}

TEST(ReportCellsTest, RefusesACellThatIsNotANumber) {
  std::string csv = test::report_fixture_csv_without_chat();
  csv.replace(csv.find(",500000,"), 8, ",fast,");
  const ReportData d = parse_report_data(csv, "fixture");
  EXPECT_THROW((void)d.cells[0].median("latency_p50_us"), ConfigError);
}

TEST(ReportCellsTest, HeadlineIsBroadcastAtTheIntervalNearestOneSecond) {
  const ReportData d = fixture();
  const auto cells = headline_cells(d, headline_scenario(d));
  ASSERT_EQ(cells.size(), 3U);
  EXPECT_EQ(cells[0]->transport, "poll");
  EXPECT_EQ(cells[0]->text("poll_interval_ms"), "1000");
  EXPECT_EQ(cells[1]->transport, "poll-close");
  EXPECT_EQ(cells[2]->transport, "ws");
  EXPECT_EQ(cells[0]->text("workload"), "broadcast");
}

TEST(ReportCellsTest, SplitsByNetworkAndTlsWithThePlainFloorInEveryTlsConditionOfItsNetwork) {
  const ReportData d = parse_report_data(
      "schema_version,transport,workload,clients,net_profile,net_rtt_ms,net_jitter_ms,"
      "net_loss_pct,tls,tls_resume,tls_version\r\n"
      "8,ws,broadcast,1000,wan,40,2,0.1,on,on,1.3\r\n"
      "8,tcp,broadcast,1000,wan,40,2,0.1,off,,\r\n"
      "8,ws,broadcast,1000,wan,40,2,0.1,off,,\r\n"
      "8,ws,broadcast,1000,lan,1,0,0,on,off,1.2\r\n"
      "8,tcp,broadcast,1000,satellite,600,0,0.5,off,,\r\n",
      "conditions");
  const std::vector<ReportData> split = split_by_condition(d);
  ASSERT_EQ(split.size(), 4u);
  auto transports = [](const ReportData& r) {
    std::string out;
    for (const ReportCell& c : r.cells) {
      out += c.transport + " ";
    }
    return out;
  };
  EXPECT_EQ(transports(split[0]), "ws tcp ");  // wan, TLS: the floor joins it
  EXPECT_EQ(transports(split[1]), "ws tcp ");  // wan, plaintext: and this one
  EXPECT_EQ(transports(split[2]), "ws ");      // lan, TLS: no floor measured there
  EXPECT_EQ(transports(split[3]), "tcp ");     // satellite: the floor alone
  EXPECT_EQ(describe_condition(split[1].cells.front()),
            "network wan: rtt 40 ms, jitter 2 ms, loss 0.1 %, plaintext");
  EXPECT_EQ(describe_condition(split[2].cells.front()),
            "network lan: rtt 1 ms, jitter 0 ms, loss 0 %, TLS 1.2 (resumption off)");
}

TEST(ReportCellsTest, ATlsFloorStaysInItsOwnConditionAndKeepsThePlainOneOut) {
  const ReportData d = parse_report_data(
      "schema_version,transport,workload,clients,net_profile,net_rtt_ms,net_jitter_ms,"
      "net_loss_pct,tls,tls_resume,tls_version\r\n"
      "12,ws,broadcast,1000,wan,40,2,0.1,on,on,1.3\r\n"
      "12,tcp,broadcast,1000,wan,40,2,0.1,on,on,1.3\r\n"
      "12,tcp,broadcast,1000,wan,40,2,0.1,off,,\r\n"
      "12,ws,broadcast,1000,wan,40,2,0.1,off,,\r\n",
      "conditions");
  const std::vector<ReportData> split = split_by_condition(d);
  ASSERT_EQ(split.size(), 2u);
  ASSERT_EQ(split[0].cells.size(), 2u);  // wan, TLS: ws and its own TLS floor
  EXPECT_EQ(split[0].cells[1].transport, "tcp");
  EXPECT_EQ(split[0].cells[1].text("tls"), "on");
  ASSERT_EQ(split[1].cells.size(), 2u);  // wan, plaintext: ws and the plain floor
  EXPECT_EQ(split[1].cells[1].text("tls"), "off");
}

TEST(ArticleTableTest, FillsEveryRowWithMeasuredNumbers) {
  const ReportSection s = article_section(fixture());
  ASSERT_EQ(s.table.header, (std::vector<std::string>{"", "measured as", "poll", "poll-close", "ws",
                                                      "the article says"}));
  auto cells = [&s](const std::string& what) {
    const auto& r = article_row(s, what);
    return std::vector<std::string>(r.begin() + 2, r.end() - 1);
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(cells("connections opened"), (V{"0.00", "60.00", "0.00"}));
  EXPECT_EQ(cells("open at the window's end"), (V{"1.00", "0.00", "1.00"}));
  EXPECT_EQ(cells("requests / notification"), (V{"1.000", "1.000", "0.000"}));
  EXPECT_EQ(cells("pushed without a request"), (V{"0 of 10000", "0 of 10000", "10000 of 10000"}));
  EXPECT_EQ(cells("latency p50 / p99"), (V{"500.0 / 990.0", "501.0 / 991.0", "0.9 / 2.5"}));
  EXPECT_EQ(cells("app bytes"), (V{"927.0", "830.0", "260.0"}));
  EXPECT_EQ(cells("wire bytes"), (V{"600.0", "900.0", "364.0"}));
  EXPECT_EQ(cells("server CPU"), (V{"21.00", "35.00", "12.00"}));
  EXPECT_EQ(cells("server RSS"), (V{"1.50", "0.10", "2.40"}));
}

TEST(ArticleTableTest, FullDuplexIsMeasuredFromChatRows) {
  const ReportSection s = article_section(fixture());
  const auto& duplex = article_row(s, "full duplex");
  EXPECT_EQ(duplex.at(2), "no: 500 POST /send");
  EXPECT_EQ(duplex.at(3), "not measured");  // poll-close has no chat row
  EXPECT_EQ(duplex.at(4), "yes: 500 up, 0 req.");
  EXPECT_EQ(article_row(s, "upstream latency").at(2), "0.7 / 2.0");  // poll at 1000 ms
  EXPECT_EQ(article_row(s, "upstream latency").at(4), "0.3 / 0.9");
}

TEST(ArticleTableTest, SaysFullDuplexIsNotMeasuredWithoutChatRows) {
  const ReportSection s =
      article_section(parse_report_data(test::report_fixture_csv_without_chat(), "fixture"));
  EXPECT_EQ(article_row(s, "full duplex").at(2), "not measured");
  bool said = false;
  for (const std::string& n : s.notes) {
    said = said || n.find("not measured (run --workload chat)") != std::string::npos;
  }
  EXPECT_TRUE(said);
  EXPECT_THROW(article_row(s, "upstream latency"), std::runtime_error);
}

TEST(SweepTableTest, ListsEveryIntervalNextToWebSocket) {
  const auto sections = sweep_sections(fixture());
  ASSERT_EQ(sections.size(), 2U);  // broadcast, then chat
  EXPECT_EQ(sections[1].title, "Polling-interval sweep: chat, 1000 clients");
  const auto& rows = sections[0].table.rows;
  ASSERT_EQ(rows.size(), 4U);
  EXPECT_EQ(rows[0].at(0), "poll");
  EXPECT_EQ(rows[0].at(1), "250");
  EXPECT_EQ(rows[0].at(2), "125.0");
  EXPECT_EQ(rows[0].at(8), "75.0");  // 30,000 of 40,000 polls empty
  EXPECT_EQ(rows[1].at(1), "1000");
  EXPECT_EQ(rows[1].at(8), "0.0");
  EXPECT_EQ(rows[2].at(0), "poll-close");
  EXPECT_EQ(rows[3].at(0), "ws");
  EXPECT_EQ(rows[3].at(1), "push");
  EXPECT_EQ(rows[3].at(8), "—");
}

TEST(SweepTableTest, IsAbsentWhenThePollIntervalDidNotVary) {
  std::string csv = test::report_fixture_csv_without_chat();
  for (size_t at = 0; (at = csv.find(",250,", at)) != std::string::npos;) {
    csv.replace(at, 5, ",1000,");
  }
  EXPECT_TRUE(sweep_sections(parse_report_data(csv, "fixture")).empty());
}

TEST(ReportMarkdownTest, HasBothTablesTheSweepAndThePlotLinks) {
  const std::vector<PlotResult> plots = {
      {.name = "latency_cdf", .image = "plots/latency_cdf.png", .message = "", .failed = false},
      {.name = "cpu_vs_clients",
       .image = "",
       .message = "the CSV has one client count: no plot",
       .failed = false}};
  const std::string md = report_markdown(fixture(), "Measured here.", plots);
  for (const char* part :
       {"# pushbench report", "Measured here.", "## The article's table, measured",
        "## The Kaazing table, measured", "## Polling-interval sweep: broadcast, 1000 clients",
        "| Connection | connections opened / client / min | 0.00 | 60.00 | 0.00 |",
        "![latency_cdf](plots/latency_cdf.png)",
        "- cpu_vs_clients: the CSV has one client count"}) {
    EXPECT_NE(md.find(part), std::string::npos) << "report.md lacks: " << part << "\n" << md;
  }
}

TEST(ReportContextTest, SaysWhereAndHowTheRunWasMade) {
  EXPECT_EQ(
      run_context_line(R"({"cpu_model":"EPYC","cpu_cores":2,"kernel":"Linux 6.1",)"
                       R"("started_utc":"2026-01-01T00:00:00Z","git_commit":"0123456789abcdef",)"
                       R"("git_dirty":true,"command_line":"pushbench run"})"),
      "Measured on EPYC (2 cores), Linux 6.1, started 2026-01-01T00:00:00Z, pushbench "
      "commit 0123456789ab (uncommitted changes). Command: `pushbench run`.");
  EXPECT_EQ(run_context_line("[1]"), "");
  EXPECT_EQ(run_context_line("not json"), "");
}

// Found with fuzz/meta_json_fuzz: a meta.json field of another type made `pushbench report` fail
// ("type_error.302: type must be boolean, but is string", exit 1) or was undefined behaviour
// (cpu_cores 1e300 read as an int). The context line says "?" instead.
TEST(ReportContextTest, AFieldOfTheWrongTypeIsUnknown) {
  EXPECT_EQ(run_context_line(R"({"cpu_model":7,"cpu_cores":1e300,"git_dirty":"yes",)"
                             R"("git_commit":null,"command_line":["x"]})"),
            "Measured on ? (? cores), ?, started ?, pushbench commit ?. Command: `?`.");
  EXPECT_EQ(run_context_line(R"({"cpu_cores":"2","git_dirty":1})"),
            "Measured on ? (? cores), ?, started ?, pushbench commit ?. Command: `?`.");
}

TEST(ReportTextTest, PrintsTheTablesWithoutTheWideColumns) {
  const std::string text = report_text(fixture());
  EXPECT_NE(text.find("The article's table, measured\n"), std::string::npos);
  EXPECT_NE(text.find("The Kaazing table, measured\n"), std::string::npos);
  EXPECT_EQ(text.find("the article says"), std::string::npos);
  EXPECT_EQ(text.find("| Connection"), std::string::npos);
}

// Idle rows: per client per minute over a 6 s window of 100 clients (10 client-minutes).
TEST(IdleTableTest, ShowsWhatStayingReadyCostsPerClientPerMinute) {
  const std::string csv =
      "schema_version,transport,workload,arrival,clients,event_rate_hz,payload_bytes,"
      "poll_interval_ms,repetition,duration_s,requests_total,connections_opened,"
      "requests_per_client_per_min,app_bytes_per_client_per_min,wire_bytes_up,wire_bytes_down,"
      "server_cpu_us_per_client_per_min,server_rss_per_client_kb,ws_ping_interval_s,ws_pings\r\n"
      "4,poll,idle,fixed,100,10,256,1000,1,6,600,0,60,8694,50000,130000,9000,1.04,,\r\n"
      "4,ws,idle,fixed,100,10,256,,1,6,0,0,0,1440,60000,48000,10000,5.3,1,600\r\n"
      "4,tcp,idle,fixed,100,10,256,,1,6,0,0,0,0,0,0,4000,0.4,,\r\n"
      "4,ws,broadcast,fixed,100,10,256,,1,6,0,0,0,1,1,1,1,1,0,0\r\n";
  const auto sections = idle_sections(parse_report_data(csv, "idle"));
  ASSERT_EQ(sections.size(), 1U);  // the broadcast row is not idle
  const ReportSection& s = sections[0];
  EXPECT_EQ(s.title, "The cost of staying ready: idle, 100 clients");
  EXPECT_NE(s.intro.at(0).find("idle, 100 clients, no events, 6 s window"), std::string::npos)
      << s.intro.at(0);
  ASSERT_EQ(s.table.rows.size(), 3U);
  const auto& poll = s.table.rows[0];
  EXPECT_EQ(poll.at(1), "polls every 1000 ms");
  EXPECT_EQ(poll.at(2), "60.00");
  EXPECT_EQ(poll.at(5), "18000.0");  // 180,000 wire bytes / 10 client-minutes
  EXPECT_EQ(poll.at(6), "—");        // no pings on HTTP
  const auto& ws = s.table.rows[1];
  EXPECT_EQ(ws.at(1), "held open, pinged every 1 s");
  EXPECT_EQ(ws.at(4), "1440.0");
  EXPECT_EQ(ws.at(6), "60.00");  // 600 pings / 10 client-minutes
  EXPECT_EQ(s.table.rows[2].at(1), "held open");
  EXPECT_EQ(s.table.rows[2].at(4), "0.0");
}

// The fixture's chat rows: both directions per transport, polling at each of its intervals.
TEST(DuplexTableTest, ShowsBothDirectionsOfTheChatRows) {
  const auto sections = duplex_sections(fixture());
  ASSERT_EQ(sections.size(), 1U);  // the broadcast rows have no upstream
  const ReportSection& s = sections[0];
  EXPECT_EQ(s.title, "Full duplex: chat, 1000 clients");
  EXPECT_EQ(s.table.header.at(9), "e2e p50 ms");
  ASSERT_EQ(s.table.rows.size(), 3U);
  const auto& poll = s.table.rows[0];
  EXPECT_EQ(poll.at(0), "poll");
  EXPECT_EQ(poll.at(1), "1000");
  EXPECT_EQ(poll.at(5), "500");    // messages sent
  EXPECT_EQ(poll.at(7), "0.7");    // up p50 ms
  EXPECT_EQ(poll.at(9), "500.0");  // e2e p50 ms
  EXPECT_EQ(poll.at(11), "500");   // POST /send
  const auto& ws = s.table.rows[1];
  EXPECT_EQ(ws.at(0), "ws");
  EXPECT_EQ(ws.at(1), "—");
  EXPECT_EQ(ws.at(7), "0.3");
  EXPECT_EQ(ws.at(9), "0.8");
  EXPECT_EQ(ws.at(11), "—");  // no POST /send: up the open connection
  EXPECT_EQ(s.table.rows[2].at(1), "250");
}

// A flagged row (loss, foreign_load, ...) is used like the others but never silently: the report
// says which rows carry which flags (report.md; `pushbench report` prints the same line).
TEST(ReportMarkdownTest, WarnsAboutFlaggedRows) {
  const std::string header =
      "schema_version,transport,workload,arrival,clients,event_rate_hz,payload_bytes,"
      "poll_interval_ms,repetition,warmup_s,duration_s,notifications_delivered,flags\r\n";
  const std::string clean = "5,ws,broadcast,fixed,10,10,256,,1,1,2,200,\r\n";
  const std::string flagged = "5,ws,broadcast,fixed,10,10,256,,2,1,2,150,loss;foreign_load\r\n";
  const ReportData ok = parse_report_data(header + clean, "clean");
  EXPECT_EQ(report_markdown(ok, "", {}).find("trust flags"), std::string::npos);
  const ReportData d = parse_report_data(header + clean + flagged, "flagged");
  const std::string md = report_markdown(d, "", {});
  EXPECT_NE(md.find("warning: 1 of 2 rows carry trust flags"), std::string::npos) << md;
  EXPECT_NE(md.find("repetition 2: loss;foreign_load"), std::string::npos) << md;
}

// The spectrum reads the histogram file whose cell columns match a cell; a cell without one (and
// a run without histograms/) has no row.
TEST(SpectrumTest, ReadsTheHistogramFileOfEachCell) {
  ReportData d = parse_report_data(test::report_fixture_csv_without_chat(), "fixture");
  EXPECT_FALSE(spectrum_section(d));
  const ReportCell* ws = nullptr;
  for (const ReportCell& c : d.cells) {
    ws = c.transport == "ws" ? &c : ws;
  }
  ASSERT_NE(ws, nullptr);
  LatencyHistogram h;
  for (int64_t i = 1; i <= 10'000; ++i) {
    h.record(i * 1000);  // 1 µs .. 10 ms
  }
  d.histograms.push_back(CellHistogramFile{
      .name = "ws",
      .cell = {{"transport", "ws"}, {"clients", ws->text("clients")}, {"tls", ws->text("tls")}},
      .histogram = h});
  d.histograms.push_back(CellHistogramFile{
      .name = "other", .cell = {{"transport", "ws"}, {"clients", "7"}}, .histogram = h});
  const auto s = spectrum_section(d);
  ASSERT_TRUE(s);
  ASSERT_EQ(s->table.rows.size(), 1u);
  const std::vector<std::string>& row = s->table.rows.front();
  EXPECT_EQ(row.at(0), "ws");
  EXPECT_EQ(row.at(1), "10000");
  // p50: the 5000th value, 5 ms, in the bucket [4,997,120, 5,001,216) ns: its highest value.
  EXPECT_EQ(row.at(2), "5.001");
  EXPECT_EQ(row.back(), "10.000");  // max: exact
  EXPECT_EQ(s->table.header.at(2), "p50 ms");
  EXPECT_EQ(s->table.header.back(), "max ms");
}

}  // namespace
}  // namespace pushbench
