#pragma once
// hotspotd's composition root and lifecycle: one io_context that owns the daemon's state, the
// books, the signals (SIGTERM/SIGINT stop, SIGHUP reloads) and the systemd watchdog.
//
//   start:  open the books -> (demo: seed and describe) -> READY=1 -> run the loop
//   SIGHUP: RELOADING=1 -> load and validate the file -> swap or keep -> READY=1
//   stop:   STOPPING=1 -> cancel timers and signals -> loop drains -> close the books (flush)
//
// No exception leaves a completion handler: each is guarded, and one that throws stops the
// daemon with kExitInternal after logging why.

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>

#include "core/clock.h"
#include "core/result.h"
#include "daemon/config.h"
#include "daemon/logging.h"
#include "daemon/service_manager.h"

namespace hotspot::storage {
class Store;
}

namespace hotspot::daemon {

enum ExitCode : int {
  kExitOk = 0,
  kExitConfig = 1,    // the configuration is invalid or unreadable
  kExitUsage = 2,     // the command line is wrong
  kExitStore = 3,     // the books could not be opened
  kExitInternal = 4,  // a bug or an OS failure while running
};

struct AppOptions {
  Config config;
  std::optional<std::filesystem::path> config_path;  // re-read on SIGHUP; none: nothing to reload
  std::optional<std::filesystem::path> data_dir_override;  // --data-dir, kept across reloads
  bool demo = false;                                       // seed plans and describe on `out`
  // What "healthy" means for the watchdog; by default the books answer a small read.
  std::function<Status(storage::Store&)> health_probe;
};

class App {
 public:
  // Signal handlers are installed here, so a SIGTERM during start-up stops the daemon cleanly
  // once the loop runs instead of killing it.
  App(AppOptions options, LevelledLogger& log, const Clock& clock, ServiceManager& service,
      std::ostream& out);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Starts, serves until stopped, shuts down; returns the process exit code.
  int run();

  // Thread-safe; the same as receiving SIGTERM / SIGHUP.
  void request_stop();
  void request_reload();

  // The config in force. Only for the loop's thread, or after run() has returned.
  const Config& config() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The default health probe: one read-only query of the plans.
Status probe_store(storage::Store& store);

}  // namespace hotspot::daemon
