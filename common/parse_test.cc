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

}  // namespace
}  // namespace pushbench
