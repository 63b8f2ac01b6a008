#pragma once

#include <iosfwd>

namespace hotspot::cli {

// Finds the command named by the leading words of argv, parses its options and runs it.
// Prints one clear line on error and returns the exit code.
// `in` is where secrets typed by the technician come from (--password-stdin).
int dispatch(int argc, char** argv, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace hotspot::cli
