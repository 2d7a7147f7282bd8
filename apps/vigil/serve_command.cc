// `vigil serve`: the HTTP/WebSocket API server (src/server). Parses options, starts the
// server and waits for SIGINT or SIGTERM.
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>

#include "commands.h"
#include "security/clock.h"
#include "server/http_server.h"

namespace vigil::app {
namespace {

struct ServeCommandOptions {
  std::string store;                      // overrides the global --store when set
  std::string listen = "127.0.0.1:8080";  // HOST:PORT; [v6]:PORT for IPv6
  server::ServerOptions server;
};

// Splits "HOST:PORT" (or "[v6]:PORT").
bool ParseListen(const std::string& text, std::string* host, std::uint16_t* port) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon + 1 == text.size()) return false;
  std::string h = text.substr(0, colon);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  int p = 0;
  for (char c : text.substr(colon + 1)) {
    if (c < '0' || c > '9') return false;
    p = p * 10 + (c - '0');
    if (p > 65535) return false;
  }
  *host = h;
  *port = static_cast<std::uint16_t>(p);
  return !h.empty();
}

int RunServe(const GlobalOptions& global, ServeCommandOptions& options) {
  options.server.store_path = options.store.empty() ? global.store_path : options.store;
  if (!ParseListen(options.listen, &options.server.address, &options.server.port)) {
    std::cerr << "vigil serve: --listen takes HOST:PORT, e.g. 127.0.0.1:8080\n";
    return 2;
  }
  // Block the stop signals in every thread; this one waits for them below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  security::SystemClock clock;
  auto started = server::Server::Start(options.server, clock);
  if (!started.ok()) {
    std::cerr << "vigil serve: " << started.error().message << "\n";
    return 1;
  }
  if (!options.server.road_graph.empty() && !global.quiet) {
    std::printf("vigil serve: roads from %s\n", options.server.road_graph.c_str());
  }
  std::printf("vigil serve: listening on %s://%s:%u%s\n",
              options.server.tls_cert.empty() ? "http" : "https", options.server.address.c_str(),
              static_cast<unsigned>((*started)->port()),
              options.server.web_root.empty()
                  ? ""
                  : (" (web root " + options.server.web_root + ")").c_str());
  std::fflush(stdout);
  int received = 0;
  sigwait(&signals, &received);
  (*started)->Stop();
  if (!global.quiet) std::printf("vigil serve: stopped\n");
  return 0;
}

}  // namespace

void RegisterServe(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto options = std::make_shared<ServeCommandOptions>();
  CLI::App* cmd = app.add_subcommand("serve", "Serve the REST + WebSocket API (docs/api.md)");
  cmd->add_option("--store", options->store, "Store file (default: the global --store)");
  cmd->add_option("--listen", options->listen, "HOST:PORT to listen on")->capture_default_str();
  cmd->add_option("--web-root", options->server.web_root, "Directory of static dashboard files");
  cmd->add_option("--tls-cert", options->server.tls_cert, "PEM certificate chain (HTTPS)");
  cmd->add_option("--tls-key", options->server.tls_key, "PEM private key (HTTPS)");
  cmd->add_option("--reports-dir", options->server.reports_dir,
                  "Directory of backtests/*.json and patrol-plans/*.geojson to serve");
  cmd->add_option("--graph", options->server.road_graph,
                  "Road file (OSM .pbf/.osm or centreline GeoJSON/shapefile): the roads layer "
                  "and road-routed patrol plans")
      ->check(CLI::ExistingFile);
  cmd->add_option("--profile", options->server.road_profile,
                  "JSON speed profile of a centreline road file (default: TIGER)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--max-snap", options->server.road_max_snap_m,
                  "Farthest a patrol site may be from a road, metres")
      ->capture_default_str();
  cmd->add_option("--threads", options->server.threads, "I/O and handler threads")
      ->capture_default_str();
  cmd->add_option("--max-body-bytes", options->server.max_body_bytes, "Largest request body")
      ->capture_default_str();
  cmd->add_option("--read-timeout", options->server.read_timeout_s,
                  "Seconds a client has to send a request")
      ->capture_default_str();
  cmd->callback([&global, &exit_code, options] { exit_code = RunServe(global, *options); });
}

}  // namespace vigil::app
