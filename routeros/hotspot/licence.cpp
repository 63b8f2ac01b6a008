// Licence levels and the hotspot users they allow. Levels 4, 5 and 6 (200, 500, unlimited
// "HotSpot active users") come from MikroTik's level comparison table as published in
// https://gist.github.com/riipandi/2226413; routeros.md does not cover licences. Levels 0 to 3
// (demo, free and the level sold with small CPEs) allowing one user is remembered, not sourced.
#include "routeros/hotspot/types.h"

namespace hotspot::routeros {

LicenceCapacity licence_capacity(std::string_view level) {
  using Kind = LicenceCapacity::Kind;
  if (level == "4") return {Kind::limited, 200, true};
  if (level == "5") return {Kind::limited, 500, true};
  if (level == "6") return {Kind::unlimited, 0, true};
  if (level == "0" || level == "1" || level == "3") return {Kind::limited, 1, false};
  return {Kind::unknown, 0, false};
}

}  // namespace hotspot::routeros
