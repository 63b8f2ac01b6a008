#pragma once
// Completion handlers run inside io_context::run, which must never see an exception (the
// daemon's one error policy): whatever a handler throws is logged here and goes no further.

#include <exception>
#include <string>
#include <string_view>

#include "core/log.h"

namespace hotspot::routeros {

template <class F>
void run_guarded(Logger& logger, std::string_view what, F&& f) noexcept {
  try {
    f();
  } catch (const std::exception& e) {
    try {
      logger.error("routeros", "ROUTEROS_HANDLER_THREW",
                   std::string(what) + " threw an exception: " + e.what());
    } catch (...) {  // logging itself failed (out of memory): nothing better to do
    }
  } catch (...) {
    try {
      logger.error("routeros", "ROUTEROS_HANDLER_THREW", std::string(what) + " threw.");
    } catch (...) {
    }
  }
}

}  // namespace hotspot::routeros
