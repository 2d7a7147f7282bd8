// Live events for the WebSocket stream: new incidents and calls, unit positions and status,
// new forecasts. Publishers hand over one JSON text per event with the id of the route that
// serves the same data ("calls.get" for a new call); a subscriber gets each event published
// after it subscribed whose route its role may call (security::RoleMayCall), in publication
// order, so the stream never shows a role what the REST API would refuse it. Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/mutex.h"
#include "security/users.h"

namespace vigil::server {

class EventHub {
 public:
  // Called with each event's JSON text, on the publisher's thread; must not block and must
  // not call back into the hub.
  using Subscriber = std::function<void(const std::string&)>;

  // Subscribes a session of `role`. Returns an id for Unsubscribe.
  std::int64_t Subscribe(security::Role role, Subscriber subscriber) VIGIL_EXCLUDES(mutex_);
  void Unsubscribe(std::int64_t id) VIGIL_EXCLUDES(mutex_);

  // Publishes {"type": type, "seq": N, "data": data} to the subscribers whose role may call
  // `read_route` (a route id of the policy table; an unknown id reaches nobody). seq counts
  // every event from 1, so a subscriber sees gaps where events were not for its role.
  void Publish(const std::string& type, const nlohmann::json& data, std::string_view read_route)
      VIGIL_EXCLUDES(mutex_);

  std::size_t subscribers() const VIGIL_EXCLUDES(mutex_);

 private:
  mutable Mutex mutex_;
  struct Subscription {
    security::Role role;
    Subscriber deliver;
  };
  std::map<std::int64_t, Subscription> subscribers_ VIGIL_GUARDED_BY(mutex_);
  std::int64_t next_id_ VIGIL_GUARDED_BY(mutex_) = 1;
  std::int64_t next_seq_ VIGIL_GUARDED_BY(mutex_) = 1;
};

}  // namespace vigil::server
