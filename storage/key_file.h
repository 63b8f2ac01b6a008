#pragma once
// The appliance key: 32 random bytes in <data_dir>/secret.key, mode 0600, created once.
// Losing it loses the stored secrets (router password, Daraja keys), so it is never rewritten.

#include <filesystem>

#include "core/random.h"
#include "core/result.h"
#include "storage/crypto.h"

namespace hotspot::storage {

// Creates the key file atomically (temporary file, fsync, link into place) unless it exists.
// Returns true through `created` when a new key was written.
Status create_key_file(const std::filesystem::path& path, RandomSource& random, bool& created);

// Errors with a sentence for the technician: missing (not_found), unreadable or readable by
// group/others (permission), wrong size (corrupt).
Result<Key256> load_key_file(const std::filesystem::path& path);

}  // namespace hotspot::storage
