// /ip/hotspot/user (routeros.md §2.1), and the add/set path every menu shares.
#include "routeros/hotspot/hotspot_router.h"
#include "routeros/hotspot/row_parsers.h"
#include "routeros/hotspot/words.h"
#include "routeros/values.h"

namespace hotspot::routeros {
namespace {

constexpr const char* kUsers = "/ip/hotspot/user";
constexpr const char* kBookColumns =
    ".id,name,password,profile,limit-uptime,limit-bytes-total,comment,disabled";
constexpr const char* kCounterColumns = ",uptime,bytes-in,bytes-out";

std::vector<Field> record_fields(const UserRecord& u) {
  std::vector<Field> fields;
  fields.reserve(7);  // every field below
  fields.push_back({"name", u.name});
  fields.push_back({"password", u.password});
  if (!u.profile.empty()) fields.push_back({"profile", u.profile});
  if (u.limit_uptime_s) {
    fields.push_back({"limit-uptime", format_routeros_duration(Seconds(*u.limit_uptime_s))});
  }
  if (u.limit_bytes_total) fields.push_back({"limit-bytes-total", std::to_string(*u.limit_bytes_total)});
  if (!u.comment.empty()) fields.push_back({"comment", u.comment});
  if (u.disabled) fields.push_back({"disabled", "yes"});
  return fields;
}

std::vector<Field> change_fields(const UserChanges& c) {
  std::vector<Field> fields;
  if (c.password) fields.push_back({"password", *c.password});
  if (c.profile) fields.push_back({"profile", *c.profile});
  if (c.comment) fields.push_back({"comment", *c.comment});
  if (c.limit_uptime) fields.push_back({"limit-uptime", format_routeros_duration(*c.limit_uptime)});
  if (c.limit_bytes_total) fields.push_back({"limit-bytes-total", std::to_string(*c.limit_bytes_total)});
  if (c.disabled) fields.push_back({"disabled", *c.disabled ? "yes" : "no"});
  return fields;
}

// The checked attributes of an add or set, the fields' strings moved into them; the first bad
// field is the error.
Result<std::vector<Attribute>> checked(std::vector<Field> fields, Status (*check)(const Field&)) {
  std::vector<Attribute> out;
  out.reserve(fields.size());
  for (Field& f : fields) {
    if (Status s = check(f); !s) return s.error();
    if (f.name == "mac-address") f.value = *canonical_mac(f.value);
    out.push_back({std::move(f.name), std::move(f.value)});
  }
  return out;
}

// The fields of `want` that `have` does not match; a limit `want` lacks is cleared (a router
// takes "0" as no limit). Names are equal by the lookup.
std::vector<Field> user_differences(const UserRecord& want, const UserRecord& have) {
  std::vector<Field> out;
  if (want.password != have.password) out.push_back({"password", want.password});
  if (!want.profile.empty() && want.profile != have.profile) out.push_back({"profile", want.profile});
  if (want.limit_uptime_s.value_or(0) != have.limit_uptime_s.value_or(0)) {
    out.push_back({"limit-uptime", format_routeros_duration(Seconds(want.limit_uptime_s.value_or(0)))});
  }
  if (want.limit_bytes_total.value_or(0) != have.limit_bytes_total.value_or(0)) {
    out.push_back({"limit-bytes-total", std::to_string(want.limit_bytes_total.value_or(0))});
  }
  if (want.comment != have.comment) out.push_back({"comment", want.comment});
  if (want.disabled != have.disabled) out.push_back({"disabled", want.disabled ? "yes" : "no"});
  return out;
}

}  // namespace

HotspotRouter::HotspotRouter(boost::asio::any_io_executor executor, std::shared_ptr<Session> session,
                             const Clock& clock, Logger& logger, HotspotRouterOptions options)
    : ctx_(std::make_shared<CallContext>(std::move(executor), std::move(session), clock, logger,
                                         options.deadline)) {}

void HotspotRouter::add_fields(const char* menu, std::vector<Field> fields,
                               Status (*check)(const Field&), RouterHandler<std::string> handler) {
  auto attributes = checked(std::move(fields), check);
  if (!attributes) return post_result<std::string>(ctx_, std::move(handler), input_error(attributes.error()));
  // The menu is a string constant: the reply handler names it only if the reply is wrong.
  send_command(ctx_, Command{std::string(menu) + "/add", std::move(*attributes), {}, {}},
               [menu, handler = std::move(handler)](RouterResult<Response> r) {
                 if (!r) return handler(r.error());
                 auto id = parse_id_value(r->ret().value_or(""));
                 if (!id) {
                   return handler(router_error(RouterErrc::protocol,
                                               "The router answered " + std::string(menu) +
                                                   "/add without a valid item id: " +
                                                   printable_word(r->ret().value_or("")) + "."));
                 }
                 handler(std::move(*id));
               });
}

void HotspotRouter::set_fields(const char* menu, const std::string& id,
                               std::vector<Field> fields, Status (*check)(const Field&),
                               RouterHandler<void> handler) {
  auto attributes = checked(std::move(fields), check);
  if (attributes && attributes->empty()) {
    attributes = Error{Errc::invalid_argument, "A set names no field to change."};
  }
  if (Status s = check_item_id(id); !s) attributes = s.error();
  if (!attributes) return post_result<void>(ctx_, std::move(handler), input_error(attributes.error()));
  attributes->insert(attributes->begin(), Attribute{".id", id});
  send_command(ctx_, Command{std::string(menu) + "/set", std::move(*attributes), {}, {}},
               to_void(std::move(handler)));
}

void HotspotRouter::list_users(UserColumns columns, RouterHandler<std::vector<HotspotUser>> handler) {
  std::string proplist = kBookColumns;
  if (columns == UserColumns::with_counters) proplist += kCounterColumns;
  print_rows<HotspotUser>(ctx_, Command{std::string(kUsers) + "/print", {{".proplist", proplist}}, {}, {}},
                          parse_user_row, std::move(handler));
}

void HotspotRouter::add_user(const UserRecord& user, RouterHandler<std::string> handler) {
  add_fields(kUsers, record_fields(user), check_user_field, std::move(handler));
}

void HotspotRouter::add_user_fields(const std::vector<Field>& fields, RouterHandler<std::string> handler) {
  add_fields(kUsers, fields, check_user_field, std::move(handler));
}

void HotspotRouter::set_user(const std::string& id, const UserChanges& changes, RouterHandler<void> handler) {
  set_user_fields(id, change_fields(changes), std::move(handler));
}

void HotspotRouter::set_user_fields(const std::string& id, const std::vector<Field>& fields,
                                    RouterHandler<void> handler) {
  set_fields(kUsers, id, fields, check_user_field, std::move(handler));
}

void HotspotRouter::remove_user(const std::string& id, const std::string& name, RouterHandler<void> handler) {
  Status valid = check_item_id(id);
  if (valid) valid = check_name("The user name", name);
  if (!valid) return post_result<void>(ctx_, std::move(handler), input_error(valid.error()));
  // A session left behind would keep the client online after its ticket is gone.
  kick_user(name, [ctx = ctx_, id, handler = std::move(handler)](RouterResult<std::size_t> kicked) {
    if (!kicked) return handler(kicked.error());
    send_command(ctx, Command{std::string(kUsers) + "/remove", {{".id", id}}, {}, {}},
                 to_void(std::move(handler)));
  });
}

void HotspotRouter::find_user(const std::string& name, UserColumns columns,
                              RouterHandler<std::optional<HotspotUser>> handler) {
  if (Status s = check_name("The user name", name); !s) {
    return post_result<std::optional<HotspotUser>>(ctx_, std::move(handler), input_error(s.error()));
  }
  std::string proplist = kBookColumns;
  if (columns == UserColumns::with_counters) proplist += kCounterColumns;
  print_rows<HotspotUser>(ctx_, Command{std::string(kUsers) + "/print", {{".proplist", proplist}}, {"?name=" + name}, {}},
                          parse_user_row,
                          [handler = std::move(handler)](RouterResult<std::vector<HotspotUser>> found) {
                            if (!found) return handler(found.error());
                            if (found->empty()) return handler(std::optional<HotspotUser>());
                            handler(std::optional<HotspotUser>(std::move(found->front())));
                          });
}

void HotspotRouter::ensure_user(const UserRecord& user, RouterHandler<EnsureOutcome> handler) {
  auto fields = checked(record_fields(user), check_user_field);
  if (!fields) return post_result<EnsureOutcome>(ctx_, std::move(handler), input_error(fields.error()));
  Command find{std::string(kUsers) + "/print", {{".proplist", kBookColumns}}, {"?name=" + user.name}, {}};
  // A copy shares the context, so the follow-up add or set still runs if this object is gone.
  HotspotRouter self = *this;
  print_rows<HotspotUser>(
      ctx_, std::move(find), parse_user_row,
      [self, user, handler](RouterResult<std::vector<HotspotUser>> found) mutable {
        if (!found) return handler(found.error());
        if (found->empty()) {
          return self.add_user(user, [handler](RouterResult<std::string> r) {
            if (!r) return handler(r.error());
            handler(EnsureOutcome::created);
          });
        }
        const UserRecord& have = found->front().record;
        std::vector<Field> diff = user_differences(user, have);
        if (diff.empty()) return handler(EnsureOutcome::unchanged);
        self.set_user_fields(have.id, diff, [handler](RouterResult<void> r) {
          if (!r) return handler(r.error());
          handler(EnsureOutcome::updated);
        });
      });
}

}  // namespace hotspot::routeros
