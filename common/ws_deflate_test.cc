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

}  // namespace
}  // namespace pushbench
