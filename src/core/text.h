// Small text helpers shared by readers: trimming, case, encodings.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vigil {

std::string_view Trim(std::string_view text);
std::string ToLower(std::string_view text);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// True when `text` is well-formed UTF-8.
bool IsValidUtf8(std::string_view text);
// Re-encodes ISO-8859-1 bytes as UTF-8.
std::string Latin1ToUtf8(std::string_view text);
// Returns `text` unchanged when it is valid UTF-8, else its Latin-1 reading as UTF-8.
std::string ToUtf8Lenient(std::string_view text);

// The items of a `separator`-separated list, each trimmed; empty items are dropped
// ("theft, assault,," -> {"theft", "assault"}).
std::vector<std::string> SplitList(std::string_view text, char separator = ',');

// Parses a decimal number; false when `text` (after trimming) is not entirely a number.
bool ParseDouble(std::string_view text, double* out);
bool ParseInt64(std::string_view text, long long* out);

// 64-bit FNV-1a hash, stable across runs and machines (used for content fingerprints).
unsigned long long Fnv1a64(std::string_view text,
                           unsigned long long seed = 14695981039346656037ULL);

}  // namespace vigil
