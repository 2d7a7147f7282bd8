// Bad input gets a clear error and never a crash: malformed and deeply nested JSON, oversized
// bodies and headers, broken HTTP, invalid parameters, slow clients, path tricks on the web
// root. Afterwards the server still answers.
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <filesystem>

#include "test_server.h"

namespace vigil::server::testing {
namespace {

using security::Role;

// Writes raw bytes on a new connection and reads until the server closes it.
std::string RawExchange(std::uint16_t port, const std::string& bytes, bool wait_for_close) {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket socket(ioc);
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  boost::asio::write(socket, boost::asio::buffer(bytes));
  std::string reply;
  char chunk[4096];
  boost::system::error_code ec;
  while (true) {
    const std::size_t n = socket.read_some(boost::asio::buffer(chunk), ec);
    reply.append(chunk, n);
    if (ec) break;
    if (!wait_for_close && reply.find("\r\n\r\n") != std::string::npos) break;
  }
  return reply;
}

class RobustnessTest : public ServerTest {
 protected:
  void Customize(ServerOptions& options) override {
    options.read_timeout_s = 1;
    std::filesystem::create_directories(dir_.File("web/assets"));
    dir_.Write("web/index.html", "<!doctype html><title>Vigil</title>");
    dir_.Write("web/assets/app.js", "console.log('vigil');");
    dir_.Write("secret.txt", "not for the web");
    options.web_root = dir_.File("web");
  }

  void ExpectStillServing() {
    EXPECT_EQ(Get("/api/v1/incidents", Bearer(Token(Role::kAnalyst))).status, 200u);
  }
};

TEST_F(RobustnessTest, MalformedJsonIsABadRequest) {
  for (const std::string body : {"{not json", "", "[1, 2", "\"just a string\"", "{\"name\": 1}"}) {
    const Reply reply = Post("/api/v1/auth/sign-in", body);
    EXPECT_EQ(reply.status, 400u) << body;
    EXPECT_TRUE(reply.code() == "malformed_json" || reply.code() == "bad_request") << reply.body;
  }
  EXPECT_EQ(Post("/api/v1/auth/sign-in", std::string(10'000, '[')).code(), "malformed_json");
  ExpectStillServing();
}

TEST_F(RobustnessTest, AnOversizedBodyIs413) {
  const Reply reply = Post("/api/v1/ingest/vigil-incidents/bulk",
                           "[" + std::string(options_.max_body_bytes, ' ') + "]",
                           Bearer(Token(Role::kAdministrator)));
  EXPECT_EQ(reply.status, 413u);
  EXPECT_EQ(reply.code(), "body_too_large");
  ExpectStillServing();
}

TEST_F(RobustnessTest, OversizedHeadersAre431) {
  const std::string reply =
      RawExchange(server_->port(),
                  "GET /api/v1/incidents HTTP/1.1\r\nHost: x\r\nX-Big: " +
                      std::string(options_.max_header_bytes + 10, 'a') + "\r\n\r\n",
                  false);
  EXPECT_EQ(reply.rfind("HTTP/1.1 431", 0), 0u) << reply.substr(0, 80);
  ExpectStillServing();
}

TEST_F(RobustnessTest, BrokenHttpIsABadRequest) {
  const std::string reply = RawExchange(server_->port(), "GARBAGE\x01\x02 / HTTP/9\r\n\r\n", false);
  EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << reply.substr(0, 80);
  ExpectStillServing();
}

TEST_F(RobustnessTest, InvalidParametersNameTheParameter) {
  const Headers auth = Bearer(Token(Role::kAnalyst));
  for (const std::string query :
       {"limit=abc", "limit=0", "limit=100000", "offset=-1", "from=yesterday", "category=nope",
        "from=2024-02-01&to=2024-01-01", "x=%zz"}) {
    const Reply reply = Get("/api/v1/incidents?" + query, auth);
    EXPECT_EQ(reply.status, 400u) << query << ": " << reply.body;
    EXPECT_EQ(reply.code(), "bad_request") << query;
  }
  EXPECT_NE(Get("/api/v1/incidents?limit=abc", auth)
                .json["error"]["message"]
                .get<std::string>()
                .find("limit"),
            std::string::npos);
  ExpectStillServing();
}

TEST_F(RobustnessTest, ASlowClientIsDisconnected) {
  // Half a request line, then silence: the server must hang up after read_timeout_s.
  const std::string reply = RawExchange(server_->port(), "GET /api/v1/inci", true);
  EXPECT_EQ(reply, "");
  ExpectStillServing();
}

TEST_F(RobustnessTest, StaticFilesAreServedFromTheWebRootOnly) {
  const Reply index = Get("/");
  EXPECT_EQ(index.status, 200u);
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(Get("/assets/app.js").body, "console.log('vigil');");
  for (const std::string target : {"/../secret.txt", "/assets/../../secret.txt",
                                   "/%2e%2e/secret.txt", "/assets/", "/missing.js", "/assets"}) {
    const Reply reply = Get(target);
    EXPECT_EQ(reply.status, 404u) << target;
    EXPECT_EQ(reply.body.find("not for the web"), std::string::npos);
  }
}

}  // namespace
}  // namespace vigil::server::testing
