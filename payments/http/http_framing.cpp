#include "payments/http/http_framing.h"

#include <strings.h>

#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <limits>
#include <sstream>

namespace hotspot::payments::http {
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {

std::string find_header(const Headers& headers, const std::string& name) {
  for (const auto& [key, value] : headers) {
    if (strcasecmp(key.c_str(), name.c_str()) == 0) return value;
  }
  return {};
}

template <class Fields>
Headers copy_headers(const Fields& fields) {
  Headers out;
  for (const auto& field : fields)
    out.emplace_back(std::string(field.name_string()), std::string(field.value()));
  return out;
}

// Feeds what arrived to a Beast parser until it is done, wants more, or refuses the bytes.
// Beast leaves unconsumed bytes to the caller, so `pending` keeps them for the next call. The
// body limit is checked here too: Beast 1.74's own body_limit lets a Content-Length body through.
template <class Parser>
Result<ParseState> feed_parser(Parser& parser, std::string& pending, std::string_view bytes,
                               std::size_t max_body_bytes) {
  const Error too_large = make_error(Errc::corrupt, "the body of the HTTP message is too large");
  pending.append(bytes);
  while (!pending.empty() && !parser.is_done()) {
    beast::error_code ec;
    const std::size_t used = parser.put(boost::asio::buffer(pending.data(), pending.size()), ec);
    if (ec == bhttp::error::body_limit) return too_large;
    if (ec && ec != bhttp::error::need_more)
      return make_error(Errc::corrupt, "malformed HTTP: " + ec.message());
    if (parser.is_header_done() && parser.content_length().value_or(0) > max_body_bytes)
      return too_large;
    if (parser.get().body().size() > max_body_bytes) return too_large;
    pending.erase(0, used);
    if (ec) return ParseState::need_more;
  }
  return parser.is_done() ? ParseState::done : ParseState::need_more;
}

}  // namespace

std::string HttpsResponse::header(const std::string& name) const {
  return find_header(headers, name);
}
std::string ServerRequest::header(const std::string& name) const {
  return find_header(headers, name);
}

std::string serialize_request(const HttpsRequest& request, const Url& url) {
  bhttp::request<bhttp::string_body> message;
  message.method_string(request.method);
  message.target(url.target);
  message.version(11);
  const bool default_port = url.port == (url.tls ? 443 : 80);
  message.set(bhttp::field::host,
              default_port ? url.host : url.host + ":" + std::to_string(url.port));
  for (const auto& [name, value] : request.headers) message.set(name, value);
  message.set(bhttp::field::connection, "close");
  message.body() = request.body;
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT")
    message.prepare_payload();
  std::ostringstream out;
  out << message;
  return out.str();
}

std::string serialize_response(const ServerResponse& response) {
  bhttp::response<bhttp::string_body> message;
  message.result(static_cast<unsigned>(response.status));
  message.version(11);
  message.set(bhttp::field::server, "hotspot-edge");
  message.set(bhttp::field::content_type, response.content_type);
  message.set(bhttp::field::connection, "close");
  message.body() = response.body;
  message.prepare_payload();
  std::ostringstream out;
  out << message;
  return out.str();
}

struct ResponseParser::Impl {
  bhttp::response_parser<bhttp::string_body> parser;
  std::size_t max_body_bytes;
  std::string pending;
};

ResponseParser::ResponseParser(std::size_t max_body_bytes) : impl_(std::make_unique<Impl>()) {
  impl_->max_body_bytes = max_body_bytes;
  impl_->parser.body_limit(max_body_bytes);
  impl_->parser.eager(true);
}
ResponseParser::~ResponseParser() = default;

void ResponseParser::expect_no_body() {
  impl_->parser.skip(true);
  impl_->max_body_bytes = std::numeric_limits<std::size_t>::max();  // no body will be read
}

Result<ParseState> ResponseParser::feed(std::string_view bytes) {
  return feed_parser(impl_->parser, impl_->pending, bytes, impl_->max_body_bytes);
}

Result<ParseState> ResponseParser::finish() {
  if (impl_->parser.is_done()) return ParseState::done;
  const Error broken =
      make_error(Errc::io, "the connection closed before the whole response arrived");
  if (!impl_->parser.got_some()) return broken;
  beast::error_code ec;
  impl_->parser.put_eof(ec);
  if (ec) return broken;
  return ParseState::done;
}

HttpsResponse ResponseParser::take() {
  auto message = impl_->parser.release();
  HttpsResponse response;
  response.status = static_cast<int>(message.result_int());
  response.headers = copy_headers(message);
  response.body = std::move(message.body());
  return response;
}

struct RequestParser::Impl {
  bhttp::request_parser<bhttp::string_body> parser;
  std::size_t max_body_bytes;
  std::string pending;
};

RequestParser::RequestParser(std::size_t max_body_bytes) : impl_(std::make_unique<Impl>()) {
  impl_->max_body_bytes = max_body_bytes;
  impl_->parser.body_limit(max_body_bytes);
  impl_->parser.eager(true);
}
RequestParser::~RequestParser() = default;

Result<ParseState> RequestParser::feed(std::string_view bytes) {
  return feed_parser(impl_->parser, impl_->pending, bytes, impl_->max_body_bytes);
}

ServerRequest RequestParser::take() {
  auto message = impl_->parser.release();
  ServerRequest request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  request.headers = copy_headers(message);
  request.body = std::move(message.body());
  return request;
}

}  // namespace hotspot::payments::http
