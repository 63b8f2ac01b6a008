#include "routeros/sim/query.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/duration.h"

namespace hotspot::routeros::sim {
namespace {

// The stack's bottom is an endless run of `true`, so reading or popping past the stored
// values yields `true`.
class BoolStack {
 public:
  void push(bool v) { values_.push_back(v); }
  bool pop() {
    if (values_.empty()) return true;
    bool v = values_.back();
    values_.pop_back();
    return v;
  }
  bool at(std::size_t index) const {  // 0 is the top
    return index < values_.size() ? values_[values_.size() - 1 - index] : true;
  }
  void replace_all(bool v) { values_.assign(1, v); }
  bool passes() const { return std::find(values_.begin(), values_.end(), false) == values_.end(); }

 private:
  std::vector<bool> values_;
};

const std::string* lookup(const std::vector<Attribute>& attributes, std::string_view name) {
  for (const Attribute& a : attributes) {
    if (a.name == name) return &a.value;
  }
  return nullptr;
}

std::optional<std::uint64_t> as_number(std::string_view text) {
  std::uint64_t v = 0;
  auto [at, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || at != text.data() + text.size()) return std::nullopt;
  return v;
}

// Numbers compare as numbers and durations as durations ("59m" < "1h"); everything else as
// bytes, which is what a router does for strings.
int compare_values(std::string_view a, std::string_view b) {
  auto na = as_number(a), nb = as_number(b);
  if (na && nb) return *na < *nb ? -1 : (*na > *nb ? 1 : 0);
  auto da = parse_duration(a), db = parse_duration(b);
  if (da && db) return *da < *db ? -1 : (*da > *db ? 1 : 0);
  return a.compare(b) < 0 ? -1 : (a.compare(b) > 0 ? 1 : 0);
}

Status apply_stack_ops(std::string_view ops, BoolStack& stack) {
  std::size_t i = 0;
  bool after_index = false;
  while (i < ops.size()) {
    char c = ops[i];
    if (c >= '0' && c <= '9') {
      std::size_t index = 0;
      while (i < ops.size() && ops[i] >= '0' && ops[i] <= '9') index = index * 10 + (ops[i++] - '0');
      bool value = stack.at(index);
      if (i == ops.size()) stack.replace_all(value);
      else stack.push(value);
      after_index = true;
      continue;
    }
    if (c == '!') stack.push(!stack.pop());
    else if (c == '&') { bool a = stack.pop(), b = stack.pop(); stack.push(a && b); }
    else if (c == '|') { bool a = stack.pop(), b = stack.pop(); stack.push(a || b); }
    else if (c == '.') { if (!after_index) stack.push(stack.at(0)); }
    else return make_error(Errc::invalid_argument, "unknown query operation in ?#" + std::string(ops));
    after_index = false;
    ++i;
  }
  return {};
}

Result<bool> evaluate_word(std::string_view word, const std::vector<Attribute>& attributes) {
  char op = word.empty() ? '\0' : word[0];
  if (op == '-') return lookup(attributes, word.substr(1)) == nullptr;
  if (op == '=' || op == '<' || op == '>') word.remove_prefix(1);
  auto eq = word.find('=');
  std::string_view name = word.substr(0, eq);
  if (name.empty()) return make_error(Errc::invalid_argument, "query word without a property name");
  const std::string* value = lookup(attributes, name);
  if (eq == std::string_view::npos) {
    if (op == '<' || op == '>') return make_error(Errc::invalid_argument, "comparison without a value");
    return value != nullptr;
  }
  std::string_view wanted = word.substr(eq + 1);
  std::string_view have = value ? std::string_view(*value) : std::string_view();
  if (op == '<') return value != nullptr && compare_values(have, wanted) < 0;
  if (op == '>') return value != nullptr && compare_values(have, wanted) > 0;
  return have == wanted;  // an absent property equals the empty value
}

}  // namespace

Result<bool> evaluate_query(const std::vector<std::string>& queries,
                            const std::vector<Attribute>& attributes) {
  BoolStack stack;
  for (const std::string& q : queries) {
    std::string_view word(q);
    if (word.size() < 2 || word[0] != '?') {
      return make_error(Errc::invalid_argument, "malformed query word: " + q);
    }
    word.remove_prefix(1);
    if (word[0] == '#') {
      if (Status s = apply_stack_ops(word.substr(1), stack); !s) return s.error();
      continue;
    }
    auto result = evaluate_word(word, attributes);
    if (!result) return result.error();
    stack.push(*result);
  }
  return stack.passes();
}

}  // namespace hotspot::routeros::sim
