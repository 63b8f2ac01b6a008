// Voucher codes made up for the tests, by the rules of core/voucher_code.h: 31 symbols, and a
// last check symbol that makes the sum of the symbols weighted 2, 3, 4... and 1 divisible by 31.
const kAlphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

function checkSymbol(payload) {
  let sum = 0;
  [...payload].forEach((c, i) => { sum = (sum + (i + 2) * kAlphabet.indexOf(c)) % 31; });
  return kAlphabet[(31 - sum) % 31];
}

// A well-formed code (its check symbol agrees) that none of `known` is: "we do not know it".
export function unknownCode(known) {
  const taken = new Set(known.map((code) => code.replace(/-/g, '').toUpperCase()));
  for (const payload of ['ZZZZ222', 'YYYY333', 'XXXX444']) {
    const code = payload + checkSymbol(payload);
    if (!taken.has(code)) return `${code.slice(0, 4)}-${code.slice(4)}`;
  }
  throw new Error('every made-up code is one of the known vouchers');
}

// `code` with its second symbol swapped for the next one in the alphabet: a typo the check
// symbol always catches.
export function mistype(code) {
  const i = 1;
  const next = kAlphabet[(kAlphabet.indexOf(code[i].toUpperCase()) + 1) % kAlphabet.length];
  return code.slice(0, i) + next + code.slice(i + 1);
}
