#include "server/dispatch.h"

#include "core/text.h"
#include "server/request_parsing.h"
#include "server/static_files.h"

namespace vigil::server {

namespace http = boost::beast::http;

Result<ApiRequest> ToApiRequest(const BeastRequest& request, const std::string& remote_address) {
  auto target = ParseTarget(request.target());
  if (!target.ok()) return target.error();
  ApiRequest out;
  out.method = std::string(request.method_string());
  out.path = std::move(target->path);
  out.params = std::move(target->params);
  out.body = request.body();
  out.remote_address = remote_address;
  const std::string_view authorization = request[http::field::authorization];
  if (authorization.size() > 7 && EqualsIgnoreCase(authorization.substr(0, 7), "bearer ")) {
    out.token = std::string(Trim(authorization.substr(7)));
  }
  out.purpose = std::string(Trim(request["X-Vigil-Purpose"]));
  out.accepts_gzip =
      ToLower(request[http::field::accept_encoding]).find("gzip") != std::string::npos;
  const std::string_view type = request[http::field::content_type];
  out.content_type = ToLower(Trim(type.substr(0, type.find(';'))));
  return out;
}

std::vector<std::string> OfferedSubprotocols(std::string_view header) {
  std::vector<std::string> out;
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    const std::string_view item = Trim(header.substr(0, comma));
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return out;
}

std::string BearerSubprotocolToken(std::string_view header) {
  for (const std::string& item : OfferedSubprotocols(header)) {
    if (item.size() > 7 && item.compare(0, 7, "bearer.") == 0) return item.substr(7);
  }
  return "";
}

ApiResponse Dispatch(const ServerShared& shared, const BeastRequest& request,
                     const std::string& remote_address) {
  auto api_request = ToApiRequest(request, remote_address);
  if (!api_request.ok()) return ErrorResponse(ApiError::kBadRequest, api_request.error().message);
  const std::string& path = api_request->path;
  if (path.rfind("/api/", 0) != 0) {
    if (request.method() == http::verb::get && !shared.options->web_root.empty()) {
      return ServeStaticFile(shared.options->web_root, path);
    }
    return ErrorResponse(ApiError::kNoRoute, "no route for " + api_request->method + " " + path);
  }
  BackendPool::Lease backend = shared.pool->Acquire();
  return shared.router->Handle(*api_request, *backend, *shared.services);
}

BeastResponse ToBeastResponse(const ApiResponse& response, unsigned version, bool keep_alive) {
  BeastResponse out{static_cast<http::status>(response.status), version};
  out.set(http::field::server, "vigil");
  out.set(http::field::content_type, response.content_type);
  if (!response.content_encoding.empty()) {
    out.set(http::field::content_encoding, response.content_encoding);
  }
  out.set(http::field::vary, "Accept-Encoding");
  out.set("X-Content-Type-Options", "nosniff");
  if (response.content_type.rfind("application/", 0) == 0) {
    out.set(http::field::cache_control, "no-store");
  }
  out.keep_alive(keep_alive);
  out.body() = response.body;
  out.prepare_payload();
  return out;
}

}  // namespace vigil::server
