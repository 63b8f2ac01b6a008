// /ip/hotspot/user/profile (routeros.md §2.2).
#include "routeros/hotspot/hotspot_router.h"
#include "routeros/hotspot/row_parsers.h"
#include "routeros/hotspot/words.h"

namespace hotspot::routeros {
namespace {

constexpr const char* kProfiles = "/ip/hotspot/user/profile";
constexpr const char* kProfileColumns =
    ".id,name,rate-limit,shared-users,session-timeout,idle-timeout,keepalive-timeout,"
    "add-mac-cookie,mac-cookie-timeout,comment";

std::string timeout_value(const std::optional<Seconds>& t) {
  // keepalive-timeout does not take 0 (routeros.md §2.2): "none" is how a timeout is switched off.
  return t ? format_routeros_duration(*t) : "none";
}

// Every field of the spec, in the form the router takes; two specs differ where these do.
std::vector<Field> spec_fields(const ProfileSpec& s) {
  return {{"name", s.name},
          {"rate-limit", s.rate_limit},
          {"shared-users", s.shared_users == 0 ? "unlimited" : std::to_string(s.shared_users)},
          // session-timeout is a plain duration whose 0s means none.
          {"session-timeout", format_routeros_duration(s.session_timeout.value_or(Seconds(0)))},
          {"idle-timeout", timeout_value(s.idle_timeout)},
          {"keepalive-timeout", timeout_value(s.keepalive_timeout)},
          {"add-mac-cookie", s.add_mac_cookie ? "yes" : "no"},
          {"mac-cookie-timeout", format_routeros_duration(s.mac_cookie_timeout)}};
}

std::vector<Field> differing(const ProfileSpec& want, const ProfileSpec& have) {
  const std::vector<Field> w = spec_fields(want);
  const std::vector<Field> h = spec_fields(have);
  std::vector<Field> out;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (w[i].value != h[i].value) out.push_back(w[i]);
  }
  return out;
}

}  // namespace

void HotspotRouter::list_profiles(RouterHandler<std::vector<HotspotProfile>> handler) {
  print_rows<HotspotProfile>(
      ctx_, Command{std::string(kProfiles) + "/print", {{".proplist", kProfileColumns}}, {}, {}},
      parse_profile_row, std::move(handler));
}

void HotspotRouter::ensure_profile(const ProfileSpec& spec, RouterHandler<EnsureOutcome> handler) {
  for (const Field& f : spec_fields(spec)) {
    if (Status s = check_profile_field(f); !s) {
      return post_result<EnsureOutcome>(ctx_, std::move(handler), input_error(s.error()));
    }
  }
  Command find{std::string(kProfiles) + "/print", {{".proplist", kProfileColumns}}, {"?name=" + spec.name}, {}};
  // A copy shares the context, so the follow-up add or set still runs if this object is gone.
  HotspotRouter self = *this;
  print_rows<HotspotProfile>(
      ctx_, std::move(find), parse_profile_row,
      [self, spec, handler](RouterResult<std::vector<HotspotProfile>> found) mutable {
        if (!found) return handler(found.error());
        if (found->empty()) {
          return self.add_profile_fields(spec_fields(spec), [handler](RouterResult<std::string> r) {
            if (!r) return handler(r.error());
            handler(EnsureOutcome::created);
          });
        }
        std::vector<Field> diff = differing(spec, found->front().spec);
        if (diff.empty()) return handler(EnsureOutcome::unchanged);
        self.set_profile_fields(found->front().id, diff, [handler](RouterResult<void> r) {
          if (!r) return handler(r.error());
          handler(EnsureOutcome::updated);
        });
      });
}

void HotspotRouter::add_profile_fields(const std::vector<Field>& fields, RouterHandler<std::string> handler) {
  add_fields(kProfiles, fields, check_profile_field, std::move(handler));
}

void HotspotRouter::set_profile_fields(const std::string& id, const std::vector<Field>& fields,
                                       RouterHandler<void> handler) {
  set_fields(kProfiles, id, fields, check_profile_field, std::move(handler));
}

void HotspotRouter::remove_profile(const std::string& id, RouterHandler<void> handler) {
  if (Status s = check_item_id(id); !s) return post_result<void>(ctx_, std::move(handler), input_error(s.error()));
  send_command(ctx_, Command{std::string(kProfiles) + "/remove", {{".id", id}}, {}, {}},
               to_void(std::move(handler)));
}

}  // namespace hotspot::routeros
