#pragma once
// `hotspotd --demo` buys with M-PESA against the Daraja simulator: the simulator runs on the
// daemon's loop over HTTPS with a CA made on the spot, the callback receiver presents a
// certificate from the same CA, and the demo's books hold M-PESA settings that point at both.
// The simulated customer answers two seconds after the push; the phone number's last two
// digits choose how (payments/sim/README.md).

#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <memory>
#include <string>

#include "core/clock.h"
#include "core/log.h"
#include "core/result.h"
#include "payments/http/tls_engine.h"
#include "payments/sim/sim_server.h"
#include "storage/store.h"

namespace hotspot::daemon {

struct DemoDaraja {
  std::unique_ptr<payments::sim::SimServer> sim;
  std::shared_ptr<payments::http::TlsIdentity> callback_identity;
  std::filesystem::path ca_file;  // the local CA, in the demo's data directory
  std::string consumer_key;
  std::string consumer_secret;
};

// Starts the simulator on a free loopback port.
Result<DemoDaraja> start_demo_daraja(boost::asio::io_context& io, const Clock& clock, Logger& log,
                                     const std::filesystem::path& data_dir);
// Writes the M-PESA settings for the simulator, with callbacks to `callback_port` (0: none).
Status save_demo_mpesa_settings(storage::Store& store, const DemoDaraja& daraja,
                                std::uint16_t callback_port);
// One line for the demo's description.
std::string describe_demo_daraja(const DemoDaraja& daraja);

}  // namespace hotspot::daemon
