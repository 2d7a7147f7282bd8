// Small wrappers over libsodium used by the trust layer: SHA-256, random tokens, hex.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::security {

using Sha256Digest = std::array<std::uint8_t, 32>;

// Initialises libsodium once (thread-safe, idempotent). Every entry point that uses libsodium
// calls it; returns false only when the library cannot start (no entropy source).
bool EnsureSodium();

// SHA-256 of `data` (crypto_hash_sha256).
Sha256Digest Sha256(std::string_view data);

// Lowercase hex of bytes, and its inverse (nullopt on odd length or a non-hex character).
std::string ToHex(const std::uint8_t* data, std::size_t size);
inline std::string ToHex(const Sha256Digest& d) { return ToHex(d.data(), d.size()); }
std::optional<Sha256Digest> DigestFromHex(std::string_view hex);

// `bytes` random bytes from randombytes_buf, as lowercase hex (2 * bytes characters).
std::string RandomHex(std::size_t bytes);

}  // namespace vigil::security
