#include "routeros/values.h"

#include <array>
#include <optional>

#include "routeros/protocol.h"

namespace hotspot::routeros {
namespace {

using std::chrono::seconds;

Error value_error(std::string_view text, std::string_view what, std::string_view example) {
  return make_error(Errc::invalid_argument, printable_word(text) + " is not " + std::string(what) +
                                                " as RouterOS prints it (expected " +
                                                std::string(example) + ")");
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Exactly `count` digits at `text[pos]`, read as a number.
std::optional<int> fixed_digits(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (!is_digit(text[i])) return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// What RouterOS prints in a duration: digits, the unit letters w d h m s (and ms, us, ns),
// and the clock form's ':' and '.'. Checked before core's parser, which also accepts words
// and spaces that people type but a router never sends.
bool router_duration_chars(std::string_view text) {
  constexpr std::string_view kAllowed = "0123456789wdhmsun:.";
  for (char c : text) {
    if (kAllowed.find(c) == std::string_view::npos) return false;
  }
  return !text.empty();
}

}  // namespace

Result<Seconds> parse_duration_value(std::string_view text) {
  constexpr std::string_view kExample = "1w4d1h16m55s, 59m58s, 453us or 6w6d18:33:07";
  if (text == "none" || text == "never" || text == "immediately") {
    return make_error(Errc::invalid_argument, printable_word(text) +
                                                  " means no duration here; check for it before "
                                                  "parsing a duration");
  }
  if (!router_duration_chars(text)) return value_error(text, "a duration", kExample);
  auto parsed = parse_duration(text);
  if (!parsed) return value_error(text, "a duration", kExample);
  return *parsed;
}

Result<bool> parse_bool_value(std::string_view text) {
  if (text == "true" || text == "yes") return true;
  if (text == "false" || text == "no") return false;
  return value_error(text, "a boolean", "true, false, yes or no");
}

Result<std::uint64_t> parse_count_value(std::string_view text) {
  constexpr std::string_view kExample = "a plain decimal such as 1503133696";
  if (text.empty()) return value_error(text, "a count", kExample);
  std::uint64_t value = 0;
  for (char c : text) {
    if (!is_digit(c)) return value_error(text, "a count", kExample);
    if (__builtin_mul_overflow(value, std::uint64_t{10}, &value) ||
        __builtin_add_overflow(value, static_cast<std::uint64_t>(c - '0'), &value)) {
      return make_error(Errc::invalid_argument,
                        printable_word(text) + " is too large for a 64-bit count");
    }
  }
  return value;
}

// Leading zeros are dropped as well as the case raised: the router prints "*1F", and the same
// item must compare equal however it was written.
Result<std::string> parse_id_value(std::string_view text) {
  constexpr std::string_view kExample = "'*' and 1 to 16 hex digits, as in *1F";
  if (text.size() < 2 || text.size() > 17 || text[0] != '*') {
    return value_error(text, "an item id", kExample);
  }
  std::string digits;
  for (char c : text.substr(1)) {
    char lower = to_lower(c);
    bool hex = is_digit(c) || (lower >= 'a' && lower <= 'f');
    if (!hex) return value_error(text, "an item id", kExample);
    if (digits.empty() && c == '0') continue;
    digits.push_back(is_digit(c) ? c : static_cast<char>(lower - 'a' + 'A'));
  }
  return "*" + (digits.empty() ? std::string("0") : digits);
}

// ---- dates and clock (routeros.md §2.7) ----------------------------------------------------

namespace {

constexpr int kLastYear = 2200;
constexpr std::string_view kDateExample = "jan/02/1970, 2023-07-14, optionally with 00:00:00";

std::optional<unsigned> month_from_name(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (name.size() != 3) return std::nullopt;
  std::string lower{to_lower(name[0]), to_lower(name[1]), to_lower(name[2])};
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (kMonths[i] == lower) return static_cast<unsigned>(i + 1);
  }
  return std::nullopt;
}

// v6 "jan/02/1970" or v7.10+ "2023-07-14"; nullopt for anything else, impossible days included.
std::optional<std::chrono::sys_days> parse_calendar_date(std::string_view text) {
  std::optional<int> year;
  std::optional<unsigned> month;
  std::optional<int> day;
  if (text.size() == 11 && text[3] == '/' && text[6] == '/') {
    month = month_from_name(text.substr(0, 3));
    day = fixed_digits(text, 4, 2);
    year = fixed_digits(text, 7, 4);
  } else if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    year = fixed_digits(text, 0, 4);
    auto m = fixed_digits(text, 5, 2);
    if (m) month = static_cast<unsigned>(*m);
    day = fixed_digits(text, 8, 2);
  }
  // WallTime counts nanoseconds in 64 bits, which end in 2262.
  if (!year || !month || !day || *year < 1970 || *year > kLastYear) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year(*year), std::chrono::month(*month),
                                  std::chrono::day(static_cast<unsigned>(*day))};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days(ymd);
}

// "HH:MM:SS" within one day.
std::optional<seconds> parse_time_of_day(std::string_view text) {
  if (text.size() != 8 || text[2] != ':' || text[5] != ':') return std::nullopt;
  auto h = fixed_digits(text, 0, 2);
  auto m = fixed_digits(text, 3, 2);
  auto s = fixed_digits(text, 6, 2);
  if (!h || !m || !s || *h > 23 || *m > 59 || *s > 59) return std::nullopt;
  return seconds(*h * 3600 + *m * 60 + *s);
}

}  // namespace

Result<WallTime> parse_date_value(std::string_view date, std::string_view time,
                                  std::chrono::seconds gmt_offset) {
  if (gmt_offset > std::chrono::hours(24) || gmt_offset < -std::chrono::hours(24)) {
    return make_error(
        Errc::invalid_argument,
        "a GMT offset of " + std::to_string(gmt_offset.count()) + " seconds is more than a day");
  }
  // build-time and similar fields carry date and time in one value, separated by a space.
  const std::string_view date_and_time = date;
  if (auto space = date.find(' '); space != std::string_view::npos) {
    if (!time.empty()) {
      return value_error(date, "a date alone (the time was given separately)", kDateExample);
    }
    time = date.substr(space + 1);
    date = date.substr(0, space);
  }
  auto day = parse_calendar_date(date);
  if (!day) return value_error(date, "a date", kDateExample);
  seconds time_of_day{0};
  if (!time.empty() || date.size() != date_and_time.size()) {
    auto parsed = parse_time_of_day(time);
    if (!parsed) return value_error(time, "a time of day", "HH:MM:SS, as in 18:33:07");
    time_of_day = *parsed;
  }
  // The router prints its local time, which is UTC plus gmt-offset.
  return WallTime(std::chrono::sys_seconds(*day) + time_of_day - gmt_offset);
}

Result<std::chrono::seconds> parse_gmt_offset(std::string_view text) {
  constexpr std::string_view kExample = "+03:00 or -05:30";
  std::string_view rest = text;
  int sign = 1;
  if (!rest.empty() && (rest[0] == '+' || rest[0] == '-')) {
    sign = rest[0] == '-' ? -1 : 1;
    rest.remove_prefix(1);
  }
  if (rest.size() != 5 || rest[2] != ':') return value_error(text, "a GMT offset", kExample);
  auto h = fixed_digits(rest, 0, 2);
  auto m = fixed_digits(rest, 3, 2);
  // Real zones span -12:00 to +14:00.
  if (!h || !m || *m > 59 || *h * 60 + *m > 14 * 60) {
    return value_error(text, "a GMT offset", kExample);
  }
  return seconds(sign * (*h * 3600 + *m * 60));
}

}  // namespace hotspot::routeros
