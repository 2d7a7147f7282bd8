#include "server/forecast_watch.h"

#include <nlohmann/json.hpp>

#include "core/time.h"

namespace vigil::server {

ForecastWatch::ForecastWatch(boost::asio::io_context& ioc, BackendPool& pool, EventHub& events,
                             std::chrono::milliseconds every)
    : timer_(ioc), pool_(pool), events_(events), every_(every) {}

void ForecastWatch::Start() {
  {
    BackendPool::Lease lease = pool_.Acquire();
    announced_ = NewestId(*lease);
  }
  Schedule();
}

void ForecastWatch::Schedule() {
  timer_.expires_after(every_);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;  // cancelled: the server is stopping
    Poll();
    Schedule();
  });
}

std::int64_t ForecastWatch::NewestId(Backend& backend) {
  if (!backend.forecasts) return 0;
  auto latest = backend.forecasts->LatestId();
  return latest.ok() ? *latest : 0;
}

void ForecastWatch::Poll() {
  BackendPool::Lease lease = pool_.Acquire();
  const std::int64_t newest = NewestId(*lease);
  for (std::int64_t id = announced_ + 1; id <= newest; ++id) {
    auto header = lease->forecasts->Header(id);
    if (!header.ok()) continue;  // ids can have gaps (a rolled-back save)
    events_.Publish("forecast.created",
                    {{"id", id},
                     {"model", header->model},
                     {"category", header->category},
                     {"slot_start", FormatUtc(header->slot_start)},
                     {"slot_length_s", header->slot_length_s},
                     {"created_at", FormatUtc(header->created_at)}},
                    "forecasts.get");
  }
  if (newest > announced_) announced_ = newest;
}

}  // namespace vigil::server
