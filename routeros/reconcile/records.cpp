#include "routeros/reconcile/records.h"

namespace hotspot::routeros {

bool is_owned(std::string_view comment) {
  if (comment.substr(0, kOwnerTag.size()) != kOwnerTag) return false;
  return comment.size() == kOwnerTag.size() || comment[kOwnerTag.size()] == ':';
}

std::string owner_comment(std::string_view detail) {
  std::string out(kOwnerTag);
  if (!detail.empty()) {
    out += ':';
    out += detail;
  }
  return out;
}

}  // namespace hotspot::routeros
