// The GRIP origin's pure parts: the WebSocket-over-HTTP answers and the publish item Pushpin is
// given for an event (its three formats carry each transport's own bytes).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "feed_sink.h"
#include "grip.h"

namespace pushbench {
namespace {

TEST(GripTest, OpenIsAnsweredWithOpenAndASubscription) {
  const std::string control = R"(c:{"type":"subscribe","channel":"b"})";
  EXPECT_EQ(grip_ws_answer("OPEN\r\n"),
            "OPEN\r\nTEXT " + std::string("24") + "\r\n" + control + "\r\n");
  EXPECT_EQ(control.size(), 0x24U);
  EXPECT_EQ(grip_ws_answer("CLOSE\r\n"), "CLOSE\r\n");
  EXPECT_EQ(grip_ws_answer("PING\r\nCLOSE 2\r\n\x03\xe8\r\n"), "CLOSE\r\n");
  EXPECT_EQ(grip_ws_answer("TEXT 2\r\nhi\r\n"), "");
  EXPECT_EQ(grip_ws_answer(""), "");
}

TEST(GripTest, PublishItemCarriesEachTransportsBytes) {
  const EncodedEvent ev{.seq = 7, .json = R"({"seq":7,"pad":"x"})"};
  const nlohmann::json j = nlohmann::json::parse(grip_publish_body(ev, "b"));
  ASSERT_EQ(j.at("items").size(), 1U);
  const nlohmann::json& item = j.at("items").at(0);
  EXPECT_EQ(item.at("channel"), "b");
  EXPECT_EQ(item.at("id"), "7");
  EXPECT_EQ(item.at("prev-id"), "6");
  const nlohmann::json& f = item.at("formats");
  EXPECT_EQ(f.at("http-response").at("body"), "[" + ev.json + "]");  // /longpoll's array
  EXPECT_EQ(f.at("http-response").at("code"), 200);
  EXPECT_EQ(f.at("http-stream").at("content"), "id: 7\ndata: " + ev.json + "\n\n");  // SSE
  EXPECT_EQ(f.at("ws-message").at("content"), ev.json);  // one text frame
  const nlohmann::json first =
      nlohmann::json::parse(grip_publish_body(EncodedEvent{.seq = 0, .json = "{}"}, "b"));
  EXPECT_FALSE(first.at("items").at(0).contains("prev-id")) << "the first event has none";
}

}  // namespace
}  // namespace pushbench
