#include "store/content_hash.h"

#include <string_view>
#include <type_traits>

#include "core/text.h"

namespace vigil {
namespace {

// FNV-1a over each part (strings by their bytes, numbers by their object bytes), each part
// followed by a unit separator.
template <typename... Parts>
std::int64_t ContentHash(const Parts&... parts) {
  unsigned long long hash = 14695981039346656037ULL;
  auto add = [&hash](const auto& part) {
    using T = std::decay_t<decltype(part)>;
    if constexpr (std::is_convertible_v<T, std::string_view>) {
      hash = Fnv1a64(std::string_view(part), hash);
    } else {
      hash = Fnv1a64(std::string_view(reinterpret_cast<const char*>(&part), sizeof part), hash);
    }
    hash = Fnv1a64("\x1f", hash);
  };
  (add(parts), ...);
  return static_cast<std::int64_t>(hash);
}

}  // namespace

std::int64_t IncidentContentHash(const Incident& r) {
  const Location loc = r.location.value_or(Location{});
  return ContentHash(static_cast<int>(r.category), r.source_code, r.source_description,
                     r.occurred_at, r.reported_at, r.location.has_value(), loc.lon, loc.lat, loc.x,
                     loc.y, r.address, r.district, r.neighborhood, r.beat,
                     static_cast<int>(r.origin));
}

std::int64_t CallContentHash(const Call& r) {
  const Location loc = r.location.value_or(Location{});
  return ContentHash(r.call_type, r.service, static_cast<int>(r.category), r.priority,
                     r.received_at, r.location.has_value(), loc.lon, loc.lat, loc.x, loc.y,
                     r.address, r.district);
}

}  // namespace vigil
