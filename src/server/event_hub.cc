#include "server/event_hub.h"

#include "security/policy.h"

namespace vigil::server {

std::int64_t EventHub::Subscribe(security::Role role, Subscriber subscriber) {
  MutexLock lock(&mutex_);
  const std::int64_t id = next_id_++;
  subscribers_.emplace(id, Subscription{.role = role, .deliver = std::move(subscriber)});
  return id;
}

void EventHub::Unsubscribe(std::int64_t id) {
  MutexLock lock(&mutex_);
  subscribers_.erase(id);
}

void EventHub::Publish(const std::string& type, const nlohmann::json& data,
                       std::string_view read_route) {
  MutexLock lock(&mutex_);
  const nlohmann::json event = {{"type", type}, {"seq", next_seq_++}, {"data", data}};
  const std::string text = event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  for (auto& [id, subscription] : subscribers_) {
    if (security::RoleMayCall(subscription.role, read_route)) subscription.deliver(text);
  }
}

std::size_t EventHub::subscribers() const {
  MutexLock lock(&mutex_);
  return subscribers_.size();
}

}  // namespace vigil::server
