#include "routeros/client/login.h"

#include <array>
#include <optional>

#include <mbedtls/md5.h>

namespace hotspot::routeros {

namespace {

std::optional<std::string> decode_hex(std::string_view hex) {
  if (hex.empty() || hex.size() % 2 != 0) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string bytes;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = nibble(hex[i]);
    const int lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    bytes.push_back(static_cast<char>(hi * 16 + lo));
  }
  return bytes;
}

std::string encode_hex(const unsigned char* data, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < size; ++i) {
    out.push_back(kDigits[data[i] >> 4]);
    out.push_back(kDigits[data[i] & 0x0F]);
  }
  return out;
}

RouterError login_rejected(const std::string& user, const Reply& trap) {
  std::string reason = trap.trap_message();
  if (reason.empty()) reason = "no reason given";
  return router_error(RouterErrc::bad_credentials,
                      "The router rejected the login of user '" + user + "' (" + reason +
                          "); check the password and that the user's group has the api policy.");
}

}  // namespace

Result<std::string> challenge_response(std::string_view password, std::string_view challenge_hex) {
  const auto challenge = decode_hex(challenge_hex);
  if (!challenge) {
    return make_error(Errc::invalid_argument,
                      "The router's login challenge is not an even number of hex digits.");
  }
  std::string input(1, '\0');  // the identifier byte of the CHAP-like exchange
  input.append(password);
  input.append(*challenge);
  std::array<unsigned char, 16> digest{};
  if (mbedtls_md5_ret(reinterpret_cast<const unsigned char*>(input.data()), input.size(),
                      digest.data()) != 0) {
    return make_error(Errc::internal, "MD5 of the login challenge failed.");
  }
  return "00" + encode_hex(digest.data(), digest.size());
}

LoginExchange::LoginExchange(std::string user, std::string password)
    : user_(std::move(user)), password_(std::move(password)) {}

Command LoginExchange::first_command() const {
  return Command{"/login", {{"name", user_}, {"password", password_}}, {}, std::nullopt};
}

LoginExchange::Step LoginExchange::on_reply(const Reply& reply) {
  switch (reply.kind) {
    case ReplyKind::empty:
      return Step{};
    case ReplyKind::done:
      return on_done(reply);
    case ReplyKind::trap:
      return Step{Next::failed, {}, login_rejected(user_, reply)};
    case ReplyKind::fatal:
      return Step{Next::failed,
                  {},
                  router_error(RouterErrc::fatal, "The router ended the session during login: " +
                                                      reply.fatal_reason + ".")};
    case ReplyKind::re:
      break;
  }
  return Step{Next::failed,
              {},
              router_error(RouterErrc::protocol,
                           "The router answered the login with a data row, which the RouterOS "
                           "API never does.")};
}

LoginExchange::Step LoginExchange::on_done(const Reply& reply) {
  const auto challenge = reply.get("ret");
  if (!challenge) return Step{Next::done, {}, {}};
  if (challenged_) {
    return Step{Next::failed,
                {},
                router_error(RouterErrc::protocol,
                             "The router sent a second login challenge after our answer.")};
  }
  challenged_ = true;
  auto response = challenge_response(password_, *challenge);
  if (!response.ok()) {
    return Step{Next::failed, {}, router_error(RouterErrc::protocol, response.error().message)};
  }
  Command answer{"/login", {{"name", user_}, {"response", response.value()}}, {}, std::nullopt};
  return Step{Next::send, std::move(answer), {}};
}

}  // namespace hotspot::routeros
