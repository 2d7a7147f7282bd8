#include "server/options.h"

namespace vigil::server {

Status ServerOptions::Validate() const {
  auto bad = [](const std::string& message) {
    return MakeError(ErrorCode::kInvalidArgument, message);
  };
  if (store_path.empty()) return bad("a store file is needed (--store)");
  if (address.empty()) return bad("a listen address is needed");
  if (threads < 1 || threads > 256) return bad("threads must be between 1 and 256");
  if (max_body_bytes < 1024) return bad("max_body_bytes must be at least 1024");
  if (max_header_bytes < 1024) return bad("max_header_bytes must be at least 1024");
  if (read_timeout_s < 1 || write_timeout_s < 1) return bad("timeouts must be at least 1 s");
  if (tls_cert.empty() != tls_key.empty()) {
    return bad("TLS needs both a certificate (--tls-cert) and a key (--tls-key)");
  }
  if (!road_profile.empty() && road_graph.empty()) {
    return bad("a road profile (--profile) needs a road file (--graph)");
  }
  if (!(road_max_snap_m > 0)) return bad("road_max_snap_m must be positive");
  if (max_bulk_records < 1) return bad("max_bulk_records must be at least 1");
  if (forecast_poll_ms != 0 && (forecast_poll_ms < 50 || forecast_poll_ms > 600'000)) {
    return bad("forecast_poll_ms must be 0 or between 50 and 600000");
  }
  if (stream_session_check_s < 1 || stream_session_check_s > 3600) {
    return bad("stream_session_check_s must be between 1 and 3600");
  }
  VIGIL_RETURN_IF_ERROR(users.Validate());
  return sessions.Validate();
}

}  // namespace vigil::server
