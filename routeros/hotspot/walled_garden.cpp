// /ip/hotspot/walled-garden and /ip/hotspot/walled-garden/ip (routeros.md §2.5). Entries are
// found by their comment, so that the appliance replaces its own and leaves the provider's.
#include "routeros/hotspot/hotspot_router.h"
#include "routeros/hotspot/row_parsers.h"
#include "routeros/hotspot/words.h"
#include "routeros/values.h"

namespace hotspot::routeros {
namespace {

const char* menu_of(GardenLevel level) {
  return level == GardenLevel::ip ? "/ip/hotspot/walled-garden/ip" : "/ip/hotspot/walled-garden";
}

Status check_action(const WalledGardenEntry& e) {
  if (e.action.empty()) return {};
  const bool ok = e.level == GardenLevel::ip
                      ? (e.action == "accept" || e.action == "drop" || e.action == "reject")
                      : (e.action == "allow" || e.action == "deny");
  if (ok) return {};
  return make_error(Errc::invalid_argument, e.level == GardenLevel::ip
                                                ? "The action must be accept, drop or reject."
                                                : "The action must be allow or deny.");
}

Result<std::vector<Attribute>> entry_attributes(const WalledGardenEntry& e) {
  if (e.comment.empty()) return make_error(Errc::invalid_argument, "A walled-garden entry needs a comment tag.");
  if (Status s = check_comment(e.comment); !s) return s.error();
  if (Status s = check_action(e); !s) return s.error();
  if (e.dst_host.empty() && e.dst_address.empty()) {
    return make_error(Errc::invalid_argument, "A walled-garden entry needs a host or an address.");
  }
  if (!e.dst_address.empty() && e.level == GardenLevel::http) {
    return make_error(Errc::invalid_argument, "The HTTP walled garden matches hosts, not addresses.");
  }
  std::vector<Attribute> out;
  if (!e.action.empty()) out.push_back({"action", e.action});
  if (!e.dst_host.empty()) {
    if (Status s = check_host_pattern(e.dst_host); !s) return s.error();
    out.push_back({"dst-host", e.dst_host});
  }
  if (!e.dst_address.empty()) {
    if (Status s = check_ipv4(e.dst_address); !s) return s.error();
    out.push_back({"dst-address", e.dst_address});
  }
  out.push_back({"comment", e.comment});
  return out;
}

}  // namespace

void HotspotRouter::list_walled_garden(GardenLevel level,
                                       RouterHandler<std::vector<WalledGardenEntry>> handler) {
  const std::string columns = level == GardenLevel::ip ? ".id,action,dst-host,dst-address,comment"
                                                       : ".id,action,dst-host,comment";
  print_rows<WalledGardenEntry>(
      ctx_, Command{std::string(menu_of(level)) + "/print", {{".proplist", columns}}, {}, {}},
      [level](const Row& row) { return parse_garden_row(row, level); }, std::move(handler));
}

void HotspotRouter::add_walled_garden(const WalledGardenEntry& entry, RouterHandler<std::string> handler) {
  auto attributes = entry_attributes(entry);
  if (!attributes) return post_result<std::string>(ctx_, std::move(handler), input_error(attributes.error()));
  const std::string path = std::string(menu_of(entry.level)) + "/add";
  send_command(ctx_, Command{path, std::move(*attributes), {}, {}},
               [path, handler = std::move(handler)](RouterResult<Response> r) {
                 if (!r) return handler(r.error());
                 auto id = parse_id_value(r->ret().value_or(""));
                 if (!id) {
                   return handler(router_error(RouterErrc::protocol,
                                               "The router answered " + path + " without a valid item id."));
                 }
                 handler(std::move(*id));
               });
}

void HotspotRouter::remove_walled_garden(GardenLevel level, const std::string& tag,
                                         RouterHandler<std::size_t> handler) {
  Status valid = tag.empty() ? Status(make_error(Errc::invalid_argument, "The comment tag is empty."))
                             : check_comment(tag);
  if (!valid) return post_result<std::size_t>(ctx_, std::move(handler), input_error(valid.error()));
  remove_matching(ctx_, menu_of(level), {"?comment=" + tag}, std::move(handler));
}

}  // namespace hotspot::routeros
