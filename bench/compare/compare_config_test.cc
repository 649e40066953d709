// The tolerance rules file: the built-in one parses, errors name the file and line, overrides.
#include <gtest/gtest.h>

#include "compare_config.h"
#include "config_error.h"

namespace pushbench {
namespace {

TEST(CompareConfigTest, BuiltInRulesParseAndCoverTheGatedMetrics) {
  const ToleranceConfig c = ToleranceConfig::built_in();
  for (const char* m :
       {"app_bytes_per_notification", "requests_per_notification",
        "connections_opened_per_notification", "empty_response_share", "delivery_ratio"}) {
    ASSERT_NE(c.find(m), nullptr) << m;
    EXPECT_EQ(c.find(m)->cls, MetricClass::kExact) << m;
    EXPECT_DOUBLE_EQ(c.find(m)->tolerance_pct, 1) << m;
  }
  for (const char* m :
       {"notifications_lost", "notifications_duplicated", "notifications_out_of_order",
        "notifications_misdelivered", "client_errors"}) {
    ASSERT_NE(c.find(m), nullptr) << m;
    EXPECT_EQ(c.find(m)->cls, MetricClass::kZero) << m;
  }
  EXPECT_EQ(c.find("server_cpu_us_per_notification")->cls, MetricClass::kSpeed);
  EXPECT_EQ(c.find("ratio:server_cpu_us_per_notification")->cls, MetricClass::kRatio);
  EXPECT_EQ(c.micro_rule("BM_Event_Encode/256").metric, "micro");
}

TEST(CompareConfigTest, ParsesCommentsAbsoluteSlackAndClasses) {
  const ToleranceConfig c = ToleranceConfig::parse(
      "# comment\n\nlatency_p50_us speed 50 abs=1000  # trailing\nclient_errors zero\n"
      "BM_Csv_Line micro 40\nmicro micro 30\n",
      "t.conf");
  ASSERT_EQ(c.rules().size(), 4U);
  EXPECT_DOUBLE_EQ(c.find("latency_p50_us")->abs_slack, 1000);
  EXPECT_DOUBLE_EQ(c.micro_rule("BM_Csv_Line").tolerance_pct, 40);
  EXPECT_DOUBLE_EQ(c.micro_rule("BM_Csv_Line/8").tolerance_pct, 40) << "family rule";
  EXPECT_DOUBLE_EQ(c.micro_rule("BM_Other").tolerance_pct, 30);
}

TEST(CompareConfigTest, ErrorsNameTheFileAndLine) {
  auto message = [](const char* text) {
    try {
      ToleranceConfig::parse(text, "t.conf");
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("a exact 1\nb fuzzy 2\n").find("t.conf:2:"), std::string::npos);
  EXPECT_NE(message("a exact\n").find("t.conf:1: a needs a tolerance"), std::string::npos);
  EXPECT_NE(message("a exact -3\n").find("t.conf:1:"), std::string::npos);
  EXPECT_NE(message("a exact 1 abs=x\n").find("unexpected 'abs=x'"), std::string::npos);
  EXPECT_NE(message("a exact 1\na exact 2\n").find("listed twice"), std::string::npos);
  EXPECT_NE(message("a ratio 1\n").find("ratio:METRIC"), std::string::npos);
  EXPECT_NE(message("# nothing\n").find("no rules"), std::string::npos);
}

TEST(CompareConfigTest, OverridesReplaceToleranceOrAddBenchmarkRules) {
  ToleranceConfig c = ToleranceConfig::built_in();
  c.override_tolerance("app_bytes_per_notification=2.5");
  EXPECT_DOUBLE_EQ(c.find("app_bytes_per_notification")->tolerance_pct, 2.5);
  c.override_tolerance("BM_Event_Encode/4096=75");
  EXPECT_DOUBLE_EQ(c.micro_rule("BM_Event_Encode/4096").tolerance_pct, 75);
  EXPECT_THROW(c.override_tolerance("app_bytes_per_notification"), ConfigError);
  EXPECT_THROW(c.override_tolerance("app_bytes_per_notification=-1"), ConfigError);
  EXPECT_THROW(c.override_tolerance("nonsense=1"), ConfigError);
  EXPECT_THROW(c.override_tolerance("notifications_lost=1"), ConfigError);
}

}  // namespace
}  // namespace pushbench
