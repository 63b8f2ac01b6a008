#include "core/duration.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <optional>

#include "core/internal/text.h"

namespace hotspot {
namespace {

using internal::is_alpha;
using internal::is_digit;

constexpr std::uint64_t kNsPerSecond = 1'000'000'000;
constexpr std::uint64_t kSecondsPerDay = 86'400;
// 100 years of 365.25 days; in nanoseconds it still fits comfortably in an int64.
constexpr std::uint64_t kMaxSeconds = 36'525 * kSecondsPerDay;

struct Unit {
  std::string_view name;
  std::uint64_t ns;
};

constexpr std::uint64_t kSec = kNsPerSecond;
// clang-format off
constexpr std::array kUnits = {
    Unit{"w", 604'800 * kSec},  Unit{"wk", 604'800 * kSec},  Unit{"wks", 604'800 * kSec},
    Unit{"week", 604'800 * kSec}, Unit{"weeks", 604'800 * kSec},
    Unit{"d", 86'400 * kSec},   Unit{"day", 86'400 * kSec},  Unit{"days", 86'400 * kSec},
    Unit{"h", 3'600 * kSec},    Unit{"hr", 3'600 * kSec},    Unit{"hrs", 3'600 * kSec},
    Unit{"hour", 3'600 * kSec}, Unit{"hours", 3'600 * kSec},
    Unit{"m", 60 * kSec},       Unit{"min", 60 * kSec},      Unit{"mins", 60 * kSec},
    Unit{"minute", 60 * kSec},  Unit{"minutes", 60 * kSec},
    Unit{"s", kSec},            Unit{"sec", kSec},           Unit{"secs", kSec},
    Unit{"second", kSec},       Unit{"seconds", kSec},
    Unit{"ms", 1'000'000},      Unit{"millisecond", 1'000'000}, Unit{"milliseconds", 1'000'000},
    Unit{"us", 1'000},          Unit{"microsecond", 1'000}, Unit{"microseconds", 1'000},
    Unit{"ns", 1},              Unit{"nanosecond", 1},      Unit{"nanoseconds", 1},
};
// clang-format on

std::optional<std::uint64_t> unit_ns(std::string_view word) {
  for (const Unit& u : kUnits) {
    if (u.name == word) return u.ns;
  }
  return std::nullopt;
}

// A cursor over the lower-cased text. Totals are kept in nanoseconds so that "1s500ms" adds
// up before truncation; every step is overflow-checked because the input is untrusted.
class DurationParser {
 public:
  DurationParser(std::string_view original, std::string text)
      : original_(original), text_(std::move(text)) {}

  Result<Seconds> run();

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  void skip_spaces() {
    while (!at_end() && internal::is_space(peek())) ++pos_;
  }
  std::string_view take_while(bool (*pred)(char));
  bool skip_separator();
  Status add(std::uint64_t count, std::uint64_t ns_per_unit);
  Status parse_term();
  Status parse_clock(std::uint64_t hours);
  Status parse_two_digits(std::uint64_t& out);
  Error fail(std::string_view why) const;

  std::string_view original_;
  std::string text_;
  std::size_t pos_ = 0;
  std::uint64_t total_ns_ = 0;
  bool clock_seen_ = false;
};

Error DurationParser::fail(std::string_view why) const {
  return make_error(Errc::invalid_argument,
                    internal::quote_for_message(original_) +
                        " is not a duration: " + std::string(why) +
                        " (use forms like 1h30m, 01:30:00 or 1 hour 30 minutes)");
}

std::string_view DurationParser::take_while(bool (*pred)(char)) {
  std::size_t start = pos_;
  while (!at_end() && pred(peek())) ++pos_;
  return std::string_view(text_).substr(start, pos_ - start);
}

// Between terms: spaces, commas and the word "and" ("1 hour and 30 minutes").
bool DurationParser::skip_separator() {
  std::size_t start = pos_;
  for (;;) {
    skip_spaces();
    if (peek() == ',') {
      ++pos_;
    } else if (text_.compare(pos_, 3, "and") == 0 &&
               (pos_ + 3 == text_.size() || !is_alpha(text_[pos_ + 3]))) {
      pos_ += 3;
    } else {
      break;
    }
  }
  return pos_ != start;
}

Status DurationParser::add(std::uint64_t count, std::uint64_t ns_per_unit) {
  std::uint64_t ns = 0;
  if (__builtin_mul_overflow(count, ns_per_unit, &ns) ||
      __builtin_add_overflow(total_ns_, ns, &total_ns_) || total_ns_ / kNsPerSecond > kMaxSeconds) {
    return fail("it is longer than 100 years");
  }
  return {};
}

Status DurationParser::parse_two_digits(std::uint64_t& out) {
  std::string_view digits = take_while(is_digit);
  if (digits.size() != 2) return fail("minutes and seconds need two digits, as in 01:05:09");
  out = static_cast<std::uint64_t>((digits[0] - '0') * 10 + (digits[1] - '0'));
  if (out > 59) return fail("minutes and seconds go up to 59");
  return {};
}

// "HH:MM:SS[.frac]" after the hours have been read; the fraction is truncated.
Status DurationParser::parse_clock(std::uint64_t hours) {
  std::uint64_t minutes = 0;
  std::uint64_t seconds = 0;
  ++pos_;  // ':'
  if (auto s = parse_two_digits(minutes); !s) return s;
  if (peek() != ':') return fail("the clock form is HH:MM:SS");
  ++pos_;
  if (auto s = parse_two_digits(seconds); !s) return s;
  if (peek() == '.') {
    ++pos_;
    if (take_while(is_digit).empty()) return fail("a fraction of a second needs digits");
  }
  clock_seen_ = true;
  if (auto s = add(hours, 3'600 * kSec); !s) return s;
  if (auto s = add(minutes, 60 * kSec); !s) return s;
  return add(seconds, kSec);
}

Status DurationParser::parse_term() {
  std::string_view digits = take_while(is_digit);
  if (digits.empty()) {
    if (peek() == '-') return fail("it must not be negative");
    return fail("expected a number");
  }
  auto count = internal::parse_u64(digits);
  if (!count) return fail("it is longer than 100 years");
  if (peek() == ':') return parse_clock(*count);
  if (peek() == '.') return fail("use whole numbers of each unit (1h30m, not 1.5h)");
  skip_spaces();
  std::string_view word = take_while(is_alpha);
  if (word.empty()) return fail("a number needs a unit such as h, m or s");
  auto ns = unit_ns(word);
  if (!ns) return fail("unknown unit " + internal::quote_for_message(word));
  return add(*count, *ns);
}

Result<Seconds> DurationParser::run() {
  if (text_.empty()) return fail("it is empty");
  if (text_.front() == '-') return fail("it must not be negative");
  if (auto bare = internal::parse_u64(text_)) {  // a bare integer counts seconds
    if (*bare > kMaxSeconds) return fail("it is longer than 100 years");
    return Seconds(static_cast<Seconds::rep>(*bare));
  }
  while (!at_end()) {
    if (clock_seen_) return fail("the clock form HH:MM:SS must come last");
    if (auto s = parse_term(); !s) return s.error();
    bool separated = skip_separator();
    if (!at_end() && !separated && !is_digit(peek())) {
      return fail("unexpected " + internal::quote_for_message(text_.substr(pos_, 1)));
    }
  }
  return Seconds(static_cast<Seconds::rep>(total_ns_ / kNsPerSecond));
}

// |d| without overflow, even for the most negative value.
std::uint64_t magnitude(Seconds d, bool& negative) {
  negative = d.count() < 0;
  auto m = static_cast<std::uint64_t>(d.count());
  return negative ? 0 - m : m;
}

}  // namespace

Result<Seconds> parse_duration(std::string_view text) {
  return DurationParser(text, internal::ascii_lower(internal::trim(text))).run();
}

std::string format_routeros_duration(Seconds d) {
  bool negative = false;
  std::uint64_t rest = magnitude(d, negative);
  if (rest == 0) return "0s";
  static constexpr std::pair<std::uint64_t, char> kParts[] = {
      {604'800, 'w'}, {86'400, 'd'}, {3'600, 'h'}, {60, 'm'}, {1, 's'}};
  std::string out = negative ? "-" : "";
  for (auto [size, suffix] : kParts) {
    if (rest >= size) {
      out += std::to_string(rest / size);
      out.push_back(suffix);
      rest %= size;
    }
  }
  return out;
}

std::string format_clock_duration(Seconds d) {
  bool negative = false;
  std::uint64_t total = magnitude(d, negative);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s%02llu:%02llu:%02llu", negative ? "-" : "",
                static_cast<unsigned long long>(total / 3'600),
                static_cast<unsigned long long>(total / 60 % 60),
                static_cast<unsigned long long>(total % 60));
  return buf;
}

std::string format_human_duration(Seconds d) {
  bool negative = false;
  std::uint64_t total = magnitude(d, negative);
  // Days rather than weeks: "30 days" reads better on a price list than "4 weeks 2 days".
  static constexpr const char* kNames[] = {"day", "hour", "minute", "second"};
  const std::uint64_t values[] = {total / 86'400, total / 3'600 % 24, total / 60 % 60, total % 60};
  int first = 0;
  while (first < 3 && values[first] == 0) ++first;
  std::string out = negative ? "-" : "";
  for (int i = first; i < 4 && i < first + 2; ++i) {
    if (i != first && values[i] == 0) continue;
    if (i != first) out.push_back(' ');
    out += std::to_string(values[i]) + " " + kNames[i] + (values[i] == 1 ? "" : "s");
  }
  return out;
}

}  // namespace hotspot
