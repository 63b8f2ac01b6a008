#include "portal/wording.h"

#include "core/bytes.h"

namespace hotspot::portal {
namespace {

struct Unit {
  std::int64_t seconds;
  Text one;
  Text many;
  Text short_form;
};

constexpr Unit kUnits[] = {
    {86'400, Text::unit_day_one, Text::unit_day_many, Text::short_day},
    {3'600, Text::unit_hour_one, Text::unit_hour_many, Text::short_hour},
    {60, Text::unit_minute_one, Text::unit_minute_many, Text::short_minute},
    {1, Text::unit_second_one, Text::unit_second_many, Text::short_second},
};

// The two largest non-zero units, each through `word` (count, unit) and joined by a space.
template <class Word>
std::string two_largest_units(std::int64_t seconds, Word word) {
  if (seconds < 0) seconds = 0;
  std::string out;
  int shown = 0;
  bool started = false;
  for (const Unit& unit : kUnits) {
    const std::int64_t count = seconds / unit.seconds;
    seconds %= unit.seconds;
    if (count == 0) {
      if (started) ++shown;  // a zero between units still uses a place: "1 day" not "1 day 5 s"
      if (shown >= 2) break;
      continue;
    }
    started = true;
    if (!out.empty()) out += ' ';
    out += word(count, unit);
    if (++shown >= 2) break;
  }
  if (out.empty()) out = word(0, kUnits[3]);
  return out;
}

std::string count_text(Lang lang, Text key, std::int64_t count) {
  return text_with(lang, key, "n", std::to_string(count));
}

}  // namespace

std::string words_for_duration(Lang lang, std::int64_t seconds) {
  return two_largest_units(seconds, [lang](std::int64_t count, const Unit& unit) {
    return count == 1 ? std::string(text(lang, unit.one)) : count_text(lang, unit.many, count);
  });
}

std::string short_duration(Lang lang, std::int64_t seconds) {
  return two_largest_units(seconds, [lang](std::int64_t count, const Unit& unit) {
    return count_text(lang, unit.short_form, count);
  });
}

std::string words_for_rate(std::uint64_t bps) {
  struct Scale {
    std::uint64_t factor;
    const char* name;
  };
  static constexpr Scale kScales[] = {
      {1'000'000'000, "Gbps"}, {1'000'000, "Mbps"}, {1'000, "kbps"}};
  for (const Scale& s : kScales) {
    if (bps < s.factor) continue;
    std::string out = std::to_string(bps / s.factor);
    const std::uint64_t tenths = bps % s.factor * 10 / s.factor;
    if (tenths != 0) out += "." + std::to_string(tenths);
    return out + " " + s.name;
  }
  return std::to_string(bps) + " bps";
}

std::string words_for_speed(Lang lang, const PlanOffer& offer) {
  if (offer.download_bps == 0 && offer.upload_bps == 0) return {};
  auto rate = [lang](std::uint64_t bps) {
    return bps == 0 ? std::string(text(lang, Text::speed_unlimited)) : words_for_rate(bps);
  };
  std::string out = text_with(lang, Text::speed_down_up, "down", rate(offer.download_bps));
  const std::string placeholder = "{up}";
  if (auto pos = out.find(placeholder); pos != std::string::npos) {
    out.replace(pos, placeholder.size(), rate(offer.upload_bps));
  }
  return out;
}

std::string words_for_devices(Lang lang, int devices) {
  return devices == 1 ? std::string(text(lang, Text::plan_devices_one))
                      : count_text(lang, Text::plan_devices_many, devices);
}

std::string words_for_allowance(Lang lang, const PlanOffer& offer) {
  std::string out;
  if (offer.time_allowance_s) {
    out = words_for_duration(lang, *offer.time_allowance_s);
    if (offer.connected_time_only)
      out += " (" + std::string(text(lang, Text::online_time_only)) + ")";
  }
  if (offer.data_allowance_bytes) {
    if (!out.empty()) out += ", ";
    out += format_human_bytes(*offer.data_allowance_bytes);
  }
  return out;
}

}  // namespace hotspot::portal
