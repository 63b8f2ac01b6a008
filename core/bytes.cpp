#include "core/bytes.h"

#include <array>
#include <optional>

#include "core/internal/text.h"

namespace hotspot {
namespace {

using internal::is_digit;

constexpr std::uint64_t kKiB = 1024;
constexpr std::size_t kMaxFractionDigits = 6;

struct Suffix {
  std::string_view name;
  std::uint64_t multiplier;
};

// clang-format off
constexpr std::array kSizeSuffixes = {
    Suffix{"", 1},          Suffix{"b", 1},           Suffix{"byte", 1},       Suffix{"bytes", 1},
    Suffix{"k", kKiB},      Suffix{"kb", kKiB},       Suffix{"kib", kKiB},
    Suffix{"m", kKiB << 10}, Suffix{"mb", kKiB << 10}, Suffix{"mib", kKiB << 10},
    Suffix{"g", kKiB << 20}, Suffix{"gb", kKiB << 20}, Suffix{"gib", kKiB << 20},
    Suffix{"t", kKiB << 30}, Suffix{"tb", kKiB << 30}, Suffix{"tib", kKiB << 30},
};
// clang-format on

// clang-format off
constexpr std::array kRateSuffixes = {
    Suffix{"", 1},              Suffix{"bps", 1},
    Suffix{"k", 1'000},         Suffix{"kbps", 1'000},         Suffix{"kbit", 1'000},
    Suffix{"m", 1'000'000},     Suffix{"mbps", 1'000'000},     Suffix{"mbit", 1'000'000},
    Suffix{"g", 1'000'000'000}, Suffix{"gbps", 1'000'000'000}, Suffix{"gbit", 1'000'000'000},
};
// clang-format on

// "1.5 GB" split into its number and its unit; the unit is matched by the caller's table.
struct Quantity {
  std::uint64_t whole = 0;
  std::uint64_t fraction = 0;  // the digits after the point, as an integer
  std::size_t fraction_digits = 0;
  std::string suffix;  // lower case, spaces removed
};

Error bad_quantity(std::string_view input, std::string_view what, std::string_view why) {
  return make_error(Errc::invalid_argument, internal::quote_for_message(input) + " is not " +
                                                std::string(what) + ": " + std::string(why));
}

Result<Quantity> scan_quantity(std::string_view input, std::string_view what,
                               std::string_view example) {
  std::string_view text = internal::trim(input);
  if (text.empty()) return bad_quantity(input, what, "it is empty; " + std::string(example));
  if (text.front() == '-') return bad_quantity(input, what, "it must not be negative");
  Quantity q;
  std::size_t pos = 0;
  for (; pos < text.size() && is_digit(text[pos]); ++pos) {
    if (!internal::push_digit(q.whole, text[pos])) {
      return bad_quantity(input, what, "it is too large");
    }
  }
  if (pos == 0) return bad_quantity(input, what, example);
  if (pos < text.size() && text[pos] == '.') {
    for (++pos; pos < text.size() && is_digit(text[pos]); ++pos) {
      if (++q.fraction_digits > kMaxFractionDigits) {
        return bad_quantity(input, what, "use at most six decimal places");
      }
      q.fraction = q.fraction * 10 + static_cast<std::uint64_t>(text[pos] - '0');
    }
    if (q.fraction_digits == 0) return bad_quantity(input, what, example);
  }
  q.suffix = internal::ascii_lower(internal::trim(text.substr(pos)));
  return q;
}

// whole * multiplier + the fraction's share, rounded down to a whole unit; nullopt on overflow.
// fraction < 10^6 and multiplier <= 2^40, so fraction * multiplier cannot overflow.
std::optional<std::uint64_t> scale(const Quantity& q, std::uint64_t multiplier) {
  std::uint64_t value = 0;
  if (__builtin_mul_overflow(q.whole, multiplier, &value)) return std::nullopt;
  std::uint64_t divisor = 1;
  for (std::size_t i = 0; i < q.fraction_digits; ++i) divisor *= 10;
  if (__builtin_add_overflow(value, q.fraction * multiplier / divisor, &value)) return std::nullopt;
  return value;
}

template <std::size_t N>
Result<std::uint64_t> parse_quantity(std::string_view input, const std::array<Suffix, N>& table,
                                     std::string_view what, std::string_view example) {
  auto q = scan_quantity(input, what, example);
  if (!q) return q.error();
  for (const Suffix& s : table) {
    if (s.name != q->suffix) continue;
    if (s.multiplier == 1 && q->fraction != 0) {
      return bad_quantity(input, what, "a count of single units must be whole");
    }
    auto value = scale(*q, s.multiplier);
    if (!value) return bad_quantity(input, what, "it is too large");
    return *value;
  }
  return bad_quantity(
      input, what,
      "unknown unit " + internal::quote_for_message(q->suffix) + "; " + std::string(example));
}

// The largest unit that divides `value` exactly, or the plain number.
std::string shortest_exact(std::uint64_t value, std::initializer_list<Suffix> units) {
  for (const Suffix& u : units) {
    if (value != 0 && value % u.multiplier == 0) {
      return std::to_string(value / u.multiplier) + std::string(u.name);
    }
  }
  return std::to_string(value);
}

}  // namespace

Result<std::uint64_t> parse_byte_size(std::string_view text) {
  return parse_quantity(text, kSizeSuffixes, "a data size", "use forms like 500M, 1G or 1.5 GB");
}

std::string format_byte_size(std::uint64_t bytes) {
  return shortest_exact(bytes,
                        {{"T", kKiB << 30}, {"G", kKiB << 20}, {"M", kKiB << 10}, {"k", kKiB}});
}

std::string format_human_bytes(std::uint64_t bytes) {
  static constexpr Suffix kUnits[] = {
      {"PB", kKiB << 40}, {"TB", kKiB << 30}, {"GB", kKiB << 20}, {"MB", kKiB << 10}, {"KB", kKiB}};
  for (const Suffix& u : kUnits) {
    if (bytes < u.multiplier) continue;
    std::uint64_t tenths = bytes % u.multiplier * 10 / u.multiplier;  // rounded down
    std::string out = std::to_string(bytes / u.multiplier);
    if (tenths != 0) out += "." + std::to_string(tenths);
    return out + " " + std::string(u.name);
  }
  return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

Result<std::uint64_t> parse_rate(std::string_view text) {
  return parse_quantity(text, kRateSuffixes, "a rate", "use forms like 512k, 5M or 5 Mbps");
}

std::string format_rate(std::uint64_t bits_per_second) {
  return shortest_exact(bits_per_second, {{"G", 1'000'000'000}, {"M", 1'000'000}, {"k", 1'000}});
}

}  // namespace hotspot
