// Unit tests of results.json: typed values, the schema version and meta beside the rows.
#include "results_json.h"

#include <gtest/gtest.h>

#include "result_columns.h"

namespace pushbench {
namespace {

TEST(ResultsJsonTest, TypesEveryValueAsTheCsvHasIt) {
  const ResultsTable t{.origin = "x/results.csv",
                       .header = {"schema_version", "transport", "clients", "latency_p50_us",
                                  "poll_interval_ms", "flags", "tls"},
                       .rows = {{"9", "poll", "1000", "81.5", "250", "loss;errors", "off"},
                                {"9", "ws", "1000", "60", "", "", "on"}},
                       .schema_version = "9"};
  const nlohmann::json meta = {{"host", "h"}};
  const nlohmann::ordered_json j = results_json(t, meta);
  EXPECT_EQ(j.at("schema_version"), 9);
  EXPECT_EQ(j.at("meta").dump(), meta.dump());
  // Rows keep results.csv's column order.
  EXPECT_EQ(j.at("rows")[0].begin().key(), "schema_version");
  EXPECT_EQ(j.at("columns").size(), t.header.size());
  EXPECT_EQ(j.at("units").at("latency_p50_us"), "µs");
  ASSERT_EQ(j.at("rows").size(), 2u);
  const nlohmann::ordered_json& poll = j.at("rows")[0];
  EXPECT_TRUE(poll.at("clients").is_number_integer());
  EXPECT_EQ(poll.at("clients"), 1000);
  EXPECT_TRUE(poll.at("latency_p50_us").is_number_float());
  EXPECT_DOUBLE_EQ(poll.at("latency_p50_us").get<double>(), 81.5);
  EXPECT_EQ(poll.at("transport"), "poll");
  EXPECT_EQ(poll.at("flags"), nlohmann::ordered_json({"loss", "errors"}));
  EXPECT_EQ(poll.at("tls"), "off");
  const nlohmann::ordered_json& ws = j.at("rows")[1];
  EXPECT_TRUE(ws.at("poll_interval_ms").is_null());  // not applicable
  EXPECT_EQ(ws.at("flags"), nlohmann::ordered_json::array());
  EXPECT_EQ(ws.at("latency_p50_us"), 60);
}

TEST(ResultsJsonTest, KeepsTextColumnsAsText) {
  // A text column whose value looks like a number stays the CSV's text.
  for (const ResultColumn& c : result_column_table()) {
    if (c.role == ColumnRole::kText && c.name != "flags") {
      EXPECT_TRUE(typed_value(c.name, "1").is_string()) << c.name;
    }
  }
  EXPECT_TRUE(typed_value("no_such_column", "abc").is_string());
  EXPECT_TRUE(typed_value("no_such_column", "1e3").is_number_float());
}

}  // namespace
}  // namespace pushbench
