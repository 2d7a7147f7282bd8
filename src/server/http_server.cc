#include "server/http_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <thread>
#include <vector>

#include "server/forecast_watch.h"
#include "server/geojson.h"
#include "server/http_session.h"
#include "server/road_service.h"
#include "server/router.h"

namespace vigil::server {

namespace net = boost::asio;
namespace beast = boost::beast;
using Tcp = net::ip::tcp;

struct Server::Impl {
  Impl(const ServerOptions& opts, const security::Clock& clock_ref)
      : options(opts), clock(clock_ref), ioc(opts.threads), acceptor(ioc) {}

  void Accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, Tcp::socket socket) {
      if (ec) {
        if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
        return Accept();
      }
      beast::error_code ignored;
      const auto endpoint = socket.remote_endpoint(ignored);
      std::string remote = ignored ? std::string() : endpoint.address().to_string();
      if (tls) {
        std::make_shared<HttpSession<beast::ssl_stream<beast::tcp_stream>>>(
            shared, std::move(remote), std::move(socket), *tls)
            ->Start();
      } else {
        std::make_shared<HttpSession<beast::tcp_stream>>(shared, std::move(remote),
                                                         std::move(socket))
            ->Start();
      }
      Accept();
    });
  }

  ServerOptions options;
  const security::Clock& clock;
  Router router;
  EventHub events;
  LayerCache layers;
  std::unique_ptr<RoadService> roads;
  Services services;
  std::unique_ptr<BackendPool> pool;
  ServerShared shared;
  std::optional<net::ssl::context> tls;
  // Declared last so it is destroyed first: pending handlers hold sessions that use the above.
  net::io_context ioc;
  Tcp::acceptor acceptor;
  // After the io_context, so it is destroyed before it.
  std::optional<ForecastWatch> forecast_watch;
  std::vector<std::thread> threads;
  std::uint16_t bound_port = 0;
  bool stopped = false;
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() { Stop(); }

Result<std::unique_ptr<Server>> Server::Start(const ServerOptions& options,
                                              const security::Clock& clock) {
  VIGIL_RETURN_IF_ERROR(options.Validate());
  auto impl = std::make_unique<Impl>(options, clock);
  impl->router = MakeApiRouter();
  if (auto problems = impl->router.Coverage(); !problems.empty()) {
    std::string message = "routes and handlers disagree:";
    for (const std::string& p : problems) message += " " + p + ";";
    return MakeError(ErrorCode::kInternal, message);
  }
  auto pool = BackendPool::Open(impl->options, clock, impl->options.threads);
  if (!pool.ok()) return pool.error();
  impl->pool = std::move(*pool);
  if (!impl->options.road_graph.empty()) {
    auto roads = RoadService::Load(impl->options.road_graph, impl->options.road_profile);
    if (!roads.ok()) return roads.error();
    impl->roads = std::move(*roads);
  }
  impl->services = Services{.options = &impl->options,
                            .clock = &clock,
                            .events = &impl->events,
                            .layers = &impl->layers,
                            .roads = impl->roads.get()};
  impl->shared = ServerShared{.options = &impl->options,
                              .router = &impl->router,
                              .pool = impl->pool.get(),
                              .services = &impl->services};
  if (!options.tls_cert.empty()) {
    impl->tls.emplace(net::ssl::context::tls_server);
    beast::error_code ec;
    impl->tls->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                               net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                               net::ssl::context::no_tlsv1_1,
                           ec);
    if (!ec) impl->tls->use_certificate_chain_file(options.tls_cert, ec);
    if (!ec) impl->tls->use_private_key_file(options.tls_key, net::ssl::context::pem, ec);
    if (ec) return MakeError(ErrorCode::kInvalidArgument, "TLS setup failed: " + ec.message());
  }
  beast::error_code ec;
  const auto address = net::ip::make_address(options.address, ec);
  if (ec) return MakeError(ErrorCode::kInvalidArgument, "bad listen address " + options.address);
  const Tcp::endpoint endpoint(address, options.port);
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return MakeError(ErrorCode::kIo, "cannot listen on " + options.address + ":" +
                                         std::to_string(options.port) + ": " + ec.message());
  }
  impl->bound_port = impl->acceptor.local_endpoint().port();
  impl->Accept();
  if (impl->options.forecast_poll_ms > 0) {
    impl->forecast_watch.emplace(impl->ioc, *impl->pool, impl->events,
                                 std::chrono::milliseconds(impl->options.forecast_poll_ms));
    impl->forecast_watch->Start();
  }
  for (int i = 0; i < options.threads; ++i) {
    impl->threads.emplace_back([io = &impl->ioc] { io->run(); });
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

std::uint16_t Server::port() const { return impl_->bound_port; }

EventHub& Server::events() { return impl_->events; }

void Server::Stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  net::post(impl_->acceptor.get_executor(), [impl = impl_.get()] {
    beast::error_code ignored;
    impl->acceptor.close(ignored);
  });
  impl_->ioc.stop();
  for (std::thread& t : impl_->threads) t.join();
  impl_->threads.clear();
}

}  // namespace vigil::server
