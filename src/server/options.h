// Options of the API server. Only apps/vigil fills them from the command line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/result.h"
#include "security/sessions.h"
#include "security/users.h"

namespace vigil::server {

struct ServerOptions {
  // Store file (SQLite) the server reads and writes. Required; no default.
  std::string store_path;
  // Address to listen on, IPv4 or IPv6 literal. Default "127.0.0.1" (loopback only).
  std::string address = "127.0.0.1";
  // TCP port; 0 picks a free ephemeral port (tests). Default 8080.
  std::uint16_t port = 8080;
  // Threads running the I/O loop and the handlers; one store connection set each. Default 2.
  int threads = 2;
  // Largest request body accepted, bytes; larger gets 413. Default 8 MiB (bulk ingest).
  std::size_t max_body_bytes = 8u << 20;
  // Largest request line plus headers, bytes; larger gets 431. Default 16 KiB.
  std::size_t max_header_bytes = 16u << 10;
  // Time a client has to send a whole request (headers and body), seconds; a slower client is
  // disconnected. Also the keep-alive idle limit between requests. Default 30.
  int read_timeout_s = 30;
  // Time to write a response, seconds. Default 30.
  int write_timeout_s = 30;
  // Directory of static files served for GET paths outside /api/ ("" = none). Default "".
  std::string web_root;
  // PEM certificate chain and private key; both set = HTTPS and WSS only. Default "" (plain).
  std::string tls_cert;
  std::string tls_key;
  // Directory of reports: backtests/NAME.json and patrol-plans/NAME.geojson written by the
  // CLI, patrol-plans/NAME.json written by POST /api/v1/patrol-plans ("" = none; the list
  // and get routes answer 501, and created plans are answered but not saved). Default "".
  std::string reports_dir;
  // How often an open event stream re-checks its session (expiry, idle timeout, sign-out,
  // disabled user), seconds, 1-3600; the stream is closed once the session is no longer
  // valid. The check does not count as a use of the session. Default 10.
  int stream_session_check_s = 10;
  // How often the server looks for forecasts stored by other processes and announces each
  // new one on the stream as "forecast.created", milliseconds, 50-600,000; 0 = never.
  // Default 2,000.
  int forecast_poll_ms = 2000;
  // Road file the server routes on (OpenStreetMap or a street-centreline file, as
  // `vigil patrol --graph`), loaded at start; "" = none: patrol plans travel in straight lines
  // and there is no "roads" map layer. Default "".
  std::string road_graph;
  // JSON speed profile of a centreline road file ("" = the built-in TIGER profile). Default "".
  std::string road_profile;
  // Farthest a patrol site may lie from a road, metres, > 0 (patrol::RoadTravelOptions).
  // Default 500.
  double road_max_snap_m = 500;
  // Largest number of records in one bulk ingest request. Default 50,000.
  std::size_t max_bulk_records = 50'000;
  // User and session policy of the trust layer (docs/security.md).
  security::UserOptions users;
  security::SessionOptions sessions;

  Status Validate() const;
};

}  // namespace vigil::server
