#include "routeros/provision/api_certificate.h"

#include <gtest/gtest.h>

namespace hotspot::routeros {
namespace {

const std::string kHex = "2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a";

std::string with_colons(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) out += (i ? ":" : "") + hex.substr(i, 2);
  return out;
}

TEST(CertificatePrint, FindsTheFingerprintInItsLikelyForms) {
  const std::string upper = "2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E7F8091A";
  for (const std::string& output : {
           " 0 K  T name=\"hotspot-edge-api\" common-name=\"10.5.50.1\" fingerprint=\"" + kHex + "\" akid=\"\"\n",
           "Flags: K - PRIVATE-KEY\n 0 K T name=hotspot-edge-api\n      fingerprint=" + kHex + "\n",
           "  fingerprint=" + with_colons(upper) + " invalid-after=2036-01-01\n",
           "    fingerprint: " + kHex + "\r\n",
       }) {
    EXPECT_EQ(fingerprint_from_certificate_print(output), kHex) << output;
  }
}

TEST(CertificatePrint, AnythingElseIsNotFound) {
  for (const std::string& output : {
           std::string(),
           std::string(" 0    name=\"hotspot-edge-api\" common-name=\"10.5.50.1\" fingerprint=\"\"\n"),
           "fingerprint=" + kHex.substr(0, 62) + "\n",          // too short
           "fingerprint=" + kHex + "ab\n",                       // too long
           "fingerprint=" + kHex.substr(0, 63) + "g\n",          // not hex
           "ca-fingerprint=" + kHex + "\n",                      // another field
           "fingerprint=" + kHex + "\n fingerprint=" + std::string(64, 'a') + "\n",  // two certificates
           std::string("bad command name certificate (line 1 column 2)\n"),
       }) {
    EXPECT_EQ(fingerprint_from_certificate_print(output), std::nullopt) << output;
  }
  EXPECT_EQ(fingerprint_from_certificate_print("fingerprint=" + kHex + "\nfingerprint=" + kHex), kHex)
      << "the same certificate printed twice is still one";
}

std::string u24(std::size_t n) { return {char(n >> 16), char((n >> 8) & 0xff), char(n & 0xff)}; }
std::string record(unsigned char type, const std::string& body) {
  return std::string{char(type), 3, 3, char(body.size() >> 8), char(body.size() & 0xff)} + body;
}
std::string message(unsigned char type, const std::string& body) { return char(type) + u24(body.size()) + body; }
std::string certificate_message(const std::string& own, const std::string& issuer) {
  const std::string list = u24(own.size()) + own + u24(issuer.size()) + issuer;
  return message(11, u24(list.size()) + list);
}

TEST(HandshakeCertificate, TakesTheServersOwnCertificateAcrossRecords) {
  const std::string der(700, '\x30');
  const std::string flight = message(2, std::string(70, 'h')) + certificate_message(der, "issuer") + message(14, "");
  const std::string bytes = record(22, flight.substr(0, 100)) + record(22, flight.substr(100)) +
                            record(20, "\x01") + record(23, "encrypted");
  EXPECT_EQ(server_certificate_from_handshake(bytes), der);
}

TEST(HandshakeCertificate, NoCompleteCertificateMessageIsNotFound) {
  const std::string flight = message(2, std::string(70, 'h')) + certificate_message("der", "");
  const std::string whole = record(22, flight);
  EXPECT_TRUE(server_certificate_from_handshake(whole).has_value());
  EXPECT_EQ(server_certificate_from_handshake(whole.substr(0, whole.size() - 1)), std::nullopt) << "cut short";
  EXPECT_EQ(server_certificate_from_handshake(record(22, message(2, "h")) + record(20, "\x01") + record(22, flight)),
            std::nullopt) << "after ChangeCipherSpec everything is encrypted";
  EXPECT_EQ(server_certificate_from_handshake(record(22, message(11, u24(9) + u24(20) + "short"))), std::nullopt);
  EXPECT_EQ(server_certificate_from_handshake(""), std::nullopt);
  EXPECT_EQ(server_certificate_from_handshake("GET / HTTP/1.1\r\n\r\n"), std::nullopt);
}

TEST(Sha256Hex, IsThePinFormat) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace hotspot::routeros
