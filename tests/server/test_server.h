// A server on a loopback ephemeral port over a fresh store with one user per role, a manual
// clock, and a small synchronous Beast client that talks real HTTP to it.
#pragma once

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "security/clock.h"
#include "security/sessions.h"
#include "security/users.h"
#include "server/http_server.h"
#include "store/forecast_store.h"
#include "store/migrations.h"
#include "support/temp_dir.h"

namespace vigil::server::testing {

inline constexpr const char* kPassword = "correct horse battery staple";

// A forecast header over a 10 x 10 grid of 100 m cells in St. Louis's UTM zone (15N),
// stored as `model` for `category` and the slot [slot_start, slot_start + slot_length_s).
inline ForecastHeader TestForecast(std::string model, std::string category,
                                   UnixSeconds slot_start = 1'709'251'200,
                                   std::int64_t slot_length_s = 86'400) {
  return {.model = std::move(model),
          .category = std::move(category),
          .slot_start = slot_start,
          .slot_length_s = slot_length_s,
          .grid = geo::Grid{.origin_x = 740'000,
                            .origin_y = 4'270'000,
                            .cell_size = 100,
                            .columns = 10,
                            .rows = 10},
          .created_at = 1'709'000'000};
}

struct Reply {
  unsigned status = 0;
  std::string body;
  std::string content_type;
  std::string content_encoding;
  nlohmann::json json;  // discarded when the body is not JSON

  // The public error code of an error body, "" otherwise.
  std::string code() const {
    if (!json.is_object() || !json.contains("error")) return "";
    return json["error"].value("code", "");
  }
};

using Headers = std::map<std::string, std::string>;

// Sends one request on a new connection and reads the reply.
inline Reply Send(std::uint16_t port, const std::string& method, const std::string& target,
                  const std::string& body = "", const Headers& headers = {}) {
  namespace beast = boost::beast;
  namespace http = beast::http;
  boost::asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  http::request<http::string_body> request{http::string_to_verb(method), target, 11};
  request.set(http::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  if (!body.empty() && headers.count("Content-Type") == 0) {
    request.set(http::field::content_type, "application/json");
  }
  request.prepare_payload();
  http::write(stream, request);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  beast::error_code ec;
  http::read(stream, buffer, response, ec);
  Reply reply;
  if (ec) return reply;
  reply.status = response.result_int();
  reply.body = response.body();
  reply.content_type = std::string(response[http::field::content_type]);
  reply.content_encoding = std::string(response[http::field::content_encoding]);
  reply.json = nlohmann::json::parse(reply.body, nullptr, false);
  beast::error_code ignored;
  stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  return reply;
}

inline Headers Bearer(const std::string& token, const std::string& purpose = "") {
  Headers headers{{"Authorization", "Bearer " + token}};
  if (!purpose.empty()) headers["X-Vigil-Purpose"] = purpose;
  return headers;
}

inline std::string UserName(security::Role role) {
  return std::string(security::RoleName(role)) + "-user";
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.store_path = dir_.File("city.sqlite");
    options_.port = 0;
    options_.threads = 2;
    options_.max_body_bytes = 64 * 1024;
    options_.read_timeout_s = 2;
    options_.users = security::TestUserOptions();
    Customize(options_);
    auto db = sqlite::OpenStoreDatabase(options_.store_path);
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_.emplace(std::move(*db));
    users_.emplace(*db_, clock_, options_.users);
    sessions_.emplace(*db_, clock_, options_.sessions);
    for (security::Role role : security::AllRoles()) {
      auto user = users_->CreateUser(UserName(role), role, kPassword);
      ASSERT_TRUE(user.ok()) << user.error().message;
      user_ids_[role] = user->id;
    }
    auto server = Server::Start(options_, clock_);
    ASSERT_TRUE(server.ok()) << server.error().message;
    server_ = std::move(*server);
  }
  void TearDown() override {
    if (server_) server_->Stop();
  }

  // Lets a test change options before the server starts.
  virtual void Customize(ServerOptions&) {}

  // A fresh session of the role's user, made directly in the store.
  std::string Token(security::Role role) {
    auto token = sessions_->Create(user_ids_.at(role));
    EXPECT_TRUE(token.ok());
    return token.ok() ? *token : std::string();
  }

  Reply Get(const std::string& target, const Headers& headers = {}) {
    return Send(server_->port(), "GET", target, "", headers);
  }
  Reply Post(const std::string& target, const std::string& body, const Headers& headers = {}) {
    return Send(server_->port(), "POST", target, body, headers);
  }
  // Ingests one located theft at (-90.2, 38.6) as a dispatcher: the first located record gives
  // the store its city CRS (UTM zone 15N).
  Reply IngestCityIncident() {
    const nlohmann::json incident = {{"id", "p1"},
                                     {"category", "theft"},
                                     {"occurred", "2024-03-01 09:00:00"},
                                     {"reported", "2024-03-01 09:05:00"},
                                     {"lon", -90.2},
                                     {"lat", 38.6}};
    return Post("/api/v1/ingest/vigil-incidents", incident.dump(),
                Bearer(Token(security::Role::kDispatcher)));
  }

  vigil::testing::TempDir dir_;
  security::ManualClock clock_;
  ServerOptions options_;
  std::optional<sqlite::Database> db_;
  std::optional<security::UserStore> users_;
  std::optional<security::SessionStore> sessions_;
  std::map<security::Role, std::int64_t> user_ids_;
  std::unique_ptr<Server> server_;
};

}  // namespace vigil::server::testing
