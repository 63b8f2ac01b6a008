// hotspotctl: the technician's CLI. It works on the same books as a running hotspotd (SQLite
// allows both) and when the daemon is stopped.

#include <sys/stat.h>

#include <iostream>

#include "cli/dispatch.h"

int main(int argc, char** argv) {
  // Files hotspotctl creates (the books, backups, voucher sheets) are for the service user
  // alone, as under hotspotd's UMask=0077.
  ::umask(077);
  return hotspot::cli::dispatch(argc, argv, std::cin, std::cout, std::cerr);
}
