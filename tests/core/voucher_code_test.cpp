#include "core/voucher_code.h"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/testutils/seeded_random.h"
#include "tests/core/chi_square.h"

namespace hotspot {
namespace {

constexpr std::size_t kRadix = 31;

bool is_valid(std::string_view code, VoucherCodeProblem* problem = nullptr) {
  std::string canonical;
  VoucherCodeError why{VoucherCodeProblem::empty, {}};
  bool ok = check_voucher_code(code, canonical, why);
  if (problem) *problem = why.problem;
  return ok;
}

// Appends the one check symbol that makes `payload` a valid code, found through the public API
// only, and fails the test unless exactly one of the 31 symbols is accepted.
std::string complete(const std::string& payload) {
  std::string found;
  int valid = 0;
  for (char c : kVoucherAlphabet) {
    if (is_valid(payload + c)) {
      found = payload + c;
      ++valid;
    }
  }
  EXPECT_EQ(valid, 1) << payload;
  return found;
}

// Counts the single-symbol substitutions and neighbour swaps of `code` that are NOT reported as
// a typo; `example` keeps the first one for the failure message.
int missed_typos(const std::string& code, std::string& example) {
  int missed = 0;
  auto expect_typo = [&](const std::string& typo) {
    VoucherCodeProblem problem = VoucherCodeProblem::empty;
    if (is_valid(typo, &problem) || problem != VoucherCodeProblem::bad_check) {
      if (missed++ == 0) example = code + " -> " + typo;
    }
  };
  for (std::size_t i = 0; i < code.size(); ++i) {
    for (char c : kVoucherAlphabet) {
      if (c == code[i]) continue;
      std::string typo = code;
      typo[i] = c;
      expect_typo(typo);
    }
  }
  for (std::size_t i = 0; i + 1 < code.size(); ++i) {
    if (code[i] == code[i + 1]) continue;
    std::string typo = code;
    std::swap(typo[i], typo[i + 1]);
    expect_typo(typo);
  }
  return missed;
}

TEST(VoucherAlphabet, ThirtyOneSymbolsWithoutLookAlikes) {
  EXPECT_EQ(kVoucherAlphabet.size(), kRadix);
  std::set<char> distinct(kVoucherAlphabet.begin(), kVoucherAlphabet.end());
  EXPECT_EQ(distinct.size(), kRadix);
  for (char c : std::string_view("0O1IL"))
    EXPECT_EQ(kVoucherAlphabet.find(c), std::string_view::npos) << c;
  for (char c : kVoucherAlphabet)
    EXPECT_TRUE((c >= '2' && c <= '9') || (c >= 'A' && c <= 'Z')) << c;
}

// Known answers pin the check algorithm: codes already printed on paper must stay valid.
TEST(VoucherCheck, KnownAnswers) {
  EXPECT_TRUE(is_valid("ABCDEFGQ"));
  EXPECT_TRUE(is_valid("22222222"));
  EXPECT_TRUE(is_valid("222222"));
  EXPECT_TRUE(is_valid("XYZ23456789H"));
  EXPECT_TRUE(is_valid("ABCDEFGHJKMNPQRP"));
  EXPECT_FALSE(is_valid("ABCDEFGR"));
  EXPECT_FALSE(is_valid("22222223"));
}

TEST(VoucherCheck, CatchesEverySubstitutionExhaustively) {
  // Shifted runs of the alphabet put every symbol at every position, check position included,
  // for every length: all (length, position, old symbol, new symbol) cases are tried.
  for (std::size_t length = kMinVoucherLength; length <= kMaxVoucherLength; ++length) {
    for (std::size_t shift = 0; shift < kRadix; ++shift) {
      std::string payload;
      for (std::size_t i = 0; i + 1 < length; ++i)
        payload += kVoucherAlphabet[(i + shift) % kRadix];
      std::string code = complete(payload);
      std::string example;
      EXPECT_EQ(missed_typos(code, example), 0) << example;
    }
  }
}

// True when swapping the symbols at `pos` and `pos + 1` is reported as a typo.
bool swap_caught(std::string code, std::size_t pos) {
  std::swap(code[pos], code[pos + 1]);
  VoucherCodeProblem problem = VoucherCodeProblem::empty;
  return !is_valid(code, &problem) && problem == VoucherCodeProblem::bad_check;
}

TEST(VoucherCheck, CatchesEveryNeighbourSwapExhaustively) {
  // Every ordered pair of distinct symbols at every pair of neighbouring positions.
  for (std::size_t length : {kMinVoucherLength, kDefaultVoucherLength, kMaxVoucherLength}) {
    int missed = 0;
    std::string example;
    auto check = [&](const std::string& code, std::size_t pos) {
      if (code[pos] != code[pos + 1] && !swap_caught(code, pos) && missed++ == 0) {
        example = code + " at " + std::to_string(pos);
      }
    };
    for (std::size_t pos = 0; pos + 2 < length; ++pos) {  // both symbols in the payload
      for (char a : kVoucherAlphabet) {
        for (char b : kVoucherAlphabet) {
          std::string payload(length - 1, '2');
          payload[pos] = a;
          payload[pos + 1] = b;
          check(complete(payload), pos);
        }
      }
    }
    // The last payload symbol and the check symbol: varying the first symbol walks the check
    // symbol through all 31 values.
    std::set<std::pair<char, char>> pairs;
    for (char a : kVoucherAlphabet) {
      for (char first : kVoucherAlphabet) {
        std::string payload(length - 1, '2');
        payload.back() = a;
        payload.front() = first;
        std::string code = complete(payload);
        pairs.insert({code[length - 2], code[length - 1]});
        check(code, length - 2);
      }
    }
    EXPECT_EQ(pairs.size(), kRadix * kRadix) << "not every pair was tried";
    EXPECT_EQ(missed, 0) << "length " << length << ": " << example;
  }
}

TEST(VoucherCheck, CatchesEveryTypoInManyRandomCodes) {
  testing::SeededRandom seeded(2026);
  auto system = make_system_random();
  int missed = 0;
  std::string example;
  for (int i = 0; i < 600; ++i) {
    std::size_t length =
        kMinVoucherLength + seeded.uniform(kMaxVoucherLength - kMinVoucherLength + 1);
    RandomSource& source = i % 2 == 0 ? static_cast<RandomSource&>(seeded) : *system;
    std::string code = generate_voucher_code(source, length);
    ASSERT_TRUE(is_valid(code)) << code;
    missed += missed_typos(code, example);
  }
  EXPECT_EQ(missed, 0) << example;
}

TEST(GenerateVoucherCode, EveryLengthFromTheAlphabetAndValid) {
  auto random = make_system_random();
  EXPECT_EQ(generate_voucher_code(*random).size(), kDefaultVoucherLength);
  for (std::size_t length = kMinVoucherLength; length <= kMaxVoucherLength; ++length) {
    for (int i = 0; i < 50; ++i) {
      std::string code = generate_voucher_code(*random, length);
      ASSERT_EQ(code.size(), length);
      for (char c : code) ASSERT_NE(kVoucherAlphabet.find(c), std::string_view::npos) << code;
      auto normalized = normalize_voucher_code(code, length);
      ASSERT_TRUE(normalized.ok()) << code;
      EXPECT_EQ(*normalized, code);
    }
  }
}

TEST(GenerateVoucherCode, RefusesLengthsOutsideTheRange) {
  auto random = make_system_random();
  EXPECT_THROW(generate_voucher_code(*random, kMinVoucherLength - 1), std::invalid_argument);
  EXPECT_THROW(generate_voucher_code(*random, kMaxVoucherLength + 1), std::invalid_argument);
  EXPECT_THROW(generate_voucher_code(*random, 0), std::invalid_argument);
}

TEST(GenerateVoucherCode, DeterministicForASeededSource) {
  testing::SeededRandom a(9), b(9), c(10);
  std::string first = generate_voucher_code(a);
  EXPECT_EQ(first, generate_voucher_code(b));
  EXPECT_NE(first, generate_voucher_code(c));
}

TEST(GenerateVoucherCode, SymbolsLookUniformAtEveryPosition) {
  auto random = make_system_random();
  constexpr int kCodes = 20'000;
  const std::size_t payload = kDefaultVoucherLength - 1;
  std::vector<std::vector<std::uint64_t>> per_position(payload, std::vector<std::uint64_t>(kRadix));
  std::vector<std::uint64_t> overall(kRadix, 0);
  std::set<std::string> seen;
  for (int i = 0; i < kCodes; ++i) {
    std::string code = generate_voucher_code(*random);
    seen.insert(code);
    for (std::size_t p = 0; p < payload; ++p) {
      std::size_t v = kVoucherAlphabet.find(code[p]);
      ++per_position[p][v];
      ++overall[v];
    }
  }
  // 31^7 payloads: a repeat among 20,000 has probability about 7e-3; many would mean a bad RNG.
  EXPECT_GE(seen.size(), static_cast<std::size_t>(kCodes - 3));
  EXPECT_LT(testing::chi_square_uniform(overall), testing::loose_chi_square_bound(kRadix));
  for (std::size_t p = 0; p < payload; ++p) {
    EXPECT_LT(testing::chi_square_uniform(per_position[p]), testing::loose_chi_square_bound(kRadix))
        << "position " << p;
  }
}

// A source whose words all fall below 40 makes residues 4..8 twice as likely; the same
// distribution check must notice, or it proves nothing above.
class NarrowRandom final : public RandomSource {
 public:
  void fill(std::span<std::uint8_t> out) override {
    inner_.fill(out);
    out[0] = static_cast<std::uint8_t>(out[0] % 40);
    for (std::size_t i = 1; i < out.size(); ++i) out[i] = 0;
  }

 private:
  testing::SeededRandom inner_{4};
};

TEST(GenerateVoucherCode, DistributionCheckCatchesASkewedSource) {
  NarrowRandom skewed;
  std::vector<std::uint64_t> counts(kRadix, 0);
  for (int i = 0; i < 3'000; ++i) {
    std::string code = generate_voucher_code(skewed);
    for (std::size_t p = 0; p + 1 < code.size(); ++p) ++counts[kVoucherAlphabet.find(code[p])];
  }
  EXPECT_GT(testing::chi_square_uniform(counts), testing::loose_chi_square_bound(kRadix));
}

TEST(NormalizeVoucherCode, FoldsCaseSpacesAndDashes) {
  const char* forms[] = {"ABCDEFGQ",    "abcdefgq",        "abcd-efgq",  "ABCD EFGQ",
                         " abcd efgq ", "A-B-C-D-E-F-G-Q", "AbCd--EfGq", "abcd\tefgq"};
  for (const char* form : forms) {
    auto r = normalize_voucher_code(form);
    ASSERT_TRUE(r.ok()) << form << ": " << r.error().message;
    EXPECT_EQ(*r, "ABCDEFGQ") << form;
    auto with_length = normalize_voucher_code(form, 8);
    ASSERT_TRUE(with_length.ok()) << form;
  }
}

struct BadCode {
  std::string input;
  std::size_t expected_length;
  VoucherCodeProblem problem;
  std::string message;
};

TEST(CheckVoucherCode, ExplainsEachProblemToTheCustomer) {
  const std::string kAlphabetHint =
      ": codes use the digits 2-9 and the letters A-Z except I, L and O.";
  const BadCode cases[] = {
      {"", 0, VoucherCodeProblem::empty, "Please type your voucher code."},
      {" - - ", 0, VoucherCodeProblem::empty, "Please type your voucher code."},
      {"ABCD-EFG0", 0, VoucherCodeProblem::bad_character,
       "A voucher code cannot contain '0'" + kAlphabetHint},
      {"ABCDOFGQ", 0, VoucherCodeProblem::bad_character,
       "A voucher code cannot contain 'O'" + kAlphabetHint},
      {"abcd1fgq", 0, VoucherCodeProblem::bad_character,
       "A voucher code cannot contain '1'" + kAlphabetHint},
      {"ABCDiFGQ", 0, VoucherCodeProblem::bad_character,
       "A voucher code cannot contain 'i'" + kAlphabetHint},
      {"ABCDlFGQ", 0, VoucherCodeProblem::bad_character,
       "A voucher code cannot contain 'l'" + kAlphabetHint},
      {"ABCD_EFGQ", 0, VoucherCodeProblem::bad_character,
       "A voucher code cannot contain '_'" + kAlphabetHint},
      {"ABCD\xc3\xa9"
       "FGQ",
       0, VoucherCodeProblem::bad_character,
       "A voucher code cannot contain '\xc3\xa9'" + kAlphabetHint},
      {"ABCD\xff"
       "EFGQ",
       0, VoucherCodeProblem::bad_character,
       "A voucher code cannot contain an unexpected symbol" + kAlphabetHint},
      {"ABCDEFG\xc3", 0, VoucherCodeProblem::bad_character,
       "A voucher code cannot contain an unexpected symbol" + kAlphabetHint},
      {"ABCD\nEFGQ", 0, VoucherCodeProblem::bad_character,
       "A voucher code cannot contain an unexpected symbol" + kAlphabetHint},
      {std::string("ABCD\0EFGQ", 9), 0, VoucherCodeProblem::bad_character,
       "A voucher code cannot contain an unexpected symbol" + kAlphabetHint},
      {"ABCDE", 0, VoucherCodeProblem::wrong_length,
       "A voucher code has 6 to 16 characters; you typed 5."},
      {std::string(17, 'A'), 0, VoucherCodeProblem::wrong_length,
       "A voucher code has 6 to 16 characters; you typed 17."},
      {"ABCDEFGHJK", 8, VoucherCodeProblem::wrong_length,
       "A voucher code has 8 characters; you typed 10."},
      {std::string(1'000'000, 'A'), 0, VoucherCodeProblem::wrong_length,
       "A voucher code has 6 to 16 characters; you typed 1000000."},
      {"ABCDEFGR", 0, VoucherCodeProblem::bad_check,
       "That code has a typo: please check each character."},
      {"ABCDEGFQ", 0, VoucherCodeProblem::bad_check,
       "That code has a typo: please check each character."},
  };
  for (const auto& c : cases) {
    std::string canonical = "untouched";
    VoucherCodeError why{VoucherCodeProblem::empty, {}};
    ASSERT_FALSE(check_voucher_code(c.input, canonical, why, c.expected_length)) << c.message;
    EXPECT_EQ(why.problem, c.problem) << c.message;
    EXPECT_EQ(why.message, c.message);
    EXPECT_EQ(canonical, "untouched");
    auto r = normalize_voucher_code(c.input, c.expected_length);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::invalid_argument);
    EXPECT_EQ(r.error().message, c.message);
  }
}

TEST(CheckVoucherCode, EveryByteValueIsHandledSafely) {
  // Each byte at the front of a valid code: only alphabet symbols (either case), spaces, tabs
  // and dashes may pass; nothing may crash or read past the input.
  for (int b = 0; b < 256; ++b) {
    std::string input(1, static_cast<char>(b));
    input += "ABCDEFGQ";
    std::string canonical;
    VoucherCodeError why{VoucherCodeProblem::empty, {}};
    check_voucher_code(input, canonical, why);
    char c = static_cast<char>(b);
    bool symbol = kVoucherAlphabet.find(c) != std::string_view::npos ||
                  (c >= 'a' && c <= 'z' &&
                   kVoucherAlphabet.find(static_cast<char>(c - 32)) != std::string_view::npos);
    if (!symbol && c != ' ' && c != '-' && c != '\t') {
      EXPECT_EQ(why.problem, VoucherCodeProblem::bad_character) << b;
    }
  }
}

TEST(FormatVoucherCode, GroupsOfFour) {
  EXPECT_EQ(format_voucher_code("ABCDEFGQ"), "ABCD-EFGQ");
  EXPECT_EQ(format_voucher_code("ABCDEFGHJK"), "ABCD-EFGH-JK");
  EXPECT_EQ(format_voucher_code("ABCDEFGHJKMN"), "ABCD-EFGH-JKMN");
  EXPECT_EQ(format_voucher_code("ABCDEF"), "ABCD-EF");
  EXPECT_EQ(format_voucher_code(""), "");
}

TEST(FormatVoucherCode, PrintedFormReadsBack) {
  testing::SeededRandom random(11);
  for (std::size_t length = kMinVoucherLength; length <= kMaxVoucherLength; ++length) {
    std::string code = generate_voucher_code(random, length);
    auto r = normalize_voucher_code(format_voucher_code(code));
    ASSERT_TRUE(r.ok()) << code;
    EXPECT_EQ(*r, code);
  }
}

}  // namespace
}  // namespace hotspot
