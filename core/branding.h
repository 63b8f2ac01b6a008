#pragma once
// How the customer portal presents the provider: name, welcome text, colour and a phone number
// for help. Kept in the books' settings under the keys below; `hotspotctl portal set` writes
// them (checked here), hotspotd reads them for every page (and checks them again: the books may
// have been written by an older or newer version).

#include <string>
#include <string_view>

#include "core/result.h"

namespace hotspot {

inline constexpr std::string_view kBrandNameSetting = "portal.name";
inline constexpr std::string_view kBrandWelcomeSetting = "portal.welcome";
inline constexpr std::string_view kBrandColourSetting = "portal.colour";
inline constexpr std::string_view kBrandSupportPhoneSetting = "portal.support_phone";

inline constexpr std::size_t kMaxBrandNameLength = 64;     // characters
inline constexpr std::size_t kMaxBrandWelcomeLength = 500;  // characters

// 1 to 64 characters of UTF-8 text without control characters or edge spaces.
Status validate_brand_name(std::string_view name);
// Up to 500 characters of UTF-8 text without control characters (one paragraph).
Status validate_brand_welcome(std::string_view welcome);
// "#rrggbb" (hexadecimal, any case). Any colour will do: the portal writes white or near-black
// text on it, whichever contrasts more.
Status validate_brand_colour(std::string_view colour);
// Up to 20 characters of digits, spaces, '+', '-', '(' and ')', with at least 7 digits.
Status validate_support_phone(std::string_view phone);

}  // namespace hotspot
