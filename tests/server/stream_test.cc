// The live event stream: an authenticated WebSocket on /api/v1/stream receives a hello and
// then each new incident as it is ingested; without a valid session the upgrade is refused.
#include <boost/beast/websocket.hpp>

#include "test_server.h"

namespace vigil::server::testing {
namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
using nlohmann::json;
using security::Role;

class StreamTest : public ServerTest {};

TEST_F(StreamTest, NewIncidentsArePushedToSubscribers) {
  boost::asio::io_context ioc;
  websocket::stream<beast::tcp_stream> ws(ioc);
  beast::get_lowest_layer(ws).connect(
      {boost::asio::ip::make_address("127.0.0.1"), server_->port()});
  const std::string token = Token(Role::kDispatcher);
  ws.set_option(websocket::stream_base::decorator([&](websocket::request_type& request) {
    request.set(beast::http::field::authorization, "Bearer " + token);
  }));
  ws.handshake("127.0.0.1", "/api/v1/stream");
  beast::flat_buffer buffer;
  ws.read(buffer);
  const json hello = json::parse(beast::buffers_to_string(buffer.data()));
  EXPECT_EQ(hello["type"], "hello");
  EXPECT_EQ(hello["data"]["user"], UserName(Role::kDispatcher));
  buffer.consume(buffer.size());

  const json record = {{"id", "live-1"},
                       {"category", "robbery"},
                       {"occurred", "2024-03-05 10:00:00"},
                       {"reported", "2024-03-05 10:05:00"},
                       {"lon", -90.2},
                       {"lat", 38.6}};
  ASSERT_EQ(Post("/api/v1/ingest/vigil-incidents", record.dump(), Bearer(Token(Role::kDispatcher)))
                .status,
            201u);
  ws.read(buffer);
  const json event = json::parse(beast::buffers_to_string(buffer.data()));
  EXPECT_EQ(event["type"], "incident.new");
  EXPECT_EQ(event["data"]["source_id"], "live-1");
  EXPECT_EQ(event["data"]["category"], "robbery");
  EXPECT_GE(event["seq"].get<int>(), 1);
  ws.close(websocket::close_code::normal);
}

TEST_F(StreamTest, TheUpgradeNeedsAnAuthorisedSession) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "no_token"},
      {std::string(64, 'f'), "unknown_session"},
      {Token(Role::kAuditor), "forbidden"}};
  for (const auto& [token, code] : cases) {
    Headers headers = {{"Upgrade", "websocket"},
                       {"Connection", "Upgrade"},
                       {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
                       {"Sec-WebSocket-Version", "13"}};
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    const Reply reply = Send(server_->port(), "GET", "/api/v1/stream", "", headers);
    EXPECT_NE(reply.status, 101u);
    EXPECT_EQ(reply.code(), code) << reply.body;
  }
}

TEST_F(StreamTest, APlainGetOfTheStreamExplainsTheUpgrade) {
  const Reply reply = Get("/api/v1/stream", Bearer(Token(Role::kCommander)));
  EXPECT_EQ(reply.status, 400u);
  EXPECT_NE(reply.body.find("WebSocket"), std::string::npos);
}

}  // namespace
}  // namespace vigil::server::testing
