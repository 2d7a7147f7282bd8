// `vigil serve` over TLS: a self-signed certificate made in the test (OpenSSL, P-256, SAN
// 127.0.0.1), a Beast client that verifies it, and the refusals: plain HTTP on the TLS port,
// a client that offers only TLS 1.1, and a client that does not trust the certificate.
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>
#include <cstdio>
#include <memory>

#include "server/test_server.h"

namespace vigil::server::testing {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = boost::asio::ssl;

// Writes a self-signed P-256 certificate for 127.0.0.1 (CN and subjectAltName) and its key as
// PEM files. Returns false on any OpenSSL failure.
bool WriteSelfSignedCertificate(const std::string& cert_path, const std::string& key_path) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  if (!key) return false;
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  if (!cert) return false;
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  for (const auto& [nid, value] : {std::pair{NID_subject_alt_name, "IP:127.0.0.1"},
                                   std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (ext == nullptr) return false;
    X509_add_ext(cert.get(), ext, -1);
    X509_EXTENSION_free(ext);
  }
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) return false;
  FILE* c = std::fopen(cert_path.c_str(), "wb");
  FILE* k = std::fopen(key_path.c_str(), "wb");
  const bool written =
      c != nullptr && k != nullptr && PEM_write_X509(c, cert.get()) == 1 &&
      PEM_write_PrivateKey(k, key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1;
  if (c != nullptr) std::fclose(c);
  if (k != nullptr) std::fclose(k);
  return written;
}

struct TlsReply {
  bool handshake_ok = false;
  std::string handshake_error;
  Reply reply;
};

// One HTTPS request on a new connection. `trust` is the CA file the client verifies the server
// against ("" = verify against nothing, which must fail); `max_version` caps the client's
// protocol (0 = OpenSSL's default).
TlsReply SendTls(std::uint16_t port, const std::string& trust, const std::string& method,
                 const std::string& target, const std::string& body, const Headers& headers,
                 int max_version = 0) {
  TlsReply out;
  boost::asio::io_context ioc;
  ssl::context ctx(ssl::context::tls_client);
  ctx.set_verify_mode(ssl::verify_peer);
  if (!trust.empty()) ctx.load_verify_file(trust);
  if (max_version != 0) SSL_CTX_set_max_proto_version(ctx.native_handle(), max_version);
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  stream.set_verify_callback(ssl::host_name_verification("127.0.0.1"));
  beast::get_lowest_layer(stream).connect(
      boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
  beast::error_code ec;
  stream.handshake(ssl::stream_base::client, ec);
  if (ec) {
    out.handshake_error = ec.message();
    return out;
  }
  out.handshake_ok = true;
  http::request<http::string_body> request{http::string_to_verb(method), target, 11};
  request.set(http::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  if (!body.empty()) request.set(http::field::content_type, "application/json");
  request.prepare_payload();
  http::write(stream, request, ec);
  if (ec) return out;
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response, ec);
  if (ec) return out;
  out.reply.status = response.result_int();
  out.reply.body = response.body();
  out.reply.json = nlohmann::json::parse(out.reply.body, nullptr, false);
  stream.shutdown(ec);  // the server may close first; either way the exchange is complete
  return out;
}

class TlsTest : public ServerTest {
 protected:
  void Customize(ServerOptions& options) override {
    cert_ = dir_.File("server.crt");
    ASSERT_TRUE(WriteSelfSignedCertificate(cert_, dir_.File("server.key")));
    options.tls_cert = cert_;
    options.tls_key = dir_.File("server.key");
  }
  std::string cert_;
};

TEST_F(TlsTest, SignsInAndServesOverAVerifiedConnection) {
  const std::string credentials =
      nlohmann::json{{"name", UserName(security::Role::kAnalyst)}, {"password", kPassword}}.dump();
  TlsReply sign_in =
      SendTls(server_->port(), cert_, "POST", "/api/v1/auth/sign-in", credentials, {});
  ASSERT_TRUE(sign_in.handshake_ok) << sign_in.handshake_error;
  ASSERT_EQ(sign_in.reply.status, 200u) << sign_in.reply.body;
  const std::string token = sign_in.reply.json.value("token", "");
  ASSERT_FALSE(token.empty()) << sign_in.reply.body;

  TlsReply areas = SendTls(server_->port(), cert_, "GET", "/api/v1/areas", "", Bearer(token));
  ASSERT_TRUE(areas.handshake_ok) << areas.handshake_error;
  EXPECT_EQ(areas.reply.status, 200u) << areas.reply.body;
  // Deny by default holds over TLS too.
  TlsReply anonymous = SendTls(server_->port(), cert_, "GET", "/api/v1/areas", "", {});
  EXPECT_EQ(anonymous.reply.status, 401u) << anonymous.reply.body;
}

TEST_F(TlsTest, RefusesPlainHttpOldProtocolsAndUntrustingClients) {
  // Plain HTTP to the TLS port gets no HTTP answer.
  EXPECT_EQ(Get("/api/v1/areas").status, 0u);
  // A client capped at TLS 1.1 cannot complete a handshake (the server allows 1.2 and up).
  TlsReply old = SendTls(server_->port(), cert_, "GET", "/api/v1/areas", "", {}, TLS1_1_VERSION);
  EXPECT_FALSE(old.handshake_ok);
  // A client that does not trust the self-signed certificate rejects it.
  TlsReply untrusted = SendTls(server_->port(), "", "GET", "/api/v1/areas", "", {});
  EXPECT_FALSE(untrusted.handshake_ok);
  // The server is still serving after the failed handshakes.
  TlsReply fine = SendTls(server_->port(), cert_, "GET", "/api/v1/areas", "", {});
  ASSERT_TRUE(fine.handshake_ok) << fine.handshake_error;
  EXPECT_EQ(fine.reply.status, 401u);
}

}  // namespace
}  // namespace vigil::server::testing
