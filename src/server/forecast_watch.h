// Announces new forecasts on the live stream. Forecasts are stored by other processes (`vigil
// predict`, its schedules) straight into the store, so the server polls: every interval it
// reads the newest forecast id and publishes "forecast.created" for each id above the last one
// it announced. Forecasts stored before the server started are not announced.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>

#include "server/backend.h"
#include "server/event_hub.h"

namespace vigil::server {

class ForecastWatch {
 public:
  // `pool` and `events` must outlive the watch; the watch must be destroyed before `ioc`.
  ForecastWatch(boost::asio::io_context& ioc, BackendPool& pool, EventHub& events,
                std::chrono::milliseconds every);

  // Reads the newest id stored so far (not announced), then polls on `ioc`'s threads, one
  // poll at a time.
  void Start();

 private:
  void Schedule();
  void Poll();
  // The newest stored forecast id, 0 when there is none or the store cannot say.
  static std::int64_t NewestId(Backend& backend);

  boost::asio::steady_timer timer_;
  BackendPool& pool_;
  EventHub& events_;
  std::chrono::milliseconds every_;
  std::int64_t announced_ = 0;  // highest id announced or known at start; polls are serial
};

}  // namespace vigil::server
