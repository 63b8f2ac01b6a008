#include "cli/format.h"

#include <algorithm>
#include <ctime>
#include <ostream>

#include "core/bytes.h"
#include "core/duration.h"
#include "core/voucher_code.h"

namespace hotspot::cli {

void print_table(std::ostream& out, const Row& headers, const std::vector<Row>& rows) {
  std::vector<std::size_t> width(headers.size());
  for (std::size_t i = 0; i < headers.size(); ++i) width[i] = headers[i].size();
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size() && i < width.size(); ++i) {
      width[i] = std::max(width[i], row[i].size());
    }
  }
  auto print_row = [&](const Row& row) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(width[i] - row[i].size() + 2, ' ');
    }
    out << line << '\n';
  };
  print_row(headers);
  for (const auto& row : rows) print_row(row);
}

std::string format_time(long long unix_seconds) {
  // Nairobi is UTC+3 all year; computing it here keeps the output independent of TZ.
  std::time_t t = static_cast<std::time_t>(unix_seconds + 3 * 3600);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S EAT", &tm);
  return buf;
}

std::string format_time(WallTime time) { return format_time(to_unix_seconds(time)); }

Row plan_headers() {
  return {"ID", "NAME", "PRICE", "TIME", "DATA", "VALIDITY", "SPEED (UP/DOWN)", "DEVICES", "STATUS"};
}

Row plan_to_row(const Plan& p) {
  const std::string speed = routeros_rate_limit(p);
  return {std::to_string(p.id),
          p.name,
          format_kes(p.price),
          p.time_allowance ? format_human_duration(*p.time_allowance) : "-",
          p.data_allowance_bytes ? format_human_bytes(*p.data_allowance_bytes) : "-",
          validity_mode_name(p.validity),
          speed.empty() ? "unlimited" : speed,
          std::to_string(p.shared_devices),
          p.enabled ? "enabled" : "disabled"};
}

nlohmann::json ticket_to_json(const Ticket& t, const Plan* plan) {
  auto optional_time = [](const std::optional<WallTime>& w) {
    return w ? nlohmann::json(to_unix_seconds(*w)) : nlohmann::json(nullptr);
  };
  nlohmann::json j = {{"id", t.id},
                      {"code", t.code},
                      {"display_code", format_voucher_code(t.code)},
                      {"plan_id", t.plan_id},
                      {"state", ticket_state_name(t.state)},
                      {"issued_at", to_unix_seconds(t.issued_at)},
                      {"first_login_at", optional_time(t.first_login_at)},
                      {"ended_at", optional_time(t.ended_at)},
                      {"used_seconds", t.used_seconds},
                      {"used_bytes", t.used_bytes}};
  j["batch_id"] = t.batch_id ? nlohmann::json(*t.batch_id) : nlohmann::json(nullptr);
  if (plan) j["plan"] = storage::plan_to_json(*plan);
  return j;
}

nlohmann::json batch_to_json(const storage::VoucherBatch& b) {
  return {{"id", b.id},           {"plan_id", b.plan_id},       {"plan", b.plan_name},
          {"count", b.count},     {"code_length", b.code_length}, {"note", b.note},
          {"created_by", b.created_by}, {"created_at", b.created_at}, {"unused", b.unused},
          {"active", b.active},   {"ended", b.ended}};
}

}  // namespace hotspot::cli
