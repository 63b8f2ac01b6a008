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

std::string plan_profile_name(std::int64_t plan_id) {
  return std::string(kOwnerTag) + "-plan-" + std::to_string(plan_id);
}

bool is_owned_profile_name(std::string_view name) {
  return name.size() > kOwnerTag.size() + 1 && name.substr(0, kOwnerTag.size()) == kOwnerTag &&
         name[kOwnerTag.size()] == '-';
}

}  // namespace hotspot::routeros
