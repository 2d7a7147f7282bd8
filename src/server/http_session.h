// One HTTP/1.1 connection, plain (beast::tcp_stream) or TLS (beast::ssl_stream): reads
// requests with the server's limits (header and body size; the whole request must arrive
// within read_timeout_s, so slow clients are cut off), answers each through Dispatch, keeps
// the connection alive when the client asks, and hands WebSocket upgrades of /api/v1/stream
// to a WebSocketSession once the Router admits them. Internal to http_server.cc. Each
// connection runs on its own strand; handlers run synchronously on the I/O threads.
#pragma once

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include "server/dispatch.h"
#include "server/websocket_session.h"

namespace vigil::server {

inline constexpr std::string_view kStreamPath = "/api/v1/stream";

template <class Stream>
class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>> {
  static constexpr bool kTls = !std::is_same_v<Stream, boost::beast::tcp_stream>;

 public:
  template <typename... Args>
  HttpSession(const ServerShared& shared, std::string remote, Args&&... args)
      : shared_(shared), remote_(std::move(remote)), stream_(std::forward<Args>(args)...) {}

  void Start() {
    if constexpr (kTls) {
      Lowest().expires_after(std::chrono::seconds(shared_.options->read_timeout_s));
      stream_.async_handshake(
          boost::asio::ssl::stream_base::server,
          boost::beast::bind_front_handler(&HttpSession::OnHandshake, this->shared_from_this()));
    } else {
      DoRead();
    }
  }

 private:
  boost::beast::tcp_stream& Lowest() { return boost::beast::get_lowest_layer(stream_); }

  void OnHandshake(boost::beast::error_code ec) {
    if (!ec) DoRead();
  }

  void DoRead() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(shared_.options->max_header_bytes));
    parser_->body_limit(shared_.options->max_body_bytes);
    Lowest().expires_after(std::chrono::seconds(shared_.options->read_timeout_s));
    boost::beast::http::async_read(
        stream_, buffer_, *parser_,
        boost::beast::bind_front_handler(&HttpSession::OnRead, this->shared_from_this()));
  }

  void OnRead(boost::beast::error_code ec, std::size_t) {
    namespace http = boost::beast::http;
    if (ec == http::error::end_of_stream || ec == boost::beast::error::timeout ||
        ec == boost::asio::error::connection_reset || ec == boost::asio::error::eof) {
      return Close();
    }
    if (ec == http::error::body_limit) {
      return Reply(ErrorResponse(ApiError::kBodyTooLarge, "the request body is too large"), 11,
                   false);
    }
    if (ec == http::error::header_limit) {
      return Reply(ErrorResponse(ApiError::kHeaderTooLarge, "the request headers are too large"),
                   11, false);
    }
    if (ec) {
      if (ec.category() == http::make_error_code(http::error::bad_target).category()) {
        return Reply(ErrorResponse(ApiError::kBadRequestSyntax, "malformed HTTP request"), 11,
                     false);
      }
      return Close();
    }
    BeastRequest request = parser_->release();
    if (boost::beast::websocket::is_upgrade(request)) return Upgrade(std::move(request));
    const ApiResponse response = Dispatch(shared_, request, remote_);
    Reply(response, request.version(), request.keep_alive());
  }

  void Upgrade(BeastRequest request) {
    auto api_request = ToApiRequest(request, remote_);
    if (!api_request.ok() || api_request->path != kStreamPath) {
      return Reply(ErrorResponse(ApiError::kNoRoute, "only /api/v1/stream accepts WebSockets"),
                   request.version(), false);
    }
    if (api_request->token.empty()) {
      api_request->token =
          BearerSubprotocolToken(request[boost::beast::http::field::sec_websocket_protocol]);
    }
    std::optional<ApiResponse> refused;
    {
      BackendPool::Lease backend = shared_.pool->Acquire();
      refused = shared_.router->Admit(*api_request, *backend);
    }
    if (refused) return Reply(*refused, request.version(), false);
    std::make_shared<WebSocketSession<Stream>>(std::move(stream_), shared_, api_request->token,
                                               api_request->principal)
        ->Accept(std::move(request));
  }

  void Reply(const ApiResponse& response, unsigned version, bool keep_alive) {
    response_ = ToBeastResponse(response, version, keep_alive);
    Lowest().expires_after(std::chrono::seconds(shared_.options->write_timeout_s));
    boost::beast::http::async_write(
        stream_, response_,
        boost::beast::bind_front_handler(&HttpSession::OnWrite, this->shared_from_this(),
                                         keep_alive));
  }

  void OnWrite(bool keep_alive, boost::beast::error_code ec, std::size_t) {
    if (ec) return;
    if (!keep_alive) return Close();
    DoRead();
  }

  void Close() {
    if constexpr (kTls) {
      Lowest().expires_after(std::chrono::seconds(5));
      stream_.async_shutdown([self = this->shared_from_this()](boost::beast::error_code) {});
    } else {
      boost::beast::error_code ignored;
      stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
    }
  }

  const ServerShared& shared_;
  std::string remote_;
  Stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  BeastResponse response_;
};

}  // namespace vigil::server
