#pragma once
// The schema is versioned with PRAGMA user_version. Each migration is applied once, all pending
// ones in a single transaction at open; a database newer than this binary is refused untouched.

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "storage/sqlite.h"

namespace hotspot::storage {

// 'HSE1': marks the file as ours so that another program's SQLite file is not migrated.
inline constexpr std::int64_t kApplicationId = 0x48534531;

// migrations()[i] brings the schema from version i to i + 1.
const std::vector<std::string_view>& migrations();
int latest_schema_version();

// Read-only checks before anything is written: SQLite header, application id, schema version
// not newer than ours, quick_check. The file is left byte-for-byte unchanged on any error.
Status inspect_existing_database(const std::filesystem::path& path);

// Applies the pending migrations in one transaction. Returns the version reached.
Result<int> migrate(Connection& db);

}  // namespace hotspot::storage
