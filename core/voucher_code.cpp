#include "core/voucher_code.h"

#include <stdexcept>

#include "core/internal/text.h"

namespace hotspot {
namespace {

constexpr int kRadix = static_cast<int>(kVoucherAlphabet.size());  // 31, a prime
static_assert(kRadix == 31);
// Weights run 2..kMaxVoucherLength on the payload and 1 on the check symbol. All are distinct
// and non-zero mod 31, which is what makes every substitution and neighbour swap detectable.
static_assert(kMaxVoucherLength < kRadix);

int symbol_value(char c) {
  std::size_t i = kVoucherAlphabet.find(internal::to_upper(c));
  return i == std::string_view::npos ? -1 : static_cast<int>(i);
}

// The symbol that makes sum(weight * value) divisible by 31 for this payload.
char check_symbol(std::string_view payload) {
  int sum = 0;
  for (std::size_t i = 0; i < payload.size(); ++i) {
    sum = (sum + static_cast<int>(i + 2) * symbol_value(payload[i])) % kRadix;
  }
  return kVoucherAlphabet[static_cast<std::size_t>((kRadix - sum) % kRadix)];
}

std::string length_message(std::size_t expected, std::size_t got) {
  std::string want = expected != 0 ? std::to_string(expected)
                                   : std::to_string(kMinVoucherLength) + " to " +
                                         std::to_string(kMaxVoucherLength);
  return "A voucher code has " + want + " characters; you typed " + std::to_string(got) + ".";
}

// Names the offending character, whole if it is a valid UTF-8 sequence ("é"), else generically.
std::string bad_character_message(std::string_view input, std::size_t pos) {
  std::size_t end = pos;
  auto cp = internal::decode_utf8(input, end);
  std::string shown;
  if (cp && !internal::is_control(*cp) && *cp != '\'') {
    shown = "'" + std::string(input.substr(pos, end - pos)) + "'";
  } else {
    shown = "an unexpected symbol";
  }
  return "A voucher code cannot contain " + shown +
         ": codes use the digits 2-9 and the letters A-Z except I, L and O.";
}

bool set_error(VoucherCodeError& why, VoucherCodeProblem problem, std::string message) {
  why.problem = problem;
  why.message = std::move(message);
  return false;
}

}  // namespace

std::string generate_voucher_code(RandomSource& random, std::size_t length) {
  if (length < kMinVoucherLength || length > kMaxVoucherLength) {
    throw std::invalid_argument("voucher code length must be between 6 and 16");
  }
  std::string code;
  code.reserve(length);
  for (std::size_t i = 0; i + 1 < length; ++i) {
    code.push_back(kVoucherAlphabet[random.uniform(static_cast<std::uint32_t>(kRadix))]);
  }
  code.push_back(check_symbol(code));
  return code;
}

bool check_voucher_code(std::string_view input, std::string& canonical, VoucherCodeError& why,
                        std::size_t expected_length) {
  std::string code;
  std::size_t count = 0;
  for (std::size_t i = 0; i < input.size(); ++i) {
    char c = input[i];
    if (c == ' ' || c == '-' || c == '\t') continue;
    if (symbol_value(c) < 0) {
      return set_error(why, VoucherCodeProblem::bad_character, bad_character_message(input, i));
    }
    // Past the longest code only the count matters; keep huge input from growing a string.
    if (++count <= kMaxVoucherLength) code.push_back(internal::to_upper(c));
  }
  if (count == 0) {
    return set_error(why, VoucherCodeProblem::empty, "Please type your voucher code.");
  }
  bool length_ok = count >= kMinVoucherLength && count <= kMaxVoucherLength &&
                   (expected_length == 0 || count == expected_length);
  if (!length_ok) {
    return set_error(why, VoucherCodeProblem::wrong_length, length_message(expected_length, count));
  }
  std::string_view payload = std::string_view(code).substr(0, code.size() - 1);
  if (check_symbol(payload) != code.back()) {
    return set_error(why, VoucherCodeProblem::bad_check,
                     "That code has a typo: please check each character.");
  }
  canonical = std::move(code);
  return true;
}

Result<std::string> normalize_voucher_code(std::string_view input, std::size_t expected_length) {
  std::string canonical;
  VoucherCodeError why{VoucherCodeProblem::empty, {}};
  if (!check_voucher_code(input, canonical, why, expected_length)) {
    return make_error(Errc::invalid_argument, std::move(why.message));
  }
  return canonical;
}

std::string format_voucher_code(std::string_view canonical) {
  std::string out;
  out.reserve(canonical.size() + canonical.size() / 4);
  for (std::size_t i = 0; i < canonical.size(); ++i) {
    if (i > 0 && i % 4 == 0) out.push_back('-');
    out.push_back(canonical[i]);
  }
  return out;
}

}  // namespace hotspot
