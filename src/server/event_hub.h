// Live events for the WebSocket stream: new incidents and calls, unit positions and status,
// new forecasts. Publishers hand over one JSON text per event; every subscriber gets each
// event published after it subscribed, in publication order. Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

namespace vigil::server {

class EventHub {
 public:
  // Called with each event's JSON text, on the publisher's thread; must not block and must
  // not call back into the hub.
  using Subscriber = std::function<void(const std::string&)>;

  // Returns an id for Unsubscribe.
  std::int64_t Subscribe(Subscriber subscriber);
  void Unsubscribe(std::int64_t id);

  // Publishes {"type": type, "seq": N, "data": data}; seq counts events from 1.
  void Publish(const std::string& type, const nlohmann::json& data);

  std::size_t subscribers() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::int64_t, Subscriber> subscribers_;  // guarded by mutex_
  std::int64_t next_id_ = 1;                        // guarded by mutex_
  std::int64_t next_seq_ = 1;                       // guarded by mutex_
};

}  // namespace vigil::server
