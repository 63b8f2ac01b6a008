#pragma once
// HTTP/1.1 messages to and from bytes with Boost.Beast, as pure functions and incremental
// parsers: the connections that use them only move bytes.

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "payments/http/https_client.h"
#include "payments/http/url.h"

namespace hotspot::payments::http {

// The request as sent: `Connection: close`, Host from the URL, Content-Length for any body.
std::string serialize_request(const HttpsRequest& request, const Url& url);

// A request as a server sees it; header names are kept as sent, looked up case-insensitively.
struct ServerRequest {
  std::string method;
  std::string target;
  Headers headers;
  std::string body;
  std::string header(const std::string& name) const;
};

struct ServerResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

std::string serialize_response(const ServerResponse& response);

// Feeds bytes as they arrive; says when one whole message has been read.
enum class ParseState { need_more, done };

class ResponseParser {
 public:
  explicit ResponseParser(std::size_t max_body_bytes);
  ~ResponseParser();
  // The answer to a HEAD request: its Content-Length describes a body that is not sent.
  void expect_no_body();
  // An error (Errc::corrupt) for bytes that are not HTTP or a body over the limit.
  Result<ParseState> feed(std::string_view bytes);
  // The peer closed: a response framed by the end of the connection is complete now.
  Result<ParseState> finish();
  HttpsResponse take();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class RequestParser {
 public:
  explicit RequestParser(std::size_t max_body_bytes);
  ~RequestParser();
  Result<ParseState> feed(std::string_view bytes);
  ServerRequest take();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hotspot::payments::http
