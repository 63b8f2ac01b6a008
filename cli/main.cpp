// hotspotctl: the technician's CLI. It works on the same books as a running hotspotd (SQLite
// allows both) and when the daemon is stopped.

#include <iostream>

#include "cli/dispatch.h"

int main(int argc, char** argv) {
  return hotspot::cli::dispatch(argc, argv, std::cout, std::cerr);
}
