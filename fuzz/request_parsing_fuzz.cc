// libFuzzer harness for the server's request parsing: the input is parsed as an HTTP/1.1
// request by Beast's parser with the server's limits, then its target goes through ParseTarget
// and typed QueryParams, and its body through ParseJsonBody. Contracts checked: nothing
// crashes or throws, an accepted path starts with '/' and holds no NUL byte.
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "server/request_parsing.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace http = boost::beast::http;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  http::request_parser<http::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(1 << 20);
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(input.data(), input.size()), ec);
  // Also fuzz the target and JSON parsers on the raw input, so they are reached even when the
  // bytes are not a valid HTTP request.
  std::string_view target = input;
  std::string_view body = input;
  if (!ec && parser.is_header_done()) {
    target = parser.get().target();
    body = parser.get().body();
  }
  auto parsed = vigil::server::ParseTarget(target);
  if (parsed.ok()) {
    if (parsed->path.empty() || parsed->path.front() != '/') __builtin_trap();
    if (parsed->path.find('\0') != std::string::npos) __builtin_trap();
    const vigil::server::QueryParams params(parsed->params);
    (void)params.Int("limit", 1, 1000);
    (void)params.Time("from");
    (void)params.Text("category");
  }
  (void)vigil::server::ParseJsonBody(body);
  return 0;
}
