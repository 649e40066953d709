// Only the request that opens an h2c connection asks libcurl for prior knowledge.
#include "h2c_connections.h"

#include <gtest/gtest.h>

#include "curl_handles.h"

namespace pushbench {
namespace {

TEST(H2cConnectionsTest, OnlyTheRequestThatOpensAConnectionAsksForPriorKnowledge) {
  CurlGlobal global;
  CurlEasy poll(curl_easy_init()), send(curl_easy_init()), other(curl_easy_init());
  H2cConnections h2c;
  h2c.name(poll.get(), "h0");
  h2c.name(send.get(), "h0");  // the same client's POSTs: streams on the same connection
  h2c.name(other.get(), "h1");

  h2c.before_request(poll.get());  // opens h0
  h2c.before_request(send.get());  // while h0 is being opened: waits for it, reuses it
  EXPECT_EQ(h2c.opened(), 1);
  h2c.after_request(poll.get(), true);
  h2c.after_request(send.get(), true);
  h2c.before_request(poll.get());   // h0 is up
  h2c.before_request(other.get());  // opens h1
  EXPECT_EQ(h2c.opened(), 2);

  h2c.after_request(poll.get(), false);  // h0 may be gone: the next request opens it again
  h2c.before_request(send.get());
  EXPECT_EQ(h2c.opened(), 3);
  h2c.after_request(send.get(), true);
  h2c.before_request(poll.get());
  EXPECT_EQ(h2c.opened(), 3);
}

}  // namespace
}  // namespace pushbench
