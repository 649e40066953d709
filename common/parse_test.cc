// Unit tests for strict number parsing and comma-list splitting.
#include "parse.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace pushbench {
namespace {

TEST(ParseTest, AcceptsZero) {
  auto v = parse_int("0");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(*v, 0);
}

TEST(ParseTest, AcceptsNegativeNumber) {
  auto v = parse_int("-5");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(*v, -5);
}

TEST(ParseTest, AcceptsInt64Max) {
  auto v = parse_int("9223372036854775807");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(*v, std::numeric_limits<int64_t>::max());
}

TEST(ParseTest, AcceptsInt64Min) {
  auto v = parse_int("-9223372036854775808");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(*v, std::numeric_limits<int64_t>::min());
}

TEST(ParseTest, AcceptsMultiDigitNumber) {
  auto v = parse_int("1234567");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(*v, 1234567);
}

TEST(ParseTest, RejectsEmptyText) { EXPECT_FALSE(parse_int("").has_value()); }

TEST(ParseTest, RejectsLeadingPlus) { EXPECT_FALSE(parse_int("+1").has_value()); }

TEST(ParseTest, RejectsLeadingSpace) { EXPECT_FALSE(parse_int(" 1").has_value()); }

TEST(ParseTest, RejectsTrailingSpace) { EXPECT_FALSE(parse_int("1 ").has_value()); }

TEST(ParseTest, RejectsTrailingGarbage) { EXPECT_FALSE(parse_int("1x").has_value()); }

TEST(ParseTest, RejectsNonNumericText) { EXPECT_FALSE(parse_int("x").has_value()); }

TEST(ParseTest, RejectsLoneMinus) { EXPECT_FALSE(parse_int("-").has_value()); }

TEST(ParseTest, RejectsOverflow) {
  EXPECT_FALSE(parse_int("99999999999999999999").has_value());
  EXPECT_FALSE(parse_int("9223372036854775808").has_value());
  EXPECT_FALSE(parse_int("-9223372036854775809").has_value());
}

TEST(ParseDoubleTest, AcceptsDecimalsAndExponents) {
  EXPECT_EQ(parse_double("2"), 2.0);
  EXPECT_EQ(parse_double("-0.5"), -0.5);
  EXPECT_EQ(parse_double("1e3"), 1000.0);
  EXPECT_EQ(parse_double("272.2"), 272.2);
}

TEST(ParseDoubleTest, RejectsWhatIsNotWhollyAFiniteNumber) {
  for (const char* text :
       {"", " 1", "1 ", "+1", "1x", "x", "0x10", "inf", "-inf", "nan", "1e999", "-", "."}) {
    EXPECT_FALSE(parse_double(text).has_value()) << text;
  }
}

TEST(ParseTest, RejectsDecimalFraction) { EXPECT_FALSE(parse_int("1.5").has_value()); }

TEST(ParseTest, RejectsTextWithEmbeddedNul) {
  EXPECT_FALSE(parse_int(std::string_view("1\0"
                                          "2",
                                          3))
                   .has_value());
}

TEST(ParseTest, SplitsListOnCommas) {
  EXPECT_EQ(split_list("a,b,c"), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(ParseTest, KeepsEmptyItemWhenCommasAreAdjacent) {
  EXPECT_EQ(split_list("a,,b"), (std::vector<std::string>{"a", "", "b"}));
}

TEST(ParseTest, KeepsEmptyItemsAtEnds) {
  EXPECT_EQ(split_list(",a,"), (std::vector<std::string>{"", "a", ""}));
}

TEST(ParseTest, ReturnsOneItemWhenNoSeparator) {
  EXPECT_EQ(split_list("abc"), (std::vector<std::string>{"abc"}));
}

TEST(ParseTest, ReturnsOneEmptyItemWhenTextIsEmpty) {
  EXPECT_EQ(split_list(""), (std::vector<std::string>{""}));
}

TEST(ParseTest, SplitsOnCustomSeparator) {
  EXPECT_EQ(split_list("1:2::3", ':'), (std::vector<std::string>{"1", "2", "", "3"}));
}

TEST(ParseDurationTest, UnitsAndBareNumbers) {
  EXPECT_EQ(parse_duration("15s", TimeUnit::kSeconds), 15);
  EXPECT_EQ(parse_duration("500ms", TimeUnit::kSeconds), 0.5);
  EXPECT_EQ(parse_duration("2m", TimeUnit::kSeconds), 120);
  EXPECT_EQ(parse_duration("2min", TimeUnit::kSeconds), 120);
  EXPECT_EQ(parse_duration("1h", TimeUnit::kSeconds), 3600);
  EXPECT_EQ(parse_duration("250us", TimeUnit::kMilliseconds), 0.25);
  EXPECT_EQ(parse_duration("250\u00b5s", TimeUnit::kMilliseconds), 0.25);
  EXPECT_EQ(parse_duration("1000000ns", TimeUnit::kMilliseconds), 1);
  EXPECT_EQ(parse_duration("500ms", TimeUnit::kMilliseconds), 500);  // exactly
  EXPECT_EQ(parse_duration("1.5s", TimeUnit::kMilliseconds), 1500);
  EXPECT_EQ(parse_duration("10", TimeUnit::kSeconds), 10);  // a bare number keeps its unit
  EXPECT_EQ(parse_duration("10", TimeUnit::kMilliseconds), 10);
  EXPECT_EQ(parse_duration("0", TimeUnit::kSeconds), 0);
  EXPECT_EQ(parse_duration("-1s", TimeUnit::kSeconds), -1);  // the caller's range check says no
}

TEST(ParseDurationTest, RefusesWhatIsNotADuration) {
  for (const char* text : {"", "s", "ms", "10x", "10 s", " 10s", "10s ", "1e400s", "+5s", "10S",
                           "10sec", "5ms5", "inf", "nans", "0x10s", "10d"}) {
    EXPECT_FALSE(parse_duration(text, TimeUnit::kSeconds).has_value()) << "'" << text << "'";
  }
}

}  // namespace
}  // namespace pushbench
