#include "daemon/entry.h"

#include <signal.h>

#include <ostream>

#include "core/clock.h"
#include "core/version.h"
#include "daemon/app.h"
#include "daemon/command_line.h"
#include "daemon/config_dump.h"
#include "daemon/demo.h"
#include "daemon/logging.h"
#include "daemon/reload.h"
#include "daemon/service_manager.h"

namespace hotspot::daemon {
namespace {

int serve(AppOptions options, std::ostream& out) {
  // A closed stderr or stdout must surface as a failed write, not kill the daemon.
  ::signal(SIGPIPE, SIG_IGN);
  SystemClock clock;
  StderrLogger logger(options.config.log_level, clock, 2, fd_is_journal_stream(2));
  SystemdServiceManager service(logger);
  App app(std::move(options), logger, clock, service, out);
  return app.run();
}

int run_demo(const CommandLine& cl, std::ostream& out, std::ostream& err) {
  AppOptions options;
  if (cl.config_given) {
    auto config = load_config(cl.config_path);
    if (!config) {
      err << config.error().message << "\n";
      return kExitConfig;
    }
    options.config = *config;
    options.config_path = cl.config_path;
  }
  auto dir = DemoDirectory::create();
  if (!dir) {
    err << "hotspotd: " << dir.error().message << "\n";
    return kExitStore;
  }
  options.config.data_dir = dir->path();
  options.data_dir_override = dir->path();
  options.demo = true;
  const int code = serve(std::move(options), out);
  out << "Demo stopped; removed " << dir->path().string() << "\n";
  return code;
}

}  // namespace

int hotspotd_main(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  auto cl = parse_command_line(argc, argv);
  if (!cl) {
    err << "hotspotd: " << cl.error().message << "\nTry 'hotspotd --help'.\n";
    return kExitUsage;
  }
  if (cl->help) {
    out << help_text();
    return kExitOk;
  }
  if (cl->version) {
    out << "hotspotd " << kVersion << "\n";
    return kExitOk;
  }
  if (cl->demo) return run_demo(*cl, out, err);

  auto config = load_effective_config(cl->config_path, cl->data_dir);
  if (!config) {
    err << config.error().message << "\n";
    return kExitConfig;
  }
  if (cl->check_config) {
    out << "config OK: " << cl->config_path.string() << "\n";
    return kExitOk;
  }
  if (cl->print_config) {
    out << dump_config(*config);
    return kExitOk;
  }
  AppOptions options;
  options.config = *config;
  options.config_path = cl->config_path;
  options.data_dir_override = cl->data_dir;
  return serve(std::move(options), out);
}

}  // namespace hotspot::daemon
