#pragma once

#include <iosfwd>

namespace hotspot::cli {

// Finds the command named by the leading words of argv, parses its options and runs it.
// Prints one clear line on error and returns the exit code.
int dispatch(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace hotspot::cli
