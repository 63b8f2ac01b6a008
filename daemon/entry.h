#pragma once
// hotspotd's main(), kept in the library so that the command-line paths (--help, --version,
// --check-config, --print-config, usage errors) are tested in-process.

#include <iosfwd>

namespace hotspot::daemon {

// Returns the process exit code (see ExitCode in daemon/app.h). `out` carries what was asked
// for (help, version, config dumps, the demo summary); `err` the reasons for failing. While the
// daemon runs, events go to the log sink on file descriptor 2.
int hotspotd_main(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace hotspot::daemon
