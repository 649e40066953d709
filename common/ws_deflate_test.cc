// Unit tests for reading the server's Sec-WebSocket-Extensions answer.
#include "ws_deflate.h"

#include <cstring>

#include <gtest/gtest.h>

#include "config_error.h"

namespace pushbench {
namespace {

TEST(WsDeflateTest, AcceptsWhenHeaderNamesPermessageDeflate) {
  EXPECT_TRUE(accepts_permessage_deflate("permessage-deflate"));
  EXPECT_TRUE(accepts_permessage_deflate("permessage-deflate; client_no_context_takeover"));
  EXPECT_TRUE(accepts_permessage_deflate(" permessage-deflate ;client_max_window_bits=15"));
  EXPECT_TRUE(accepts_permessage_deflate("x-webkit-foo, permessage-deflate; a"));
}

TEST(WsDeflateTest, RejectsWhenHeaderIsEmptyOrNamesAnotherExtension) {
  EXPECT_FALSE(accepts_permessage_deflate(""));
  EXPECT_FALSE(accepts_permessage_deflate("deflate-frame"));
  EXPECT_FALSE(accepts_permessage_deflate("permessage-deflatex"));
  EXPECT_FALSE(accepts_permessage_deflate("x-permessage-deflate"));
  EXPECT_FALSE(accepts_permessage_deflate("foo; permessage-deflate"));  // a parameter, not a name
}

TEST(WsDeflateTest, ListsLwsExtensionWhenBuilt) {
  const LwsExtensions exts = permessage_deflate_extensions();
  ASSERT_NE(exts[0].name, nullptr);
  EXPECT_STREQ(exts[0].name, "permessage-deflate");
  EXPECT_EQ(exts[0].callback, &lws_extension_callback_pm_deflate);
  ASSERT_NE(exts[0].client_offer, nullptr);
  EXPECT_TRUE(accepts_permessage_deflate(exts[0].client_offer));
  EXPECT_EQ(exts[1].name, nullptr);  // lws walks the list to a null callback
  EXPECT_EQ(exts[1].callback, nullptr);
}

// lws' offer asks the server not to keep the client's context; a browser's keeps both.
TEST(WsDeflateTest, OffersContextTakeoverOnlyAsBrowsersDo) {
  const LwsExtensions lws_offer = permessage_deflate_extensions(DeflateOffer::kLws);
  const LwsExtensions browser = permessage_deflate_extensions(DeflateOffer::kBrowser);
  EXPECT_STREQ(lws_offer[0].client_offer,
               "permessage-deflate; client_no_context_takeover; client_max_window_bits");
  EXPECT_STREQ(browser[0].client_offer, "permessage-deflate; client_max_window_bits");
  EXPECT_EQ(parse_deflate_offer("browser"), DeflateOffer::kBrowser);
  EXPECT_EQ(parse_deflate_offer("lws"), DeflateOffer::kLws);
  EXPECT_THROW(parse_deflate_offer("gzip"), ConfigError);
  EXPECT_EQ(name(DeflateOffer::kBrowser), "browser");
}

// The server's compressor: 11 bits and memLevel 4 by default, 15 bits once clients send (lws
// 4.1.6 inflates their messages with the server's window); out-of-range values refused.
TEST(WsDeflateTest, ServerWindowIsElevenUnlessClientsSendAndRangesAreChecked) {
  const DeflateParams auto_params;
  EXPECT_EQ(auto_params.window_for(false), 11);
  EXPECT_EQ(auto_params.window_for(true), 15);
  EXPECT_EQ(auto_params.mem_level, 4);
  EXPECT_EQ(auto_params.problem(false), "");
  EXPECT_EQ(auto_params.problem(true), "");
  EXPECT_EQ((DeflateParams{.window_bits = 12, .mem_level = 8}).window_for(true), 12);
  EXPECT_NE((DeflateParams{.window_bits = 12, .mem_level = 8}).problem(true).find("chat"),
            std::string::npos);
  EXPECT_EQ((DeflateParams{.window_bits = 15, .mem_level = 9}).problem(true), "");
  EXPECT_NE((DeflateParams{.window_bits = 8, .mem_level = 4}).problem(false).find("9..15"),
            std::string::npos);
  EXPECT_NE((DeflateParams{.window_bits = 16, .mem_level = 4}).problem(false).find("9..15"),
            std::string::npos);
  EXPECT_NE((DeflateParams{.window_bits = 11, .mem_level = 0}).problem(false).find("1..9"),
            std::string::npos);
}

}  // namespace
}  // namespace pushbench
