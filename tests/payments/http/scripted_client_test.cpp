#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <optional>

#include "payments/http/testutils/scripted_https_client.h"

namespace hotspot::payments::http {
namespace {

TEST(ScriptedHttpsClient, AnswersInOrderLaterAndRecordsRequests) {
  boost::asio::io_context io;
  testing::ScriptedHttpsClient client(io.get_executor());
  client.answer(200, R"({"ok":true})");
  client.answer(make_error(Errc::io, "timeout: waiting for the response"));
  std::vector<Result<HttpsResponse>> results;
  auto keep = [&results](Result<HttpsResponse> result) { results.push_back(std::move(result)); };
  client.request({"POST", "https://a.example/x", {}, "1"}, keep);
  client.request({"GET", "https://a.example/y", {}, ""}, keep);
  client.request({"GET", "https://a.example/z", {}, ""}, keep);
  EXPECT_TRUE(results.empty()) << "never inside request()";
  io.run();
  ASSERT_EQ(results.size(), 3u);
  ASSERT_TRUE(results[0].ok());
  EXPECT_EQ(results[0]->body, R"({"ok":true})");
  EXPECT_EQ(results[1].error().code, Errc::io);
  EXPECT_EQ(results[2].error().code, Errc::unavailable);
  ASSERT_EQ(client.requests().size(), 3u);
  EXPECT_EQ(client.requests()[0].body, "1");
  EXPECT_EQ(client.unanswered(), 0u);
}

}  // namespace
}  // namespace hotspot::payments::http
