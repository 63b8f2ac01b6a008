#include "routeros/sim/control.h"

#include <charconv>

#include "routeros/sim/field_values.h"

namespace hotspot::routeros::sim {
namespace {

std::optional<std::uint64_t> number_attribute(const Command& command, std::string_view name) {
  const std::string* text = find_attribute(command, name);
  if (!text) return std::nullopt;
  std::uint64_t v = 0;
  auto [at, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || at != text->data() + text->size()) return std::nullopt;
  return v;
}

Replies fault_command(const Command& command, Faults& faults) {
  if (find_attribute(command, "clear")) faults.clear();
  if (find_attribute(command, "delay")) {
    auto ms = number_attribute(command, "delay");
    if (!ms || *ms > 600'000) return trap_replies("invalid value for argument delay", 1);
    faults.set_reply_delay(std::chrono::milliseconds(*ms));
  }
  if (const std::string* message = find_attribute(command, "trap-all")) {
    faults.set_trap_all(message->empty() ? std::nullopt : std::optional<std::string>(*message));
  }
  if (const std::string* next = find_attribute(command, "next")) {
    auto fault = parse_next_reply_fault(*next);
    if (!fault) return trap_replies("invalid value for argument next", 1);
    faults.break_next_reply(*fault);
  }
  return {done_reply()};
}

Replies rate_command(const Command& command, RouterState& state) {
  auto in = number_attribute(command, "in");
  auto out = number_attribute(command, "out");
  if (!in || !out) return trap_replies("missing value(s) of argument(s) in, out");
  const std::string* id = find_attribute(command, ".id");
  if (!id) {
    state.set_default_traffic_rate({*in, *out});
    return {done_reply()};
  }
  if (Status s = state.set_traffic_rate(*id, {*in, *out}); !s) return trap_replies("no such item");
  return {done_reply()};
}

}  // namespace

bool is_control_command(const Command& command) { return command.path.starts_with("/sim/"); }

Replies handle_control(const Command& command, RouterState& state, Faults& faults) {
  if (command.path == "/sim/fault") return fault_command(command, faults);
  if (command.path == "/sim/rate") return rate_command(command, state);
  if (command.path == "/sim/advance") {
    auto seconds = number_attribute(command, "seconds");
    if (!seconds || *seconds > 10ull * 365 * 86400) return trap_replies("invalid value for argument seconds", 1);
    state.advance(std::chrono::seconds(*seconds));
    return {done_reply()};
  }
  if (command.path == "/sim/host") {
    const std::string* mac = find_attribute(command, "mac-address");
    const std::string* address = find_attribute(command, "address");
    if (!mac || !address) return trap_replies("missing value(s) of argument(s) mac-address, address");
    auto mac_value = normalise_value(make_field("mac-address", ValueType::mac), *mac);
    auto address_value = normalise_value(make_field("address", ValueType::ip), *address);
    if (!mac_value) return trap_replies(mac_value.error().message, 1);
    if (!address_value) return trap_replies(address_value.error().message, 1);
    return {done_ret_reply(state.add_host(*mac_value, *address_value))};
  }
  return trap_replies("no such command or directory (" + command.path.substr(5) + ")", 0);
}

}  // namespace hotspot::routeros::sim
