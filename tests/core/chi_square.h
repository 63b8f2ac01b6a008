#pragma once
// A goodness-of-fit check loose enough never to flake and tight enough to catch real bias.

#include <cmath>
#include <cstdint>
#include <vector>

namespace hotspot::testing {

// Pearson's statistic of `counts` against a uniform distribution over the bins.
inline double chi_square_uniform(const std::vector<std::uint64_t>& counts) {
  double total = 0;
  for (auto c : counts) total += static_cast<double>(c);
  double expected = total / static_cast<double>(counts.size());
  double chi2 = 0;
  for (auto c : counts) {
    double d = static_cast<double>(c) - expected;
    chi2 += d * d / expected;
  }
  return chi2;
}

// Mean plus ten standard deviations of the chi-square distribution: a uniform source lands
// above it with probability around 1e-10 for 30 degrees of freedom (smaller for more), while a
// modulo-biased generator over a few thousand samples per bin lands far above it.
inline double loose_chi_square_bound(std::size_t bins) {
  double df = static_cast<double>(bins - 1);
  return df + 10.0 * std::sqrt(2.0 * df);
}

}  // namespace hotspot::testing
