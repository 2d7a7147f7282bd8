// Live events for the WebSocket stream: new incidents and calls, unit positions and status,
// new forecasts. Publishers hand over one JSON text per event; every subscriber gets each
// event published after it subscribed, in publication order. Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "core/mutex.h"

namespace vigil::server {

class EventHub {
 public:
  // Called with each event's JSON text, on the publisher's thread; must not block and must
  // not call back into the hub.
  using Subscriber = std::function<void(const std::string&)>;

  // Returns an id for Unsubscribe.
  std::int64_t Subscribe(Subscriber subscriber) VIGIL_EXCLUDES(mutex_);
  void Unsubscribe(std::int64_t id) VIGIL_EXCLUDES(mutex_);

  // Publishes {"type": type, "seq": N, "data": data}; seq counts events from 1.
  void Publish(const std::string& type, const nlohmann::json& data) VIGIL_EXCLUDES(mutex_);

  std::size_t subscribers() const VIGIL_EXCLUDES(mutex_);

 private:
  mutable Mutex mutex_;
  std::map<std::int64_t, Subscriber> subscribers_ VIGIL_GUARDED_BY(mutex_);
  std::int64_t next_id_ VIGIL_GUARDED_BY(mutex_) = 1;
  std::int64_t next_seq_ VIGIL_GUARDED_BY(mutex_) = 1;
};

}  // namespace vigil::server
