// /ip/hotspot/active and /ip/hotspot/host (routeros.md §2.3, §2.4, §3.6).
#include "routeros/hotspot/hotspot_router.h"
#include "routeros/hotspot/row_parsers.h"
#include "routeros/hotspot/words.h"

namespace hotspot::routeros {
namespace {

constexpr const char* kActive = "/ip/hotspot/active";
constexpr const char* kActiveColumns =
    ".id,server,user,address,mac-address,login-by,uptime,bytes-in,bytes-out,session-time-left";
constexpr const char* kHostColumns = ".id,mac-address,address,to-address,server,authorized,bypassed";

Result<Command> login_command(const ActiveLogin& login) {
  if (Status s = check_name("The user name", login.user); !s) return s.error();
  if (Status s = check_password(login.password); !s) return s.error();
  auto mac = canonical_mac(login.mac_address);
  if (!mac) return mac.error();
  if (Status s = check_ipv4(login.ip); !s) return s.error();
  return Command{std::string(kActive) + "/login",
                 {{"user", login.user}, {"password", login.password}, {"mac-address", *mac}, {"ip", login.ip}},
                 {},
                 {}};
}

}  // namespace

void HotspotRouter::list_active(RouterHandler<std::vector<ActiveSession>> handler) {
  print_rows<ActiveSession>(ctx_, Command{std::string(kActive) + "/print", {{".proplist", kActiveColumns}}, {}, {}},
                            parse_active_row, std::move(handler));
}

void HotspotRouter::login(const ActiveLogin& login, RouterHandler<void> handler) {
  auto command = login_command(login);
  if (!command) return post_result<void>(ctx_, std::move(handler), input_error(command.error()));
  send_command(ctx_, std::move(*command), to_void(std::move(handler)));
}

void HotspotRouter::kick(const std::string& active_id, RouterHandler<void> handler) {
  if (Status s = check_item_id(active_id); !s) {
    return post_result<void>(ctx_, std::move(handler), input_error(s.error()));
  }
  send_command(ctx_, Command{std::string(kActive) + "/remove", {{".id", active_id}}, {}, {}},
               to_void(std::move(handler)));
}

void HotspotRouter::kick_user(const std::string& name, RouterHandler<std::size_t> handler) {
  if (Status s = check_name("The user name", name); !s) {
    return post_result<std::size_t>(ctx_, std::move(handler), input_error(s.error()));
  }
  // One remove per session: a user with shared-users above 1 may have several (§2.3).
  remove_matching(ctx_, kActive, {"?user=" + name}, std::move(handler));
}

void HotspotRouter::list_hosts(RouterHandler<std::vector<HotspotHost>> handler) {
  print_rows<HotspotHost>(ctx_, Command{"/ip/hotspot/host/print", {{".proplist", kHostColumns}}, {}, {}},
                          parse_host_row, std::move(handler));
}

}  // namespace hotspot::routeros
