#include "storage/plans.h"

#include <charconv>

#include "storage/context.h"

namespace hotspot::storage {
namespace {

constexpr std::string_view kColumns =
    "id, name, price_kes, time_allowance_s, data_allowance_bytes, validity, upload_bps, "
    "download_bps, shared_devices, enabled";

Plan plan_from_row(const Statement& row) {
  Plan p;
  p.id = row.column_int(0);
  p.name = row.column_text(1);
  p.price = Kes{row.column_int(2)};
  if (auto t = row.column_optional_int(3)) p.time_allowance = Seconds(*t);
  if (auto d = row.column_optional_int(4)) p.data_allowance_bytes = static_cast<std::uint64_t>(*d);
  auto mode = parse_validity_mode(row.column_text(5));
  p.validity = mode ? *mode : ValidityMode::wall_clock;
  p.upload_bps = static_cast<std::uint64_t>(row.column_int(6));
  p.download_bps = static_cast<std::uint64_t>(row.column_int(7));
  p.shared_devices = static_cast<int>(row.column_int(8));
  p.enabled = row.column_int(9) != 0;
  return p;
}

// Binds the plan's fields to parameters 1..9 in kColumns order (without id and enabled).
void bind_plan_fields(Statement& s, const Plan& p) {
  s.bind(1, std::string_view(p.name)).bind(2, p.price.shillings);
  if (p.time_allowance) s.bind(3, static_cast<std::int64_t>(p.time_allowance->count()));
  else s.bind_null(3);
  if (p.data_allowance_bytes) s.bind(4, static_cast<std::int64_t>(*p.data_allowance_bytes));
  else s.bind_null(4);
  s.bind(5, std::string_view(validity_mode_name(p.validity)));
  s.bind(6, static_cast<std::int64_t>(p.upload_bps));
  s.bind(7, static_cast<std::int64_t>(p.download_bps));
  s.bind(8, static_cast<std::int64_t>(p.shared_devices));
}

Error name_taken(const Plan& p) {
  return make_error(Errc::already_exists, "name: a plan called '" + p.name + "' already exists");
}

Result<Plan> query_one(StoreContext& ctx, std::string_view where, auto bind) {
  auto db = ctx.readers->acquire();
  if (!db) return db.error();
  auto stmt = (*db)->cached("SELECT " + std::string(kColumns) + " FROM plans WHERE " +
                             std::string(where));
  if (!stmt) return stmt.error();
  bind(*stmt);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return make_error(Errc::not_found, "no such plan");
  return plan_from_row(*stmt);
}

}  // namespace

nlohmann::json plan_to_json(const Plan& p) {
  nlohmann::json j = {{"id", p.id},
                      {"name", p.name},
                      {"price_kes", p.price.shillings},
                      {"validity", validity_mode_name(p.validity)},
                      {"upload_bps", p.upload_bps},
                      {"download_bps", p.download_bps},
                      {"rate_limit", routeros_rate_limit(p)},
                      {"shared_devices", p.shared_devices},
                      {"enabled", p.enabled}};
  j["time_allowance_s"] = p.time_allowance ? nlohmann::json(p.time_allowance->count()) : nullptr;
  j["data_allowance_bytes"] =
      p.data_allowance_bytes ? nlohmann::json(*p.data_allowance_bytes) : nlohmann::json(nullptr);
  return j;
}

Result<Plan> Plans::add(const Plan& plan, std::string_view actor) {
  if (auto v = validate_plan(plan); !v) return v.error();
  Plan stored = plan;
  Status written = ctx_.writer->write([&](Connection& db) -> Status {
    auto insert = db.cached(
        "INSERT INTO plans (name, price_kes, time_allowance_s, data_allowance_bytes, validity, "
        "upload_bps, download_bps, shared_devices, enabled, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert) return insert.error();
    bind_plan_fields(*insert, plan);
    insert->bind(9, std::int64_t{plan.enabled}).bind(10, ctx_.now()).bind(11, ctx_.now());
    if (auto s = insert->run(); !s) return s.error().code == Errc::conflict ? name_taken(plan) : s;
    stored.id = db.last_insert_rowid();
    return record_change(db, ctx_, {std::string(actor), "plan.added",
                                    "plan:" + std::to_string(stored.id), plan_to_json(stored)});
  });
  if (!written) return written.error();
  return stored;
}

Result<Plan> Plans::update(const Plan& plan, std::string_view actor) {
  if (auto v = validate_plan(plan); !v) return v.error();
  Status written = ctx_.writer->write([&](Connection& db) -> Status {
    auto update = db.cached(
        "UPDATE plans SET name = ?, price_kes = ?, time_allowance_s = ?, "
        "data_allowance_bytes = ?, validity = ?, upload_bps = ?, download_bps = ?, "
        "shared_devices = ?, enabled = ?, updated_at = ? WHERE id = ?");
    if (!update) return update.error();
    bind_plan_fields(*update, plan);
    update->bind(9, std::int64_t{plan.enabled}).bind(10, ctx_.now()).bind(11, plan.id);
    if (auto s = update->run(); !s) return s.error().code == Errc::conflict ? name_taken(plan) : s;
    if (db.changes() == 0) return make_error(Errc::not_found, "no plan with id " + std::to_string(plan.id));
    return record_change(db, ctx_, {std::string(actor), "plan.updated",
                                    "plan:" + std::to_string(plan.id), plan_to_json(plan)});
  });
  if (!written) return written.error();
  return plan;
}

Status Plans::set_enabled(std::int64_t id, bool enabled, std::string_view actor) {
  return ctx_.writer->write([&](Connection& db) -> Status {
    auto update = db.cached("UPDATE plans SET enabled = ?, updated_at = ? WHERE id = ?");
    if (!update) return update.error();
    update->bind(1, std::int64_t{enabled}).bind(2, ctx_.now()).bind(3, id);
    if (auto s = update->run(); !s) return s;
    if (db.changes() == 0) return make_error(Errc::not_found, "no plan with id " + std::to_string(id));
    return record_change(db, ctx_, {std::string(actor), enabled ? "plan.enabled" : "plan.disabled",
                                    "plan:" + std::to_string(id), {{"id", id}}});
  });
}

Result<std::vector<Plan>> Plans::list(bool include_disabled) {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  auto stmt = (*db)->cached("SELECT " + std::string(kColumns) + " FROM plans" +
                             (include_disabled ? "" : " WHERE enabled = 1") +
                             " ORDER BY price_kes, name");
  if (!stmt) return stmt.error();
  return collect_rows<Plan>(*stmt, plan_from_row);
}

Result<Plan> Plans::find(std::int64_t id) {
  auto found = query_one(ctx_, "id = ?", [id](Statement& s) { s.bind(1, id); });
  if (!found && found.error().code == Errc::not_found) {
    return make_error(Errc::not_found, "no plan with id " + std::to_string(id));
  }
  return found;
}

Result<Plan> Plans::find_by_name(std::string_view name) {
  auto found = query_one(ctx_, "name = ?", [name](Statement& s) { s.bind(1, name); });
  if (!found && found.error().code == Errc::not_found) {
    return make_error(Errc::not_found, "no plan called '" + std::string(name) + "'");
  }
  return found;
}

Result<Plan> Plans::find_by_id_or_name(std::string_view text) {
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec == std::errc() && end == text.data() + text.size() && id > 0) {
    auto by_id = find(id);
    if (by_id || by_id.error().code != Errc::not_found) return by_id;
  }
  return find_by_name(text);
}

}  // namespace hotspot::storage
