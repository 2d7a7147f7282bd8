// The API server: HTTP/1.1 and WebSocket on Boost.Beast/Asio, TLS through OpenSSL when given a
// certificate, a fixed pool of threads each with its own store connections. Routes are those
// of the security policy table (security::RoutePolicies); Start fails when a policy route has
// no handler or a handler no policy route. See docs/api.md.
#pragma once

#include <cstdint>
#include <memory>

#include "core/result.h"
#include "security/clock.h"
#include "server/event_hub.h"
#include "server/options.h"

namespace vigil::server {

class Server {
 public:
  // Validates `options`, opens the store connections, binds and starts serving on
  // options.threads threads. `clock` must outlive the server (tests pass a ManualClock).
  static Result<std::unique_ptr<Server>> Start(const ServerOptions& options,
                                               const security::Clock& clock);
  ~Server();  // stops and joins the threads
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The bound port (the ephemeral one when options.port was 0).
  std::uint16_t port() const;
  // Live events published to WebSocket clients (engines and tests may publish).
  EventHub& events();
  // Stops accepting and serving; idempotent.
  void Stop();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigil::server
