#include "storage/settings.h"

#include "storage/context.h"

namespace hotspot::storage {

Status validate_setting_name(std::string_view name) {
  bool ok = !name.empty() && name.size() <= 64;
  for (char c : name) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_');
  }
  if (!ok) {
    return make_error(Errc::invalid_argument,
                      "name: use 1 to 64 lower-case letters, digits, '.', '-' or '_'");
  }
  return {};
}

Status Settings::set(std::string_view key, std::string_view value, std::string_view actor) {
  if (auto v = validate_setting_name(key); !v) return v;
  if (value.size() > 4096) return make_error(Errc::invalid_argument, "value: at most 4096 bytes");
  return ctx_.writer->write([&](Connection& db) -> Status {
    auto upsert = db.cached(
        "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at");
    if (!upsert) return upsert.error();
    upsert->bind(1, key).bind(2, value).bind(3, ctx_.now());
    if (auto s = upsert->run(); !s) return s;
    return record_change(db, ctx_, {std::string(actor), "setting.changed",
                                    "setting:" + std::string(key),
                                    {{"key", std::string(key)}, {"value", std::string(value)}}});
  });
}

Result<std::optional<std::string>> Settings::get(std::string_view key) {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  auto stmt = (*db)->cached("SELECT value FROM settings WHERE key = ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, key);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(stmt->column_text(0));
}

Result<std::map<std::string, std::string>> Settings::all() {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  auto stmt = (*db)->cached("SELECT key, value FROM settings ORDER BY key");
  if (!stmt) return stmt.error();
  std::map<std::string, std::string> out;
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return out;
    out.emplace(stmt->column_text(0), stmt->column_text(1));
  }
}

Status Secrets::put(std::string_view name, std::string_view value, std::string_view actor) {
  if (auto v = validate_setting_name(name); !v) return v;
  if (value.empty() || value.size() > 4096) {
    return make_error(Errc::invalid_argument, "value: a secret has 1 to 4096 bytes");
  }
  std::string sealed;
  {
    std::lock_guard lock(ctx_.random_mu);
    sealed = seal(ctx_.secrets_key, *ctx_.random, value, name);
  }
  return ctx_.writer->write([&](Connection& db) -> Status {
    auto upsert = db.cached(
        "INSERT INTO secrets (name, sealed, updated_at) VALUES (?, ?, ?) "
        "ON CONFLICT (name) DO UPDATE SET sealed = excluded.sealed, "
        "updated_at = excluded.updated_at");
    if (!upsert) return upsert.error();
    upsert->bind(1, name).bind_blob(2, sealed).bind(3, ctx_.now());
    if (auto s = upsert->run(); !s) return s;
    return record_change(db, ctx_, {std::string(actor), "secret.changed",
                                    "secret:" + std::string(name), {{"name", std::string(name)}}});
  });
}

Result<std::string> Secrets::get(std::string_view name) {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  auto stmt = (*db)->cached("SELECT sealed FROM secrets WHERE name = ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, name);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return make_error(Errc::not_found, "secret '" + std::string(name) + "' is not set");
  auto plain = open_sealed(ctx_.secrets_key, stmt->column_text(0), name);
  if (!plain) {
    return make_error(Errc::corrupt, "secret '" + std::string(name) + "': " + plain.error().message);
  }
  return plain;
}

Result<std::vector<std::string>> Secrets::names() {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  auto stmt = (*db)->cached("SELECT name FROM secrets ORDER BY name");
  if (!stmt) return stmt.error();
  return collect_rows<std::string>(*stmt, [](const Statement& r) { return r.column_text(0); });
}

}  // namespace hotspot::storage
