#include <exception>
#include <iostream>

#include "daemon/app.h"
#include "daemon/entry.h"

int main(int argc, char** argv) {
  try {
    return hotspot::daemon::hotspotd_main(argc, argv, std::cout, std::cerr);
  } catch (const std::exception& e) {  // set-up failures only; the event loop catches its own
    std::cerr << "hotspotd: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "hotspotd: internal error\n";
  }
  return hotspot::daemon::kExitInternal;
}
