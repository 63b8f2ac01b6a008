#include <gtest/gtest.h>

#include "payments/http/http_framing.h"

namespace hotspot::payments::http {
namespace {

TEST(SerializeRequest, SetsHostLengthAndClose) {
  HttpsRequest request;
  request.method = "POST";
  request.headers = {{"Authorization", "Bearer abc"}, {"Content-Type", "application/json"}};
  request.body = "{\"a\":1}";
  auto url = parse_url("https://example.test:8443/mpesa/stkpush/v1/processrequest");
  ASSERT_TRUE(url.ok());
  const std::string bytes = serialize_request(request, *url);
  EXPECT_EQ(bytes.rfind("POST /mpesa/stkpush/v1/processrequest HTTP/1.1\r\n", 0), 0u) << bytes;
  EXPECT_NE(bytes.find("Host: example.test:8443\r\n"), std::string::npos) << bytes;
  EXPECT_NE(bytes.find("Content-Length: 7\r\n"), std::string::npos) << bytes;
  EXPECT_NE(bytes.find("Connection: close\r\n"), std::string::npos) << bytes;
  EXPECT_EQ(bytes.substr(bytes.size() - 7), "{\"a\":1}");
}

TEST(ResponseParser, ReadsAChunkedResponseFedByteByByte) {
  const std::string wire =
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3\r\n{\"a\r\n3\r\n\":1\r\n1\r\n}\r\n0\r\n\r\n";
  ResponseParser parser(1024);
  ParseState state = ParseState::need_more;
  for (char c : wire) {
    auto fed = parser.feed(std::string_view(&c, 1));
    ASSERT_TRUE(fed.ok()) << fed.error().message;
    state = *fed;
  }
  ASSERT_EQ(state, ParseState::done);
  HttpsResponse response = parser.take();
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "{\"a\":1}");
  EXPECT_EQ(response.header("content-type"), "application/json");
}

TEST(ResponseParser, ABodyFramedByTheEndOfTheConnection) {
  ResponseParser parser(1024);
  auto fed = parser.feed("HTTP/1.1 200 OK\r\n\r\nhello");
  ASSERT_TRUE(fed.ok());
  EXPECT_EQ(*fed, ParseState::need_more);
  auto done = parser.finish();
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(parser.take().body, "hello");
}

TEST(ResponseParser, TheAnswerToHeadHasNoBody) {
  ResponseParser parser(1024);
  parser.expect_no_body();
  auto fed = parser.feed("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n");
  ASSERT_TRUE(fed.ok()) << fed.error().message;
  EXPECT_EQ(*fed, ParseState::done);
}

TEST(ResponseParser, RefusesGarbageAndOversizedBodies) {
  ResponseParser garbage(1024);
  auto fed = garbage.feed("SSH-2.0-OpenSSH_9.2\r\n");
  ASSERT_FALSE(fed.ok());
  EXPECT_EQ(fed.error().code, Errc::corrupt);
  EXPECT_NE(fed.error().message.find("malformed HTTP"), std::string::npos);

  ResponseParser small(4);
  fed = small.feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
  ASSERT_FALSE(fed.ok());
  EXPECT_NE(fed.error().message.find("too large"), std::string::npos);
}

TEST(ResponseParser, AConnectionClosedInTheMiddleOfABodyIsAnError) {
  ResponseParser parser(1024);
  ASSERT_TRUE(parser.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhel").ok());
  auto done = parser.finish();
  ASSERT_FALSE(done.ok());
  EXPECT_EQ(done.error().code, Errc::io);
}

TEST(RequestParser, ReadsMethodTargetHeadersAndBody) {
  RequestParser parser(1024);
  auto fed = parser.feed("POST /cb?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}");
  ASSERT_TRUE(fed.ok());
  ASSERT_EQ(*fed, ParseState::done);
  ServerRequest request = parser.take();
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/cb?x=1");
  EXPECT_EQ(request.header("HOST"), "a");
  EXPECT_EQ(request.body, "{}");
}

TEST(SerializeResponse, CarriesStatusTypeAndLength) {
  const std::string bytes = serialize_response({404, "application/json", "{}"});
  EXPECT_EQ(bytes.rfind("HTTP/1.1 404 Not Found\r\n", 0), 0u) << bytes;
  EXPECT_NE(bytes.find("Content-Length: 2\r\n"), std::string::npos);
}

}  // namespace
}  // namespace hotspot::payments::http
