// /system/resource, identity, clock, routerboard and license (routeros.md §2.7): each prints
// one item; a reply without it is a protocol error.
#include "routeros/hotspot/hotspot_router.h"
#include "routeros/hotspot/row_parsers.h"

namespace hotspot::routeros {
namespace {

template <class T, class Parse>
void print_one(const ContextPtr& ctx, const std::string& menu, const std::string& columns,
               Parse parse, RouterHandler<T> handler) {
  std::vector<Attribute> attributes;
  if (!columns.empty()) attributes.push_back({".proplist", columns});
  send_command(ctx, Command{menu + "/print", std::move(attributes), {}, {}},
               [menu, parse, handler = std::move(handler)](RouterResult<Response> r) {
                 if (!r) return handler(r.error());
                 if (r->rows.empty()) {
                   return handler(router_error(RouterErrc::protocol, "The router printed nothing for " + menu + "."));
                 }
                 handler(parse(r->rows.front()));
               });
}

}  // namespace

void HotspotRouter::system_resource(RouterHandler<SystemResource> handler) {
  print_one<SystemResource>(ctx_, "/system/resource",
                            "version,board-name,architecture-name,cpu-load,free-memory,total-memory,uptime",
                            parse_resource_row, std::move(handler));
}

void HotspotRouter::identity(RouterHandler<std::string> handler) {
  print_one<std::string>(ctx_, "/system/identity", "name",
                         [](const Row& row) -> RouterResult<std::string> {
                           for (const Attribute& a : row) {
                             if (a.name == "name") return a.value;
                           }
                           return router_error(RouterErrc::protocol, "The router printed no identity name.");
                         },
                         std::move(handler));
}

void HotspotRouter::clock(RouterHandler<RouterClock> handler) {
  const Clock& appliance = ctx_->clock;
  print_one<RouterClock>(ctx_, "/system/clock", "time,date,gmt-offset",
                         [&appliance](const Row& row) { return parse_clock_row(row, appliance.wall_now()); },
                         std::move(handler));
}

void HotspotRouter::routerboard(RouterHandler<Routerboard> handler) {
  print_one<Routerboard>(ctx_, "/system/routerboard", "routerboard,model,serial-number,current-firmware",
                         parse_routerboard_row, std::move(handler));
}

void HotspotRouter::licence(RouterHandler<Licence> handler) {
  // No .proplist: RouterBOARD and CHR name the level differently (nlevel, level).
  print_one<Licence>(ctx_, "/system/license", "", parse_licence_row, std::move(handler));
}

}  // namespace hotspot::routeros
