// The live event stream of one WebSocket client (route stream.events, admitted by the Router
// before the upgrade). On accept it subscribes to the EventHub and sends a "hello" event;
// events are then written in publication order. A client that falls more than
// kMaxQueuedEvents behind is disconnected rather than buffered without bound. Internal to
// http_server.cc. Each session runs on its own strand.
#pragma once

#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "server/dispatch.h"
#include "server/event_hub.h"

namespace vigil::server {

inline constexpr std::size_t kMaxQueuedEvents = 4096;

template <class Stream>
class WebSocketSession : public std::enable_shared_from_this<WebSocketSession<Stream>> {
 public:
  WebSocketSession(Stream&& stream, EventHub& hub, std::string user)
      : ws_(std::move(stream)), hub_(hub), user_(std::move(user)) {}
  ~WebSocketSession() {
    if (subscription_ != 0) hub_.Unsubscribe(subscription_);
  }

  void Accept(BeastRequest request) {
    namespace websocket = boost::beast::websocket;
    boost::beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(websocket::stream_base::timeout::suggested(boost::beast::role_type::server));
    ws_.read_message_max(64 * 1024);
    ws_.async_accept(request, boost::beast::bind_front_handler(&WebSocketSession::OnAccept,
                                                               this->shared_from_this()));
  }

 private:
  void OnAccept(boost::beast::error_code ec) {
    if (ec) return;
    std::weak_ptr<WebSocketSession> weak = this->shared_from_this();
    auto executor = ws_.get_executor();
    subscription_ = hub_.Subscribe([weak, executor](const std::string& text) {
      boost::asio::post(executor, [weak, text] {
        if (auto self = weak.lock()) self->Queue(text);
      });
    });
    Queue(nlohmann::json{{"type", "hello"}, {"seq", 0}, {"data", {{"user", user_}}}}.dump());
    DoRead();
  }

  // Reads (and ignores) client messages, so pings and close frames are answered.
  void DoRead() {
    ws_.async_read(
        in_, boost::beast::bind_front_handler(&WebSocketSession::OnRead, this->shared_from_this()));
  }
  void OnRead(boost::beast::error_code ec, std::size_t) {
    if (ec) {
      closed_ = true;
      return;
    }
    in_.consume(in_.size());
    DoRead();
  }

  void Queue(std::string text) {
    if (closed_) return;
    if (queue_.size() >= kMaxQueuedEvents) {
      closed_ = true;
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
      return;
    }
    queue_.pop_front();
    if (!queue_.empty()) DoWrite();
  }

  boost::beast::websocket::stream<Stream> ws_;
  EventHub& hub_;
  std::string user_;
  std::int64_t subscription_ = 0;
  boost::beast::flat_buffer in_;
  std::deque<std::string> queue_;  // touched only on the session's strand
  bool closed_ = false;
};

}  // namespace vigil::server
