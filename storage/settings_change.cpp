// Settings::apply: several settings and secrets in one transaction.
#include "storage/context.h"
#include "storage/settings.h"

namespace hotspot::storage {
namespace {

Status check(const SettingsChange& change) {
  for (const auto& [key, value] : change.settings) {
    if (auto v = validate_setting_name(key); !v) return v;
    if (value.size() > 4096)
      return make_error(Errc::invalid_argument, key + ": at most 4096 bytes");
  }
  for (const auto& [name, value] : change.secrets) {
    if (auto v = validate_setting_name(name); !v) return v;
    if (value.empty() || value.size() > 4096) {
      return make_error(Errc::invalid_argument, name + ": a secret has 1 to 4096 bytes");
    }
  }
  for (const auto& names : {change.removed_settings, change.removed_secrets}) {
    for (const auto& name : names) {
      if (auto v = validate_setting_name(name); !v) return v;
    }
  }
  return {};
}

// The job writes what it was given and audits each row it changed; it may run twice (the
// writer retries a batch), so it only sets.
Writer::Job change_job(StoreContext& ctx, const SettingsChange& change, std::string actor) {
  std::vector<std::pair<std::string, std::string>> sealed;
  {
    std::lock_guard lock(ctx.random_mu);
    for (const auto& [name, value] : change.secrets) {
      sealed.emplace_back(name, seal(ctx.secrets_key, *ctx.random, value, name));
    }
  }
  return [&ctx, settings = change.settings, sealed = std::move(sealed),
          removed_settings = change.removed_settings, removed_secrets = change.removed_secrets,
          actor = std::move(actor)](Connection& db) -> Status {
    for (const auto& [key, value] : settings) {
      auto upsert = db.cached(
          "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) "
          "DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at");
      if (!upsert) return upsert.error();
      upsert->bind(1, std::string_view(key)).bind(2, std::string_view(value)).bind(3, ctx.now());
      if (auto s = upsert->run(); !s) return s;
      if (auto s = record_change(
              db, ctx,
              {actor, "setting.changed", "setting:" + key, {{"key", key}, {"value", value}}});
          !s) {
        return s;
      }
    }
    for (const auto& [name, blob] : sealed) {
      auto upsert = db.cached(
          "INSERT INTO secrets (name, sealed, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) "
          "DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at");
      if (!upsert) return upsert.error();
      upsert->bind(1, std::string_view(name)).bind_blob(2, blob).bind(3, ctx.now());
      if (auto s = upsert->run(); !s) return s;
      if (auto s =
              record_change(db, ctx, {actor, "secret.changed", "secret:" + name, {{"name", name}}});
          !s) {
        return s;
      }
    }
    for (const auto& [table, column, names, kind] :
         {std::tuple{"settings", "key", &removed_settings, "setting"},
          std::tuple{"secrets", "name", &removed_secrets, "secret"}}) {
      for (const auto& name : *names) {
        auto remove = db.cached(std::string("DELETE FROM ") + table + " WHERE " + column + " = ?");
        if (!remove) return remove.error();
        remove->bind(1, std::string_view(name));
        if (auto s = remove->run(); !s) return s;
        if (db.changes() == 0) continue;
        if (auto s = record_change(db, ctx,
                                   {actor,
                                    std::string(kind) + ".removed",
                                    std::string(kind) + ":" + name,
                                    {{"name", name}}});
            !s) {
          return s;
        }
      }
    }
    return {};
  };
}

}  // namespace

Status Settings::apply(const SettingsChange& change, std::string_view actor) {
  if (auto v = check(change); !v) return v;
  return ctx_.writer->write(change_job(ctx_, change, std::string(actor)));
}

void Settings::apply_async(const SettingsChange& change, std::string actor,
                           std::function<void(const Status&)> done) {
  if (auto v = check(change); !v) {
    done(v);
    return;
  }
  ctx_.writer->submit(change_job(ctx_, change, std::move(actor)), std::move(done));
}

}  // namespace hotspot::storage
