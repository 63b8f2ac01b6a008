#include "core/result.h"

namespace hotspot {

const char* errc_name(Errc code) {
  switch (code) {
    case Errc::invalid_argument: return "invalid_argument";
    case Errc::not_found: return "not_found";
    case Errc::already_exists: return "already_exists";
    case Errc::conflict: return "conflict";
    case Errc::io: return "io";
    case Errc::corrupt: return "corrupt";
    case Errc::unsupported: return "unsupported";
    case Errc::unavailable: return "unavailable";
    case Errc::permission: return "permission";
    case Errc::internal: return "internal";
  }
  return "unknown";  // only reachable through a cast from an out-of-range integer
}

}  // namespace hotspot
