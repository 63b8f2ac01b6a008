#pragma once
// The provisioning script: a RouterOS .rsc that turns a factory-fresh router into a hotspot
// whose login page sends customers to the appliance. Pure: it returns text, and the caller
// prints it (--dry-run) or uploads it and runs /import.
//
// Every line can run twice: adds are guarded by a find, and every object is then set to the
// wanted values by its name or by its owner comment, so a second import changes nothing and an
// import after a WinBox edit puts the object back. The script holds the API user's password:
// treat it as a secret, and delete it from the router after the import.

#include <string>

#include "core/result.h"
#include "routeros/provision/request.h"

namespace hotspot::routeros {

enum class Secrets {
  include,  // the script to import
  redact,   // for showing on screen: the password is replaced by ******** (do not import)
};

// Validates the request (errors name the field; an unsupported RouterOS version is
// Errc::unsupported) and returns the whole script, one command per line, ending in a newline.
Result<std::string> generate_provisioning_script(const ProvisioningRequest& request,
                                                 Secrets secrets = Secrets::include);

}  // namespace hotspot::routeros
