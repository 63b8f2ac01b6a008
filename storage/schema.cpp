#include "storage/schema.h"

#include <cstring>
#include <fstream>
#include <string>

namespace hotspot::storage {
namespace {

// Version 1: the books as the first release keeps them. Money is integer shillings; times are
// Unix seconds; nothing the books need is ever deleted (plans are disabled, tickets end).
constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE secrets (
  name TEXT PRIMARY KEY,
  sealed BLOB NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role TEXT NOT NULL CHECK (role IN ('owner', 'attendant')),
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE TABLE plans (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  price_kes INTEGER NOT NULL CHECK (price_kes BETWEEN 1 AND 250000),
  time_allowance_s INTEGER CHECK (time_allowance_s > 0),
  data_allowance_bytes INTEGER CHECK (data_allowance_bytes > 0),
  validity TEXT NOT NULL CHECK (validity IN ('wall-clock', 'connected-time')),
  upload_bps INTEGER NOT NULL CHECK (upload_bps >= 0),
  download_bps INTEGER NOT NULL CHECK (download_bps >= 0),
  shared_devices INTEGER NOT NULL CHECK (shared_devices BETWEEN 1 AND 32),
  enabled INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (time_allowance_s IS NOT NULL OR data_allowance_bytes IS NOT NULL)
);
CREATE TABLE voucher_batches (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans (id),
  count INTEGER NOT NULL CHECK (count > 0),
  code_length INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE tickets (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  plan_id INTEGER NOT NULL REFERENCES plans (id),
  batch_id INTEGER REFERENCES voucher_batches (id),
  state TEXT NOT NULL CHECK (state IN ('issued', 'active', 'expired', 'exhausted', 'revoked')),
  issued_at INTEGER NOT NULL,
  first_login_at INTEGER,
  ended_at INTEGER,
  used_seconds INTEGER NOT NULL DEFAULT 0,
  used_bytes INTEGER NOT NULL DEFAULT 0
);
-- Partial: tickets sold one at a time have no batch, and leaving them out keeps the index off
-- the sale's path.
CREATE INDEX tickets_by_batch ON tickets (batch_id) WHERE batch_id IS NOT NULL;
-- Only active tickets are looked up by state often (usage and expiry, every few seconds); issued
-- ones, the bulk of the table and what a sale adds, are left out to keep the index small.
CREATE INDEX tickets_active ON tickets (first_login_at) WHERE state = 'active';
CREATE TABLE payments (
  id INTEGER PRIMARY KEY,
  checkout_request_id TEXT UNIQUE,
  merchant_request_id TEXT,
  receipt TEXT UNIQUE,
  phone TEXT NOT NULL,
  amount_kes INTEGER NOT NULL CHECK (amount_kes > 0),
  plan_id INTEGER NOT NULL REFERENCES plans (id),
  state TEXT NOT NULL CHECK (state IN ('initiated', 'pending', 'paid', 'failed', 'unknown')),
  ticket_id INTEGER UNIQUE REFERENCES tickets (id),
  result_code TEXT,
  result_desc TEXT,
  -- The secret in this payment's CallBackURL path, and the one the customer's waiting page
  -- holds: each names this payment only to whoever was given it.
  callback_secret TEXT NOT NULL,
  purchase_key TEXT NOT NULL UNIQUE,
  -- The phone's device on the hotspot when it bought: where the ticket is put online.
  device_mac TEXT,
  device_ip TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX payments_by_phone ON payments (phone, created_at);
-- Payments the daemon must still finish (poll, grant a ticket) after a restart.
CREATE INDEX payments_unfinished ON payments (created_at)
  WHERE state IN ('initiated', 'pending', 'unknown') OR (state = 'paid' AND ticket_id IS NULL);
CREATE TABLE payment_events (
  id INTEGER PRIMARY KEY,
  payment_id INTEGER REFERENCES payments (id),
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE TABLE sales (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL UNIQUE REFERENCES tickets (id),
  plan_id INTEGER NOT NULL REFERENCES plans (id),
  amount_kes INTEGER NOT NULL CHECK (amount_kes >= 0),
  channel TEXT NOT NULL CHECK (channel IN ('voucher', 'mpesa', 'cash')),
  payment_id INTEGER REFERENCES payments (id),
  sold_at INTEGER NOT NULL
);
CREATE INDEX sales_by_time ON sales (sold_at);
-- One sale per payment; partial, because voucher and cash sales have none.
CREATE UNIQUE INDEX sales_by_payment ON sales (payment_id) WHERE payment_id IS NOT NULL;
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets (id),
  mac TEXT NOT NULL,
  ip TEXT NOT NULL,
  router_session_id TEXT,
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  uptime_s INTEGER NOT NULL DEFAULT 0,
  bytes_in INTEGER NOT NULL DEFAULT 0,
  bytes_out INTEGER NOT NULL DEFAULT 0,
  end_cause TEXT
);
CREATE INDEX sessions_by_ticket ON sessions (ticket_id);
CREATE INDEX sessions_open ON sessions (id) WHERE ended_at IS NULL;
-- Each usage poll looks every live session up by the router's id: without this, a poll with
-- thousands of phones online scans the open sessions once per phone.
CREATE INDEX sessions_open_by_router_id ON sessions (router_session_id) WHERE ended_at IS NULL;
-- A returning phone is recognised by its MAC address.
CREATE INDEX sessions_by_mac ON sessions (mac, id);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_id INTEGER NOT NULL,
  last_hash TEXT NOT NULL,
  mac TEXT NOT NULL
);
-- Telemetry the daemon refreshes every few seconds (router reachability, load, licence): kept
-- apart from settings so that it is neither audited nor replicated as a change.
CREATE TABLE health (
  component TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  detail TEXT NOT NULL,
  checked_at INTEGER NOT NULL
);
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
-- The sync outbox is the audit log read from the registry's last acknowledgement on: every
-- change is written once, in commit order, and its audit id is its sequence number.
CREATE TABLE sync_cursor (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  acked_through INTEGER NOT NULL
);
INSERT INTO sync_cursor (id, acked_through) VALUES (1, 0);
CREATE VIEW outbox AS
  SELECT a.id AS seq, a.action AS topic,
         json_object('action', a.action, 'subject', a.subject, 'actor', a.actor, 'at', a.at,
                     'details', json(a.details)) AS payload,
         a.at AS created_at
  FROM audit_log a
  WHERE a.id > (SELECT acked_through FROM sync_cursor WHERE id = 1);
)sql";

struct FileHeader {
  bool sqlite = false;
  std::uintmax_t file_size = 0;
  std::uintmax_t expected_size = 0;  // page size x page count, per the header
};

// Reads the 100-byte SQLite header without opening the database, so that a damaged file is
// reported before SQLite (or a journal-mode change) could touch it.
FileHeader read_header(const std::filesystem::path& path) {
  FileHeader h;
  std::ifstream in(path, std::ios::binary);
  unsigned char b[100] = {};
  in.read(reinterpret_cast<char*>(b), sizeof b);
  std::error_code ec;
  h.file_size = std::filesystem::file_size(path, ec);
  if (in.gcount() != 100 || std::memcmp(b, "SQLite format 3\0", 16) != 0) return h;
  h.sqlite = true;
  std::uintmax_t page = (std::uintmax_t{b[16]} << 8) | b[17];
  if (page == 1) page = 65536;
  const std::uintmax_t pages = (std::uintmax_t{b[28]} << 24) | (std::uintmax_t{b[29]} << 16) |
                               (std::uintmax_t{b[30]} << 8) | b[31];
  // The in-header page count is valid only when its version stamp matches the change counter.
  if (std::memcmp(b + 24, b + 92, 4) == 0) h.expected_size = page * pages;
  return h;
}

bool wal_has_frames(const std::filesystem::path& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path.string() + "-wal", ec);
  return !ec && size > 32;  // more than the WAL header
}

}  // namespace

const std::vector<std::string_view>& migrations() {
  static const std::vector<std::string_view> all = {kSchemaV1};
  return all;
}

int latest_schema_version() { return static_cast<int>(migrations().size()); }

Status inspect_existing_database(const std::filesystem::path& path) {
  const std::string name = path.string();
  const FileHeader header = read_header(path);
  if (!header.sqlite) {
    return make_error(Errc::corrupt, name + " is not a SQLite database (damaged or another file); "
                                            "restore it from a backup");
  }
  // While a WAL holds committed pages, the file may legitimately be shorter than its header
  // says: a checkpoint writes page 1 first and the pages after it next (another process may be
  // checkpointing right now, or one was killed half-way). SQLite reads those pages from the WAL.
  if ((header.file_size < header.expected_size && !wal_has_frames(path)) ||
      header.file_size % 512 != 0) {
    return make_error(Errc::corrupt, name + " is truncated (" + std::to_string(header.file_size) +
                                         " bytes); restore it from a backup");
  }
  auto db = Connection::open(path, Connection::Mode::read_only);
  if (!db) return db.error();
  auto app = db->query_int("PRAGMA application_id");
  auto version = db->query_int("PRAGMA user_version");
  if (!app || !version) return make_error(Errc::corrupt, name + " cannot be read: it is damaged");
  // Our first migration stamps the application id, so a file without one must be empty (a first
  // start that stopped before migrating); one with tables belongs to someone else.
  auto objects = db->query_int("SELECT count(*) FROM sqlite_master");
  if (!objects) return make_error(Errc::corrupt, name + " cannot be read: it is damaged");
  if (*app != kApplicationId && (*app != 0 || *objects != 0)) {
    return make_error(Errc::corrupt, name + " belongs to another program, not hotspot-edge");
  }
  if (*version > latest_schema_version()) {
    return make_error(Errc::unsupported,
                      name + " has schema version " + std::to_string(*version) +
                          ", newer than this hotspot-edge understands (" +
                          std::to_string(latest_schema_version()) +
                          "); install the newer hotspot-edge or restore an older backup");
  }
  auto check = db->prepare("PRAGMA quick_check(1)");
  if (!check) return make_error(Errc::corrupt, name + " is damaged: " + check.error().message);
  auto row = check->step();
  std::string finding = !row ? row.error().message : (*row ? check->column_text(0) : "no answer");
  if (finding != "ok") {
    return make_error(Errc::corrupt,
                      name + " is damaged (" + finding + "); restore it from a backup");
  }
  return {};
}

Result<int> migrate(Connection& db) {
  auto version = db.query_int("PRAGMA user_version");
  if (!version) return version.error();
  const int target = latest_schema_version();
  if (*version >= target) return static_cast<int>(*version);
  if (auto s = db.exec("BEGIN IMMEDIATE"); !s) return s.error();
  // Another process (hotspotd and hotspotctl starting together) may have migrated between the
  // read above and taking the write lock; read again under the lock.
  version = db.query_int("PRAGMA user_version");
  if (!version || *version >= target) {
    (void)db.exec("ROLLBACK");
    if (!version) return version.error();
    return static_cast<int>(*version);
  }
  for (int v = static_cast<int>(*version); v < target; ++v) {
    if (auto s = db.exec(migrations()[static_cast<std::size_t>(v)]); !s) {
      (void)db.exec("ROLLBACK");
      return make_error(s.error().code, "migration to schema version " + std::to_string(v + 1) +
                                            " failed: " + s.error().message);
    }
  }
  std::string stamp = "PRAGMA application_id = " + std::to_string(kApplicationId) +
                      "; PRAGMA user_version = " + std::to_string(target);
  if (auto s = db.exec(stamp); !s) {
    (void)db.exec("ROLLBACK");
    return s.error();
  }
  if (auto s = db.exec("COMMIT"); !s) {
    (void)db.exec("ROLLBACK");
    return s.error();
  }
  return target;
}

}  // namespace hotspot::storage
