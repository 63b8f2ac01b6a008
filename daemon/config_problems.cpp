#include "daemon/config_problems.h"

#include <algorithm>
#include <cctype>
#include <tuple>
#include <vector>

namespace hotspot::daemon {
namespace {

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
// neighbours, which covers the usual typing slips ("portl", "prot", "dashbaord").
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::string with_position(std::string_view source, TextPosition at, std::string_view path,
                          std::string_view message) {
  return std::string(source) + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) +
         ": " + std::string(path) + ": " + std::string(message);
}

}  // namespace

void ConfigProblems::at_value(std::string_view path, std::string_view message) {
  auto it = locations_.members.find(path);
  if (it == locations_.members.end()) {
    add({}, source_ + ": " + std::string(path) + ": " + std::string(message));
  } else {
    add(it->second.value, with_position(source_, it->second.value, path, message));
  }
}

void ConfigProblems::at_key(std::string_view path, std::string_view message) {
  auto it = locations_.members.find(path);
  if (it == locations_.members.end()) {
    add({}, source_ + ": " + std::string(message));
  } else {
    const TextPosition at = it->second.key;
    add(at, source_ + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": " +
                std::string(message));
  }
}

void ConfigProblems::whole(std::string_view message) {
  add({}, source_ + ": " + std::string(message));
}

void ConfigProblems::add(TextPosition at, std::string line) {
  if (problems_.size() < kMaxReported) {
    problems_.push_back({at, std::move(line)});
  } else {
    ++dropped_;
  }
}

Error ConfigProblems::error() const {
  std::vector<Problem> sorted = problems_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Problem& a, const Problem& b) {
    return std::tie(a.at.line, a.at.column) < std::tie(b.at.line, b.at.column);
  });
  std::string message;
  for (const Problem& p : sorted) {
    if (!message.empty()) message += '\n';
    message += p.line;
  }
  if (dropped_ > 0) message += "\n(and " + std::to_string(dropped_) + " more problems)";
  return make_error(Errc::invalid_argument, std::move(message));
}

std::string shown_value(const nlohmann::json& value) {
  constexpr std::size_t kMaxShown = 40;
  std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text.size() > kMaxShown) text = text.substr(0, kMaxShown) + "...";
  return text;
}

std::string closest_name(std::string_view name, std::span<const std::string_view> known) {
  const std::string wanted = lowercase(name);
  std::string best;
  std::size_t best_distance = 3;  // suggest only within two edits
  for (std::string_view candidate : known) {
    const std::size_t d = edit_distance(wanted, lowercase(candidate));
    if (d < best_distance && d * 2 < std::max<std::size_t>(wanted.size(), 2)) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

void report_unknown_keys(const nlohmann::json& object, std::string_view path,
                         std::span<const std::string_view> known, ConfigProblems& problems) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    const std::string member = path.empty() ? key : std::string(path) + "." + key;
    std::string message = "unknown key '" + member + "'";
    const std::string suggestion = closest_name(key, known);
    if (!suggestion.empty()) {
      const std::string meant = path.empty() ? suggestion : std::string(path) + "." + suggestion;
      message += " (did you mean '" + meant + "'?)";
    }
    problems.at_key(member, message);
  }
}

}  // namespace hotspot::daemon
