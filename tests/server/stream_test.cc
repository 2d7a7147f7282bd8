// The live event stream: an authenticated WebSocket on /api/v1/stream receives a hello and
// then each new incident, call and unit position its role may read as it arrives; without a valid
// session the upgrade is refused, and a session that ends while the stream is open closes it with
// the reason.
#include <boost/beast/websocket.hpp>
#include <chrono>

#include "server/dispatch.h"
#include "store/forecast_store.h"
#include "store/sqlite_reference_store.h"
#include "test_server.h"

namespace vigil::server::testing {
namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
using nlohmann::json;
using security::Role;

class StreamTest : public ServerTest {
 protected:
  void Customize(ServerOptions& options) override {
    options.stream_session_check_s = 1;
    options.forecast_poll_ms = 100;
  }

  // Opens the stream with `token` and reads the hello.
  void Open(websocket::stream<beast::tcp_stream>& ws, const std::string& token) {
    beast::get_lowest_layer(ws).connect(
        {boost::asio::ip::make_address("127.0.0.1"), server_->port()});
    ws.set_option(websocket::stream_base::decorator([token](websocket::request_type& request) {
      request.set(beast::http::field::authorization, "Bearer " + token);
    }));
    ws.handshake("127.0.0.1", "/api/v1/stream");
    beast::flat_buffer buffer;
    ws.read(buffer);
    ASSERT_EQ(json::parse(beast::buffers_to_string(buffer.data()))["type"], "hello");
  }

  // Reads until the server closes the stream (at most 10 s); the close reason, or "" when the
  // stream was not closed by a close frame.
  std::string ReadUntilClosed(websocket::stream<beast::tcp_stream>& ws) {
    beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(10));
    beast::flat_buffer buffer;
    beast::error_code ec;
    while (!ec) ws.read(buffer, ec);
    if (ec != websocket::error::closed) return "";
    EXPECT_EQ(ws.reason().code, websocket::close_code::policy_error);
    return std::string(ws.reason().reason.c_str());
  }
};

// Browsers cannot set Authorization on a WebSocket: they offer the token as the subprotocol
// "bearer.<token>" beside "vigil.v1", and the server answers "vigil.v1".
TEST_F(StreamTest, BrowsersAuthenticateWithTheBearerSubprotocol) {
  boost::asio::io_context ioc;
  websocket::stream<beast::tcp_stream> ws(ioc);
  beast::get_lowest_layer(ws).connect(
      {boost::asio::ip::make_address("127.0.0.1"), server_->port()});
  const std::string token = Token(Role::kPatrolOfficer);
  ws.set_option(websocket::stream_base::decorator([&](websocket::request_type& request) {
    request.set(beast::http::field::sec_websocket_protocol, "vigil.v1, bearer." + token);
  }));
  websocket::response_type response;
  beast::error_code ec;
  ws.handshake(response, "127.0.0.1", "/api/v1/stream", ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(response[beast::http::field::sec_websocket_protocol], "vigil.v1");
  beast::flat_buffer buffer;
  ws.read(buffer);
  const json hello = json::parse(beast::buffers_to_string(buffer.data()));
  EXPECT_EQ(hello["type"], "hello");
  EXPECT_EQ(hello["data"]["user"], UserName(Role::kPatrolOfficer));
  ws.close(websocket::close_code::normal);

  // An upgrade offering a token that is no session is refused like a bad Authorization header.
  const Headers upgrade = {{"Upgrade", "websocket"},
                           {"Connection", "Upgrade"},
                           {"Sec-WebSocket-Version", "13"},
                           {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
                           {"Sec-WebSocket-Protocol", "vigil.v1, bearer.not-a-session"}};
  const Reply refused = Get("/api/v1/stream", upgrade);
  EXPECT_EQ(refused.status, 401u) << refused.body;
  EXPECT_EQ(refused.code(), "unknown_session");

  EXPECT_EQ(BearerSubprotocolToken(" vigil.v1 ,bearer.abc "), "abc");
  EXPECT_EQ(BearerSubprotocolToken("vigil.v1"), "");
  EXPECT_EQ(OfferedSubprotocols("a, b,,c").size(), 3u);
}

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

// Events follow the policy table: a patrol officer, whom calls.get refuses, never gets a call
// on the stream, while a dispatcher gets both the call and the incident.
TEST_F(StreamTest, EachRoleGetsOnlyTheEventsItsRoutesServe) {
  boost::asio::io_context ioc;
  websocket::stream<beast::tcp_stream> officer(ioc);
  websocket::stream<beast::tcp_stream> dispatcher(ioc);
  Open(officer, Token(Role::kPatrolOfficer));
  Open(dispatcher, Token(Role::kDispatcher));
  const Headers as_dispatcher = Bearer(Token(Role::kDispatcher));
  const json call = {{"id", "call-1"},
                     {"received", "2024-03-05 10:00:00"},
                     {"type", "robbery in progress"},
                     {"priority", "1"},
                     {"category", "robbery"},
                     {"lon", -90.2},
                     {"lat", 38.6}};
  const Reply posted_call = Post("/api/v1/ingest/vigil-calls", call.dump(), as_dispatcher);
  ASSERT_EQ(posted_call.status, 201u) << posted_call.body;
  const json incident = {{"id", "live-2"},
                         {"category", "theft"},
                         {"occurred", "2024-03-05 10:00:00"},
                         {"reported", "2024-03-05 10:05:00"},
                         {"lon", -90.2},
                         {"lat", 38.6}};
  ASSERT_EQ(Post("/api/v1/ingest/vigil-incidents", incident.dump(), as_dispatcher).status, 201u);
  auto next = [](websocket::stream<beast::tcp_stream>& ws) {
    beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(10));
    beast::flat_buffer buffer;
    ws.read(buffer);
    return json::parse(beast::buffers_to_string(buffer.data()));
  };
  const json first = next(dispatcher);
  EXPECT_EQ(first["type"], "call.new");
  EXPECT_EQ(first["data"]["source_id"], "call-1");
  const json second = next(dispatcher);
  EXPECT_EQ(second["type"], "incident.new");
  // The officer's first event is the incident: the call, published before it, never came.
  const json officer_first = next(officer);
  EXPECT_EQ(officer_first["type"], "incident.new");
  EXPECT_EQ(officer_first["data"]["source_id"], "live-2");
  EXPECT_EQ(officer_first["seq"], second["seq"]);
  EXPECT_GT(officer_first["seq"].get<int>(), first["seq"].get<int>());
  officer.close(websocket::close_code::normal);
  dispatcher.close(websocket::close_code::normal);
}

TEST_F(StreamTest, UnitPositionsArePushedToSubscribers) {
  auto refs = OpenSqliteReferenceStore(options_.store_path);
  ASSERT_TRUE(refs.ok());
  const Unit unit{.source_id = "u7", .call_sign = "Baker-7", .kind = "car", .station_id = "s1"};
  ASSERT_TRUE((*refs)->UpsertUnits(std::span(&unit, 1), nullptr).ok());
  boost::asio::io_context ioc;
  websocket::stream<beast::tcp_stream> ws(ioc);
  Open(ws, Token(Role::kDispatcher));

  const Headers officer = Bearer(Token(Role::kPatrolOfficer));
  const json position = {
      {"lon", -90.25}, {"lat", 38.61}, {"status", "patrolling"}, {"at", "2024-03-05T10:00:00Z"}};
  const Reply posted = Post("/api/v1/units/u7/position", position.dump(), officer);
  ASSERT_EQ(posted.status, 201u) << posted.body;
  beast::flat_buffer buffer;
  ws.read(buffer);
  const json event = json::parse(beast::buffers_to_string(buffer.data()));
  EXPECT_EQ(event["type"], "unit.position");
  EXPECT_EQ(event["data"]["unit"], "u7");
  EXPECT_EQ(event["data"]["call_sign"], "Baker-7");
  EXPECT_EQ(event["data"]["lon"], -90.25);
  EXPECT_EQ(event["data"]["status"], "patrolling");
  EXPECT_EQ(event["data"]["at"], "2024-03-05T10:00:00Z");
  EXPECT_EQ(event["data"]["reported_by"], UserName(Role::kPatrolOfficer));

  EXPECT_EQ(Post("/api/v1/units/nope/position", position.dump(), officer).code(), "not_found");
  const Reply far =
      Post("/api/v1/units/u7/position", json{{"lon", 200}, {"lat", 0}}.dump(), officer);
  EXPECT_EQ(far.code(), "bad_request");
  EXPECT_NE(far.body.find("lon"), std::string::npos);
  EXPECT_EQ(Post("/api/v1/units/u7/position", json{{"lon", 1}}.dump(), officer).code(),
            "bad_request");
  EXPECT_EQ(
      Post("/api/v1/units/u7/position", position.dump(), Bearer(Token(Role::kAnalyst))).code(),
      "forbidden");
  ws.close(websocket::close_code::normal);
}

TEST_F(StreamTest, ForecastsStoredByOtherProcessesAreAnnounced) {
  auto forecasts = ForecastStore::Open(options_.store_path);
  ASSERT_TRUE(forecasts.ok());
  const ForecastHeader header = TestForecast("etas", "burglary");  // 2024-03-01, a day
  const std::vector<ForecastCell> cells = {{.cell = 3, .expected = 0.4, .grade = 8}};
  boost::asio::io_context ioc;
  websocket::stream<beast::tcp_stream> ws(ioc);
  Open(ws, Token(Role::kPatrolOfficer));
  // Stored by this test's own connection, as `vigil predict` would from its process.
  auto first = forecasts->Save(header, cells);
  ASSERT_TRUE(first.ok());
  ForecastHeader second_header = header;
  second_header.model = "kde";
  auto second = forecasts->Save(second_header, cells);
  ASSERT_TRUE(second.ok());
  beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(10));
  for (const auto& [id, model] : {std::pair{*first, "etas"}, std::pair{*second, "kde"}}) {
    beast::flat_buffer buffer;
    ws.read(buffer);
    const json event = json::parse(beast::buffers_to_string(buffer.data()));
    EXPECT_EQ(event["type"], "forecast.created");
    EXPECT_EQ(event["data"]["id"], id);
    EXPECT_EQ(event["data"]["model"], model);
    EXPECT_EQ(event["data"]["category"], "burglary");
    EXPECT_EQ(event["data"]["slot_start"], "2024-03-01T00:00:00Z");
    EXPECT_EQ(event["data"]["slot_length_s"], 86'400);
  }
  ws.close(websocket::close_code::normal);
}

TEST_F(StreamTest, TheStreamClosesWhenItsSessionEnds) {
  {  // signed out
    boost::asio::io_context ioc;
    websocket::stream<beast::tcp_stream> ws(ioc);
    const std::string token = Token(Role::kAnalyst);
    Open(ws, token);
    ASSERT_EQ(Post("/api/v1/auth/sign-out", "", Bearer(token)).status, 200u);
    EXPECT_EQ(ReadUntilClosed(ws), "session_revoked: signed out or revoked");
  }
  {  // disabled through the API, which also revokes the user's sessions
    boost::asio::io_context ioc;
    websocket::stream<beast::tcp_stream> ws(ioc);
    Open(ws, Token(Role::kCommander));
    const std::string target =
        "/api/v1/users/" + std::to_string(user_ids_.at(Role::kCommander)) + "/disable";
    ASSERT_EQ(Post(target, "", Bearer(Token(Role::kAdministrator))).status, 200u);
    EXPECT_EQ(ReadUntilClosed(ws), "session_revoked: signed out or revoked");
  }
  {  // disabled in the store alone: the session is not revoked but its user is disabled
    boost::asio::io_context ioc;
    websocket::stream<beast::tcp_stream> ws(ioc);
    Open(ws, Token(Role::kPatrolOfficer));
    ASSERT_TRUE(db_->Exec("UPDATE users SET disabled = 1 WHERE id = " +
                          std::to_string(user_ids_.at(Role::kPatrolOfficer)))
                    .ok());
    EXPECT_EQ(ReadUntilClosed(ws), "session_revoked: user disabled");
  }
  {  // idle: the open stream itself does not keep the session alive
    boost::asio::io_context ioc;
    websocket::stream<beast::tcp_stream> ws(ioc);
    Open(ws, Token(Role::kDispatcher));
    clock_.Advance(options_.sessions.idle_timeout_s + 1);
    EXPECT_EQ(ReadUntilClosed(ws), "session_expired: idle timeout");
  }
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
