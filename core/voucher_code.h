#pragma once
// Voucher codes people can read off paper and type on a phone.
//
// Alphabet: 23456789ABCDEFGHJKMNPQRSTUVWXYZ (31 symbols; no 0/O, 1/I/L look-alikes).
// The last symbol is a check character: weights 2,3,4,... over the payload and 1 on the check
// make the weighted sum divisible by 31 (a prime), so every single-symbol typo and every swap
// of two neighbours is caught and told apart from a code that simply does not exist.
// Codes are accepted in any case, with spaces or dashes anywhere ("abcd-efgh" = "ABCDEFGH").

#include <cstddef>
#include <string>
#include <string_view>

#include "core/random.h"
#include "core/result.h"

namespace hotspot {

inline constexpr std::string_view kVoucherAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
inline constexpr std::size_t kDefaultVoucherLength = 8;  // including the check character
inline constexpr std::size_t kMinVoucherLength = 6;
inline constexpr std::size_t kMaxVoucherLength = 16;

// A fresh code of `length` symbols (payload from `random`, then the check character).
std::string generate_voucher_code(RandomSource& random, std::size_t length = kDefaultVoucherLength);

enum class VoucherCodeProblem {
  empty,
  bad_character,   // a symbol outside the alphabet (after folding case, spaces and dashes)
  wrong_length,
  bad_check,       // well-formed but the check character disagrees: a typo
};

struct VoucherCodeError {
  VoucherCodeProblem problem;
  std::string message;  // a sentence for the customer
};

// Folds case, drops spaces and dashes, maps nothing else (an 'O' stays invalid rather than
// silently becoming '0', which is not in the alphabet either). Returns the canonical code.
// `expected_length` 0 accepts any length from kMinVoucherLength to kMaxVoucherLength.
Result<std::string> normalize_voucher_code(std::string_view input, std::size_t expected_length = 0);
// Same, with the reason kept as an enum for callers that count typos apart from unknown codes.
bool check_voucher_code(std::string_view input, std::string& canonical, VoucherCodeError& why,
                        std::size_t expected_length = 0);

// "ABCD-EFGH" for printing: groups of four.
std::string format_voucher_code(std::string_view canonical);

}  // namespace hotspot
