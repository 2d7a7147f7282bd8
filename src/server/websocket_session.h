// The live event stream of one WebSocket client (route stream.events, admitted by the Router
// before the upgrade). On accept it subscribes to the EventHub and sends a "hello" event;
// events are then written in publication order. A client that falls more than
// kMaxQueuedEvents behind is disconnected rather than buffered without bound. Every
// options.stream_session_check_s seconds the session is checked again (without counting as a
// use); once it has expired, been signed out or revoked, or its user disabled, the stream is
// closed with close code 1008 (policy violation) and a reason that starts with the error
// catalogue's public code ("session_expired: idle timeout"). Internal to http_server.cc.
// Each session runs on its own strand.
#pragma once

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "security/sessions.h"
#include "server/dispatch.h"
#include "server/event_hub.h"

namespace vigil::server {

inline constexpr std::size_t kMaxQueuedEvents = 4096;

// The close reason for a session that is no longer valid: public code, then why.
inline std::string StreamCloseReason(security::SessionStatus status) {
  switch (status) {
    case security::SessionStatus::kExpiredIdle: return "session_expired: idle timeout";
    case security::SessionStatus::kExpiredAbsolute: return "session_expired: lifetime over";
    case security::SessionStatus::kRevoked: return "session_revoked: signed out or revoked";
    case security::SessionStatus::kUserDisabled: return "session_revoked: user disabled";
    case security::SessionStatus::kUnknown: return "unknown_session: the session is gone";
    case security::SessionStatus::kValid: break;
  }
  return "";
}

template <class Stream>
class WebSocketSession : public std::enable_shared_from_this<WebSocketSession<Stream>> {
 public:
  // `shared` must outlive the session (the server's); `token` is the bearer token the upgrade
  // was admitted with and `principal` its user, whose role decides which events it gets.
  WebSocketSession(Stream&& stream, const ServerShared& shared, std::string token,
                   const security::Principal& principal)
      : ws_(std::move(stream)),
        shared_(shared),
        hub_(*shared.services->events),
        token_(std::move(token)),
        user_(principal.user_name),
        role_(principal.role),
        check_timer_(ws_.get_executor()) {}
  ~WebSocketSession() {
    if (subscription_ != 0) hub_.Unsubscribe(subscription_);
  }

  void Accept(BeastRequest request) {
    namespace websocket = boost::beast::websocket;
    boost::beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(websocket::stream_base::timeout::suggested(boost::beast::role_type::server));
    ws_.read_message_max(64 * 1024);
    // A client that offers subprotocols (browsers passing the token as "bearer.<token>") must
    // get one of them back, or it fails the handshake: answer kStreamSubprotocol when offered.
    const auto offered =
        OfferedSubprotocols(request[boost::beast::http::field::sec_websocket_protocol]);
    if (std::find(offered.begin(), offered.end(), kStreamSubprotocol) != offered.end()) {
      ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& response) {
        response.set(boost::beast::http::field::sec_websocket_protocol, kStreamSubprotocol);
      }));
    }
    ws_.async_accept(request, boost::beast::bind_front_handler(&WebSocketSession::OnAccept,
                                                               this->shared_from_this()));
  }

 private:
  void OnAccept(boost::beast::error_code ec) {
    if (ec) return;
    std::weak_ptr<WebSocketSession> weak = this->shared_from_this();
    auto executor = ws_.get_executor();
    subscription_ = hub_.Subscribe(role_, [weak, executor](const std::string& text) {
      boost::asio::post(executor, [weak, text] {
        if (auto self = weak.lock()) self->Queue(text);
      });
    });
    Queue(nlohmann::json{{"type", "hello"}, {"seq", 0}, {"data", {{"user", user_}}}}.dump());
    DoRead();
    ScheduleSessionCheck();
  }

  // Reads (and ignores) client messages, so pings and close frames are answered.
  void DoRead() {
    ws_.async_read(
        in_, boost::beast::bind_front_handler(&WebSocketSession::OnRead, this->shared_from_this()));
  }
  void OnRead(boost::beast::error_code ec, std::size_t) {
    if (ec) {
      closed_ = true;
      check_timer_.cancel();
      return;
    }
    in_.consume(in_.size());
    DoRead();
  }

  void ScheduleSessionCheck() {
    check_timer_.expires_after(std::chrono::seconds(shared_.options->stream_session_check_s));
    check_timer_.async_wait(boost::beast::bind_front_handler(&WebSocketSession::OnSessionCheck,
                                                             this->shared_from_this()));
  }
  void OnSessionCheck(boost::beast::error_code ec) {
    if (ec || closed_) return;
    std::optional<security::SessionStatus> status;
    {
      BackendPool::Lease backend = shared_.pool->Acquire();
      auto check = backend->sessions.Peek(token_);
      if (check.ok()) status = check->status;  // a store failure is retried at the next check
    }
    if (status && *status != security::SessionStatus::kValid) {
      return CloseFor(StreamCloseReason(*status));
    }
    ScheduleSessionCheck();
  }

  // Stops taking events and closes the stream with `reason` once the write in flight (if
  // any) is done; queued events are dropped.
  void CloseFor(std::string reason) {
    closed_ = true;
    if (subscription_ != 0) hub_.Unsubscribe(subscription_);
    subscription_ = 0;
    close_reason_ = std::move(reason);
    if (!queue_.empty()) {  // a write is in flight: close after it
      queue_.erase(queue_.begin() + 1, queue_.end());
      close_after_write_ = true;
      return;
    }
    DoClose();
  }
  void DoClose() {
    namespace websocket = boost::beast::websocket;
    ws_.async_close(websocket::close_reason(websocket::close_code::policy_error, close_reason_),
                    [self = this->shared_from_this()](boost::beast::error_code) {});
  }

  void Queue(std::string text) {
    if (closed_) return;
    if (queue_.size() >= kMaxQueuedEvents) {
      closed_ = true;
      check_timer_.cancel();
      boost::beast::get_lowest_layer(ws_).close();
      return;
    }
    queue_.push_back(std::move(text));
    if (queue_.size() == 1) DoWrite();
  }
  void DoWrite() {
    ws_.text(true);
    ws_.async_write(
        boost::asio::buffer(queue_.front()),
        boost::beast::bind_front_handler(&WebSocketSession::OnWrite, this->shared_from_this()));
  }
  void OnWrite(boost::beast::error_code ec, std::size_t) {
    if (ec) {
      closed_ = true;
      check_timer_.cancel();
      return;
    }
    queue_.pop_front();
    if (close_after_write_) {
      close_after_write_ = false;
      queue_.clear();
      return DoClose();
    }
    if (!queue_.empty()) DoWrite();
  }

  boost::beast::websocket::stream<Stream> ws_;
  const ServerShared& shared_;
  EventHub& hub_;
  std::string token_;
  std::string user_;
  security::Role role_;
  boost::asio::steady_timer check_timer_;
  std::int64_t subscription_ = 0;
  boost::beast::flat_buffer in_;
  std::deque<std::string> queue_;  // touched only on the session's strand
  bool closed_ = false;
  bool close_after_write_ = false;
  std::string close_reason_;
};

}  // namespace vigil::server
