#include "patrol/avoiding_network_cache.h"

#include <algorithm>
#include <cstring>
#include <future>
#include <utility>

namespace vigil::patrol {
namespace {

void Append(std::string* key, double v) {
  char bytes[sizeof v];
  std::memcpy(bytes, &v, sizeof v);
  key->append(bytes, sizeof v);
}

void AppendCount(std::string* key, std::size_t n) { Append(key, static_cast<double>(n)); }

// Every coordinate with the counts that delimit rings, polygons and shapes, so two different
// argument lists never give the same key.
std::string KeyOf(std::span<const geo::AreaShape> avoid, std::span<const geo::XY> keep,
                  double keep_radius_m) {
  std::string key;
  Append(&key, keep_radius_m);
  AppendCount(&key, keep.size());
  for (const geo::XY& p : keep) {
    Append(&key, p.x);
    Append(&key, p.y);
  }
  AppendCount(&key, avoid.size());
  for (const geo::AreaShape& shape : avoid) {
    AppendCount(&key, shape.polygons.size());
    for (const auto& polygon : shape.polygons) {
      AppendCount(&key, polygon.size());
      for (const auto& ring : polygon) {
        AppendCount(&key, ring.size());
        for (const geo::XY& p : ring) {
          Append(&key, p.x);
          Append(&key, p.y);
        }
      }
    }
  }
  return key;
}

}  // namespace

struct AvoidingNetworkCache::Entry {
  std::string key;
  std::shared_future<Result<std::shared_ptr<const RoadNetwork>>> network;
};

AvoidingNetworkCache::AvoidingNetworkCache(const roads::RoadGraph& graph, std::size_t capacity)
    : graph_(graph), capacity_(std::max<std::size_t>(1, capacity)) {}

Result<std::shared_ptr<const RoadNetwork>> AvoidingNetworkCache::Get(
    std::span<const geo::AreaShape> avoid, std::span<const geo::XY> keep, double keep_radius_m) {
  std::string key = KeyOf(avoid, keep, keep_radius_m);
  std::shared_ptr<Entry> entry;
  std::promise<Result<std::shared_ptr<const RoadNetwork>>> promise;
  bool build = false;
  {
    MutexLock lock(&mutex_);
    auto found = std::find_if(entries_.begin(), entries_.end(),
                              [&](const std::shared_ptr<Entry>& e) { return e->key == key; });
    if (found != entries_.end()) {
      entry = *found;
      entries_.splice(entries_.begin(), entries_, found);
      ++hits_;
    } else {
      entry = std::make_shared<Entry>();
      entry->key = std::move(key);
      entry->network = promise.get_future().share();
      entries_.push_front(entry);
      if (entries_.size() > capacity_) entries_.pop_back();
      ++builds_;
      build = true;
    }
  }
  if (!build) return entry->network.get();  // waits while another call builds it
  auto built = MakeRoadNetworkAvoiding(graph_, avoid, keep, keep_radius_m);
  Result<std::shared_ptr<const RoadNetwork>> result =
      built.ok() ? Result<std::shared_ptr<const RoadNetwork>>(std::move(built).value())
                 : Result<std::shared_ptr<const RoadNetwork>>(built.error());
  if (!result.ok()) {  // not kept: the next call tries again
    MutexLock lock(&mutex_);
    entries_.remove(entry);
  }
  promise.set_value(result);
  return result;
}

std::int64_t AvoidingNetworkCache::hits() const {
  MutexLock lock(&mutex_);
  return hits_;
}

std::int64_t AvoidingNetworkCache::builds() const {
  MutexLock lock(&mutex_);
  return builds_;
}

}  // namespace vigil::patrol
