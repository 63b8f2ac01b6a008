#pragma once
// A blocking TCP connection with a deadline, for libssh2 (which wants a plain socket).

#include <chrono>
#include <cstdint>
#include <string>

#include "core/result.h"

namespace hotspot::routeros {

// Resolves `host` and connects to the first address that answers before `timeout`.
// Returns the connected socket (the caller closes it). Errors name the host and the cause.
Result<int> tcp_connect(const std::string& host, std::uint16_t port,
                        std::chrono::milliseconds timeout);

}  // namespace hotspot::routeros
