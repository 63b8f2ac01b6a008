#include "storage/store.h"

#include <sqlite3.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "storage/accounts.h"
#include "storage/audit_log.h"
#include "storage/context.h"
#include "storage/health.h"
#include "storage/key_file.h"
#include "storage/outbox.h"
#include "storage/payments.h"
#include "storage/plans.h"
#include "storage/sales.h"
#include "storage/schema.h"
#include "storage/sessions.h"
#include "storage/settings.h"
#include "storage/tickets.h"
#include "storage/usage_poll.h"

namespace hotspot::storage {

namespace fs = std::filesystem;

struct Store::Repositories {
  explicit Repositories(StoreContext& ctx)
      : plans(ctx), tickets(ctx), sales(ctx), settings(ctx), secrets(ctx), accounts(ctx),
        audit(ctx), outbox(ctx), payments(ctx), sessions(ctx), health(ctx),
        usage_polls(ctx) {}
  Plans plans;
  Tickets tickets;
  Sales sales;
  Settings settings;
  Secrets secrets;
  Accounts accounts;
  AuditLog audit;
  Outbox outbox;
  Payments payments;
  Sessions sessions;
  Health health;
  UsagePolls usage_polls;
};

fs::path database_path(const fs::path& data_dir) { return data_dir / "hotspot.db"; }
fs::path key_path(const fs::path& data_dir) { return data_dir / "secret.key"; }

namespace {

Status prepare_data_dir(const StoreOptions& options) {
  std::error_code ec;
  if (fs::is_directory(options.data_dir, ec)) return {};
  if (fs::exists(options.data_dir, ec)) {
    return make_error(Errc::invalid_argument,
                      "data directory " + options.data_dir.string() + " is not a directory");
  }
  if (!options.create_if_missing) {
    return make_error(Errc::not_found, "data directory " + options.data_dir.string() +
                                           " does not exist; run 'hotspotctl init' first");
  }
  fs::create_directories(options.data_dir, ec);
  if (ec) {
    return make_error(Errc::io, "cannot create data directory " + options.data_dir.string() +
                                    ": " + ec.message());
  }
  ::chmod(options.data_dir.c_str(), 0750);
  return {};
}

Result<Connection> open_writer_connection(const fs::path& db_path) {
  auto db = Connection::open(db_path, Connection::Mode::read_write_create);
  if (!db) return db.error();
  auto mode = db->prepare("PRAGMA journal_mode = WAL");
  if (!mode) return mode.error();
  auto row = mode->step();
  if (!row) return row.error();
  if (!*row || mode->column_text(0) != "wal") {
    return make_error(Errc::io, "cannot switch " + db_path.string() + " to WAL journal mode");
  }
  if (auto s = configure_connection(*db); !s) return s.error();
  // The writer walks the ticket-code index at random places; a larger cache keeps those pages
  // (SQLite's default is 2 MB). It grows only as it is used.
  if (auto s = db->exec("PRAGMA cache_size = -8192"); !s) return s.error();
  // Each job runs in a SAVEPOINT, whose sub-journal keeps the first image of every page the job
  // touches; in memory that is a copy, on disk it would be a write per page per sale.
  if (auto s = db->exec("PRAGMA temp_store = MEMORY"); !s) return s.error();
  return db;
}

// A fingerprint of the key kept in the books: a key file from another appliance (or a new one
// made by mistake) is refused at open instead of sealing new secrets and audit entries under it.
Status bind_key_to_books(Connection& db, const Key256& master, const fs::path& key_file) {
  const std::string fingerprint = hmac_sha256_hex(derive_key(master, "key-check"), "hotspot-edge");
  auto stored = db.prepare("SELECT value FROM meta WHERE key = 'key_check'");
  if (!stored) return stored.error();
  auto row = stored->step();
  if (!row) return row.error();
  if (*row) {
    if (stored->column_text(0) == fingerprint) return {};
    return make_error(Errc::permission,
                      "key file " + key_file.string() +
                          " does not belong to these books (another appliance's, or replaced); "
                          "restore the key file that was backed up with them");
  }
  auto insert = db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('key_check', ?)");
  if (!insert) return insert.error();
  insert->bind(1, std::string_view(fingerprint));
  return insert->run();
}

// Creates the file with mode 0600 before SQLite opens it (SQLite gives its -wal and -shm files
// the same mode), and fails if it already exists.
Status create_private_file(const fs::path& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return make_error(errno == EEXIST ? Errc::already_exists : Errc::io,
                      "cannot create " + path.string() + ": " + std::strerror(errno));
  }
  ::close(fd);
  return {};
}

// SQLite's online backup, in slices so that a large database does not hold one read snapshot
// for the whole copy while the daemon writes.
Status copy_database(Connection& source, const fs::path& destination) {
  auto target = Connection::open(destination, Connection::Mode::read_write);
  if (!target) return target.error();
  sqlite3_backup* backup = sqlite3_backup_init(target->handle(), "main", source.handle(), "main");
  if (!backup) return target->error("cannot start backup");
  int rc = SQLITE_OK;
  while ((rc = sqlite3_backup_step(backup, 256)) == SQLITE_OK || rc == SQLITE_BUSY ||
         rc == SQLITE_LOCKED) {
    if (rc != SQLITE_OK) sqlite3_sleep(20);
  }
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    return make_error(errc_from_sqlite(rc), std::string("backup failed: ") + sqlite3_errstr(rc));
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<Store>> Store::open(const StoreOptions& options, const Clock& clock,
                                           Logger& log) {
  if (auto s = prepare_data_dir(options); !s) return s.error();
  const fs::path db_path = database_path(options.data_dir);
  std::error_code ec;
  const bool existed = fs::exists(db_path, ec);
  if (existed && fs::file_size(db_path, ec) == 0 && !ec) {
    // SQLite would take it for a new database and fill it; a book that lost its contents (or a
    // first start that died at once) needs a person to decide.
    return make_error(Errc::corrupt, db_path.string() +
                                         " is empty (0 bytes); restore it from a backup, or "
                                         "delete it if this appliance has never been set up");
  }
  if (existed) {
    if (auto s = inspect_existing_database(db_path); !s) return s.error();
  } else if (!options.create_if_missing) {
    return make_error(Errc::not_found, "no database at " + db_path.string() +
                                           "; run 'hotspotctl init' first");
  }
  auto ctx = std::make_unique<StoreContext>(options.data_dir, clock, log);
  ctx->random = make_system_random();
  if (!existed) {
    if (auto s = create_private_file(db_path); !s) return s.error();
    bool created = false;
    if (auto s = create_key_file(key_path(options.data_dir), *ctx->random, created); !s) return s.error();
    if (created) log.info("storage", "STORAGE_KEY_CREATED", "created " + key_path(options.data_dir).string());
  }
  auto key = load_key_file(key_path(options.data_dir));
  if (!key) return key.error();
  ctx->secrets_key = derive_key(*key, "secrets");
  ctx->audit_key = derive_key(*key, "audit-chain");
  ctx->writer_chain = std::make_unique<AuditChain>(ctx->audit_key);

  auto db = open_writer_connection(db_path);
  if (!db) return db.error();
  auto version = migrate(*db);
  if (!version) return version.error();
  if (auto s = bind_key_to_books(*db, *key, key_path(options.data_dir)); !s) return s.error();
  ctx->schema_version = *version;
  log.info("storage", "STORAGE_OPENED",
           db_path.string() + " schema version " + std::to_string(*version));
  ctx->checkpointer = std::make_unique<Checkpointer>(db_path, log);
  ctx->checkpointer->attach(*db);
  StoreContext& shared = *ctx;
  ctx->writer = std::make_unique<Writer>(std::move(*db), log, [&shared](Connection& c) {
    return shared.writer_chain->sign_head(c, shared.writer->epoch());
  });
  ctx->readers = std::make_unique<ReaderPool>(db_path);
  return std::unique_ptr<Store>(new Store(std::move(ctx)));
}

Store::Store(std::unique_ptr<StoreContext> context)
    : ctx_(std::move(context)), repos_(std::make_unique<Repositories>(*ctx_)) {}

Store::~Store() { close(); }

void Store::close() {
  ctx_->writer->stop();
  ctx_->checkpointer->stop();
}

Plans& Store::plans() { return repos_->plans; }
Tickets& Store::tickets() { return repos_->tickets; }
Sales& Store::sales() { return repos_->sales; }
Settings& Store::settings() { return repos_->settings; }
Secrets& Store::secrets() { return repos_->secrets; }
Accounts& Store::accounts() { return repos_->accounts; }
AuditLog& Store::audit() { return repos_->audit; }
Outbox& Store::outbox() { return repos_->outbox; }
Health& Store::health() { return repos_->health; }
Payments& Store::payments() { return repos_->payments; }
Sessions& Store::sessions() { return repos_->sessions; }
UsagePolls& Store::usage_polls() { return repos_->usage_polls; }
StoreContext& Store::context() { return *ctx_; }

std::uint64_t Store::commits() const { return ctx_->writer ? ctx_->writer->commits() : 0; }
const fs::path& Store::data_dir() const { return ctx_->data_dir; }
int Store::schema_version() const { return ctx_->schema_version; }

Result<StoreCounts> Store::counts() {
  auto db = ctx_->readers->acquire();
  if (!db) return db.error();
  auto stmt = (*db)->prepare(
      "SELECT (SELECT count(*) FROM plans), (SELECT count(*) FROM plans WHERE enabled = 1), "
      "(SELECT count(*) FROM voucher_batches), "
      "(SELECT count(*) FROM tickets WHERE state = 'issued'), "
      "(SELECT count(*) FROM tickets WHERE state = 'active'), "
      "(SELECT count(*) FROM tickets WHERE state IN ('expired', 'exhausted', 'revoked')), "
      "(SELECT count(*) FROM sales), (SELECT coalesce(sum(amount_kes), 0) FROM sales), "
      "(SELECT count(*) FROM payments), (SELECT count(*) FROM accounts), "
      "(SELECT count(*) FROM audit_log), (SELECT count(*) FROM outbox), "
      "(SELECT count(*) FROM payments WHERE state = 'paid'), "
      "(SELECT count(*) FROM payments WHERE state IN ('initiated', 'pending')), "
      "(SELECT count(*) FROM payments WHERE state = 'unknown')");
  if (!stmt) return stmt.error();
  auto row = stmt->step();
  if (!row) return row.error();
  StoreCounts c;
  std::int64_t* fields[] = {&c.plans,        &c.enabled_plans,  &c.batches,  &c.tickets_issued,
                            &c.tickets_active, &c.tickets_ended, &c.sales,    &c.revenue_kes,
                            &c.payments,     &c.accounts,       &c.audit_entries, &c.outbox_pending,
                            &c.payments_paid, &c.payments_open, &c.payments_unknown};
  for (int i = 0; i < static_cast<int>(std::size(fields)); ++i) *fields[i] = stmt->column_int(i);
  return c;
}

Status Store::backup_to(const fs::path& destination) {
  auto source = ctx_->readers->acquire();
  if (!source) return source.error();
  if (auto created = create_private_file(destination); !created) {
    if (created.error().code != Errc::already_exists) return created;
    return make_error(Errc::already_exists,
                      destination.string() + " already exists; choose a new file");
  }
  Status copied = copy_database(**source, destination);
  std::error_code ec;
  if (!copied) fs::remove(destination, ec);
  return copied;
}

Status Store::ping() {
  auto db = ctx_->readers->acquire();
  if (!db) return db.error();
  if (auto read = (*db)->query_int("SELECT count(*) FROM sqlite_schema"); !read) return read.error();
  return ctx_->writer->write([](Connection&) { return Status(); });
}

Result<CheckReport> Store::check() {
  auto db = ctx_->readers->acquire();
  if (!db) return db.error();
  CheckReport report;
  auto integrity = (*db)->prepare("PRAGMA integrity_check(20)");
  if (!integrity) return integrity.error();
  for (;;) {
    auto row = integrity->step();
    if (!row) return row.error();
    if (!*row) break;
    if (!report.integrity.empty()) report.integrity += "; ";
    report.integrity += integrity->column_text(0);
  }
  auto fk = (*db)->prepare("PRAGMA foreign_key_check");
  if (!fk) return fk.error();
  for (auto row = fk->step(); row && *row; row = fk->step()) ++report.foreign_key_violations;
  Hmac hmac(ctx_->audit_key);
  auto chain = verify_audit_chain(**db, hmac);
  if (!chain) return chain.error();
  report.audit_entries = chain->entries;
  report.audit_first_bad_id = chain->first_bad_id;
  report.audit_problem = chain->problem;
  // Without its triggers the audit log is no longer append-only, even if nothing was changed yet.
  auto triggers = (*db)->query_int(
      "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'audit_log' "
      "AND name IN ('audit_log_no_update', 'audit_log_no_delete')");
  if (!triggers) return triggers.error();
  if (*triggers != 2 && report.audit_problem.empty()) {
    report.audit_problem = "the audit log's append-only triggers were removed";
  }
  report.ok = report.integrity == "ok" && report.foreign_key_violations == 0 &&
              chain->first_bad_id == 0 && *triggers == 2;
  return report;
}

}  // namespace hotspot::storage
