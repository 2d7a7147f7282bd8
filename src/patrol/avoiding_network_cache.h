// The road networks without given no-go areas, kept for reuse: contracting a city's graph takes
// seconds, and commanders re-plan the same shift with the same closures many times.
// Thread-safe; shared by the server's request threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <span>
#include <string>

#include "core/mutex.h"
#include "core/result.h"
#include "geo/area_shape.h"
#include "patrol/road_travel.h"

namespace vigil::patrol {

class AvoidingNetworkCache {
 public:
  // `graph` is the full road graph every network is cut from; it must outlive the cache.
  // Keeps at most `capacity` (>= 1) networks, dropping the least recently used.
  AvoidingNetworkCache(const roads::RoadGraph& graph, std::size_t capacity);

  // MakeRoadNetworkAvoiding(graph, avoid, keep, keep_radius_m), built once per distinct set of
  // arguments: the key is every coordinate of the shapes (in order) and of the keep points and
  // the radius, compared exactly, so a moved station or an edited area builds anew. Concurrent
  // calls with the same arguments wait for one build. Errors are returned and not kept.
  Result<std::shared_ptr<const RoadNetwork>> Get(std::span<const geo::AreaShape> avoid,
                                                 std::span<const geo::XY> keep,
                                                 double keep_radius_m) VIGIL_EXCLUDES(mutex_);

  std::int64_t hits() const VIGIL_EXCLUDES(mutex_);
  std::int64_t builds() const VIGIL_EXCLUDES(mutex_);

 private:
  struct Entry;
  const roads::RoadGraph& graph_;
  const std::size_t capacity_;
  mutable Mutex mutex_;
  std::list<std::shared_ptr<Entry>> entries_ VIGIL_GUARDED_BY(mutex_);  // most recent first
  std::int64_t hits_ VIGIL_GUARDED_BY(mutex_) = 0;
  std::int64_t builds_ VIGIL_GUARDED_BY(mutex_) = 0;
};

}  // namespace vigil::patrol
