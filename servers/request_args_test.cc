// Query arguments of /poll, /longpoll, /sse, /ws and /send (request_args.h), from the fragments
// lws splits a query into: client ids at and past both ends of the range, after=, repeated and
// unrelated arguments, overlong values.
#include "request_args.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace pushbench {
namespace {

RequestArgs parse(std::initializer_list<std::string_view> fragments, int clients = 10,
                  bool with_after = true) {
  const std::vector<std::string_view> f(fragments);
  return parse_request_args(f, clients, with_after);
}

TEST(RequestArgsTest, AcceptsEveryClientOfTheRange) {
  for (int id : {0, 1, 9}) {
    const RequestArgs a = parse({"client=" + std::to_string(id)}, 10);
    EXPECT_EQ(a.error, "") << id;
    EXPECT_EQ(a.client, id);
    EXPECT_EQ(a.after, -1);
  }
}

TEST(RequestArgsTest, RefusesClientsOutsideTheRange) {
  EXPECT_EQ(parse({"client=10"}, 10).error, "client 10 out of range 0..9");
  EXPECT_EQ(parse({"client=-1"}, 10).error, "client -1 out of range 0..9");
  EXPECT_EQ(parse({"client=0"}, 1).client, 0);
  EXPECT_EQ(parse({"client=1"}, 1).error, "client 1 out of range 0..0");
  // Past int: refused as out of range, not wrapped into it.
  EXPECT_EQ(parse({"client=4294967296"}, 10).error, "client 4294967296 out of range 0..9");
}

TEST(RequestArgsTest, RefusesAMissingOrNonNumericClient) {
  EXPECT_EQ(parse({}).error, "missing client");
  EXPECT_EQ(parse({"after=3"}).error, "missing client");
  EXPECT_EQ(parse({"clientx=3"}).error, "missing client");
  EXPECT_EQ(parse({"client="}).error, "client must be a number (got '')");
  EXPECT_EQ(parse({"client=3x"}).error, "client must be a number (got '3x')");
  EXPECT_EQ(parse({"client= 3"}).error, "client must be a number (got ' 3')");
  EXPECT_EQ(parse({"client=99999999999999999999"}).error,
            "client must be a number (got '99999999999999999999')");
}

TEST(RequestArgsTest, ReadsAfterDownToMinusOne) {
  EXPECT_EQ(parse({"client=2", "after=41"}).after, 41);
  EXPECT_EQ(parse({"after=41", "client=2"}).after, 41);  // any order
  EXPECT_EQ(parse({"client=2", "after=-1"}).after, -1);
  EXPECT_EQ(parse({"client=2", "after=0"}).after, 0);
  EXPECT_EQ(parse({"client=2", "after=9223372036854775807"}).after, INT64_MAX);
  EXPECT_EQ(parse({"client=2", "after=-2"}).error, "after must be a number >= -1 (got '-2')");
  EXPECT_EQ(parse({"client=2", "after="}).error, "after must be a number >= -1 (got '')");
  EXPECT_EQ(parse({"client=2", "after=1.5"}).error, "after must be a number >= -1 (got '1.5')");
}

TEST(RequestArgsTest, IgnoresAfterWhereItIsNotRead) {
  // /sse and /ws do not read after=: even a bad one is no error there.
  const RequestArgs a = parse({"client=2", "after=bad"}, 10, false);
  EXPECT_EQ(a.error, "");
  EXPECT_EQ(a.client, 2);
  EXPECT_EQ(a.after, -1);
}

TEST(RequestArgsTest, TheFirstOfARepeatedArgumentCounts) {
  const RequestArgs a = parse({"client=1", "client=bad", "after=5", "after=-7"});
  EXPECT_EQ(a.error, "");
  EXPECT_EQ(a.client, 1);
  EXPECT_EQ(a.after, 5);
}

TEST(RequestArgsTest, UnrelatedArgumentsChangeNothing) {
  const RequestArgs a = parse({"_=1", "client=3", "x", "", "after=4", "cache=no"});
  EXPECT_EQ(a.error, "");
  EXPECT_EQ(a.client, 3);
  EXPECT_EQ(a.after, 4);
}

TEST(RequestArgsTest, RefusesAnOverlongArgumentWhereverItIs) {
  const std::string longest(kMaxQueryArgBytes, 'x');  // fits
  const std::string overlong(kMaxQueryArgBytes + 1, 'x');
  EXPECT_EQ(parse({"client=1", longest}).error, "");
  // An overlong unrelated argument is not skipped: it would hide a client= behind it in lws'
  // own lookup, so it is a 400 before or after ours.
  const std::string reason = "query argument 2 is longer than 255 bytes";
  EXPECT_EQ(parse({"client=1", overlong}).error, reason);
  EXPECT_EQ(parse({"client=1", overlong, "after=2"}).error, reason);
  EXPECT_EQ(parse({overlong, "client=1"}).error, "query argument 1 is longer than 255 bytes");
  // An overlong client value: the length is refused, not the number.
  const std::string padded = "client=" + std::string(kMaxQueryArgBytes - 7, '0') + "1";
  EXPECT_EQ(parse({padded}).error, "query argument 1 is longer than 255 bytes");
  const std::string fits = "client=" + std::string(kMaxQueryArgBytes - 8, '0') + "1";
  EXPECT_EQ(parse({fits}).client, 1);
}

TEST(RequestArgsTest, AReasonQuotesAtMostOneArgument) {
  const std::string value(kMaxQueryArgBytes - 7, 'x');  // the longest that is read
  const RequestArgs a = parse({"client=" + value});
  EXPECT_EQ(a.error, "client must be a number (got '" + value + "')");
  EXPECT_LE(a.error.size(), 400u);
}

}  // namespace
}  // namespace pushbench
