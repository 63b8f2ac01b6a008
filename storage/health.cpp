#include "storage/health.h"

#include "storage/context.h"
#include "storage/settings.h"

namespace hotspot::storage {

namespace {

Status validate_record(std::string_view component, std::string_view state, std::string_view detail) {
  if (auto v = validate_setting_name(component); !v) return v;
  auto parsed = nlohmann::json::parse(detail, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object() || detail.size() > 16384 || state.size() > 64) {
    return make_error(Errc::invalid_argument, "health detail must be a JSON object under 16 KiB");
  }
  return {};
}

// The upsert as a writer job; the strings are owned by the job, which may run later.
Writer::Job upsert_job(std::string component, std::string state, std::string detail, long long now) {
  return [component = std::move(component), state = std::move(state), detail = std::move(detail),
          now](Connection& db) -> Status {
    auto upsert = db.cached(
        "INSERT INTO health (component, state, detail, checked_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (component) DO UPDATE SET state = excluded.state, detail = excluded.detail, "
        "checked_at = excluded.checked_at");
    if (!upsert) return upsert.error();
    upsert->bind(1, std::string_view(component)).bind(2, std::string_view(state));
    upsert->bind(3, std::string_view(detail)).bind(4, static_cast<std::int64_t>(now));
    return upsert->run();
  };
}

}  // namespace

Status Health::record(std::string_view component, std::string_view state, std::string_view detail) {
  if (auto v = validate_record(component, state, detail); !v) return v;
  return ctx_.writer->write(upsert_job(std::string(component), std::string(state), std::string(detail), ctx_.now()));
}

void Health::record_async(std::string component, std::string state, std::string detail,
                          std::function<void(const Status&)> done) {
  if (auto v = validate_record(component, state, detail); !v) {
    done(v);
    return;
  }
  ctx_.writer->submit(upsert_job(std::move(component), std::move(state), std::move(detail), ctx_.now()),
                      std::move(done));
}

Result<std::optional<HealthRecord>> Health::get(std::string_view component) {
  auto db = ctx_.readers->acquire();
  if (!db) return db.error();
  auto stmt = (*db)->cached("SELECT component, state, detail, checked_at FROM health WHERE component = ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, component);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<HealthRecord>();
  return std::optional<HealthRecord>(HealthRecord{stmt->column_text(0), stmt->column_text(1),
                                                  stmt->column_text(2), stmt->column_int(3)});
}

}  // namespace hotspot::storage
