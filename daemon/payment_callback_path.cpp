#include "daemon/payment_callback_path.h"

namespace hotspot::daemon {
namespace {

constexpr std::size_t kSecretLength = 32;
constexpr std::size_t kMaxIdDigits = 18;

bool all_of(std::string_view text, bool (*ok)(char)) {
  for (char c : text) {
    if (!ok(c)) return false;
  }
  return true;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }

}  // namespace

std::string callback_path_tail(std::int64_t payment_id, std::string_view secret) {
  return std::to_string(payment_id) + "/" + std::string(secret);
}

std::optional<CallbackTarget> parse_callback_path(std::string_view target) {
  target = target.substr(0, target.find('?'));
  if (!target.empty() && target.back() == '/') target.remove_suffix(1);
  const auto last = target.rfind('/');
  if (last == std::string_view::npos) return std::nullopt;
  const std::string_view secret = target.substr(last + 1);
  const std::string_view rest = target.substr(0, last);
  const auto before = rest.rfind('/');
  if (before == std::string_view::npos) return std::nullopt;
  const std::string_view id = rest.substr(before + 1);
  if (id.empty() || id.size() > kMaxIdDigits || !all_of(id, is_digit) || id[0] == '0') {
    return std::nullopt;
  }
  if (secret.size() != kSecretLength || !all_of(secret, is_lower_hex)) return std::nullopt;
  return CallbackTarget{std::stoll(std::string(id)), std::string(secret)};
}

bool same_secret(std::string_view expected, std::string_view given) {
  if (expected.size() != given.size() || expected.empty()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    difference |= static_cast<unsigned char>(expected[i] ^ given[i]);
  }
  return difference == 0;
}

}  // namespace hotspot::daemon
