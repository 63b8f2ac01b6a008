#pragma once
// Money is whole Kenyan shillings in an integer: M-PESA takes no decimals.

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace hotspot {

struct Kes {
  std::int64_t shillings = 0;
  auto operator<=>(const Kes&) const = default;
};

inline constexpr std::int64_t kMinPriceKes = 1;
inline constexpr std::int64_t kMaxPriceKes = 250'000;  // M-PESA's per-transaction cap

// Accepts "50", "1500", "1,500", "KES 1,500", "Ksh 50", "KSh.50", "50/=". Rejects decimals,
// negatives, letters and values beyond int64.
Result<Kes> parse_kes(std::string_view text);
// A price a plan may carry: 1 to 250,000 shillings.
Status validate_price(Kes price);
// "KES 1,500".
std::string format_kes(Kes amount);

}  // namespace hotspot
