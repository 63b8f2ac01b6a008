#pragma once
// print's query words (routeros.md §1.7), evaluated per item on a boolean stack that starts
// out holding infinitely many `true`; the item passes when no `false` is left.

#include <string>
#include <vector>

#include "core/result.h"
#include "routeros/protocol.h"

namespace hotspot::routeros::sim {

// `attributes` are the item's printed words (.id included). An error (invalid_argument) for a
// malformed word: "?" alone, "?#" with an unknown operation.
Result<bool> evaluate_query(const std::vector<std::string>& queries,
                            const std::vector<Attribute>& attributes);

}  // namespace hotspot::routeros::sim
