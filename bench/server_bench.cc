// API server on loopback, bounded: a generated city (200,000 incidents over a year, a
// whole-city forecast grid of 150 x 150 cells of 100 m) served by `vigil_server` on 2 threads.
// Clients on keep-alive connections send at a fixed rate (open loop: latency is measured from
// each request's scheduled time, so a stalled server cannot hide its queue); p50 / p99 / max
// of the grid-risk layer and of a paged incident query are printed beside a static file of the
// same size served by the same server. The clients share the machine's cores with the server.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "security/clock.h"
#include "security/sessions.h"
#include "security/users.h"
#include "server/http_server.h"
#include "store/forecast_store.h"
#include "store/migrations.h"
#include "store/sqlite_store.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace beast = boost::beast;
namespace http = beast::http;

struct Workload {
  const char* name;
  std::string target;
  double rate;     // requests per second, all clients together
  double seconds;  // duration
  int clients;     // connections
};

struct Figures {
  double p50_ms = 0, p99_ms = 0, max_ms = 0;
  std::size_t requests = 0, errors = 0, bytes = 0;
};

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

Figures Run(std::uint16_t port, const std::string& token, const Workload& w) {
  const auto total = static_cast<std::size_t>(w.rate * w.seconds);
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(w.clients));
  std::atomic<std::size_t> errors{0};
  std::atomic<std::size_t> bytes{0};
  const auto start = Clock::now() + std::chrono::milliseconds(50);
  std::vector<std::thread> threads;
  for (int c = 0; c < w.clients; ++c) {
    threads.emplace_back([&, c] {
      boost::asio::io_context ioc;
      beast::tcp_stream stream(ioc);
      stream.connect({boost::asio::ip::make_address("127.0.0.1"), port});
      beast::flat_buffer buffer;
      for (std::size_t i = static_cast<std::size_t>(c); i < total;
           i += static_cast<std::size_t>(w.clients)) {
        const auto due = start + std::chrono::nanoseconds(static_cast<std::int64_t>(
                                     1e9 * static_cast<double>(i) / w.rate));
        std::this_thread::sleep_until(due);
        http::request<http::empty_body> request{http::verb::get, w.target, 11};
        request.set(http::field::host, "127.0.0.1");
        request.set(http::field::authorization, "Bearer " + token);
        request.set(http::field::accept_encoding, "gzip");
        request.keep_alive(true);
        http::response<http::string_body> response;
        beast::error_code ec;
        http::write(stream, request, ec);
        if (!ec) http::read(stream, buffer, response, ec);
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - due).count();
        if (ec || response.result_int() != 200) {
          ++errors;
          if (ec) return;
        }
        bytes += response.body().size();
        latencies[static_cast<std::size_t>(c)].push_back(ms);
      }
    });
  }
  for (auto& t : threads) t.join();
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  Figures f;
  f.requests = all.size();
  f.errors = errors;
  f.bytes = all.empty() ? 0 : bytes / all.size();
  f.p50_ms = Percentile(all, 0.50);
  f.p99_ms = Percentile(all, 0.99);
  f.max_ms = all.empty() ? 0 : *std::max_element(all.begin(), all.end());
  return f;
}

bool Check(const vigil::Status& s, const char* what) {
  if (!s.ok()) std::fprintf(stderr, "server_bench: %s: %s\n", what, s.error().message.c_str());
  return s.ok();
}

}  // namespace

int main() {
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::temp_directory_path() / ("vigil-server-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir / "web");
  const std::string store_path = (dir / "city.sqlite").string();
  constexpr vigil::UnixSeconds kYear = 1'704'067'200;  // 2024-01-01
  constexpr double kX0 = 740'000, kY0 = 4'270'000, kSpan = 15'000;
  {
    auto store = vigil::OpenSqliteStore(store_path);
    if (!store.ok()) return 1;
    if (!Check((*store)->SetSetting("city.crs", "EPSG:32615"), "setting")) return 1;
    auto load = (*store)->BeginLoad("bench", "generated");
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<vigil::Incident> batch;
    for (int i = 0; i < 200'000; ++i) {
      vigil::Incident inc;
      inc.source = "bench";
      inc.source_id = std::to_string(i);
      inc.category = vigil::kAllCategories[static_cast<std::size_t>(i) % vigil::kCategoryCount];
      inc.reported_at = inc.occurred_at =
          kYear + static_cast<vigil::UnixSeconds>(u(rng) * 365 * 86'400);
      inc.location = vigil::Location{-90.2, 38.6, kX0 + u(rng) * kSpan, kY0 + u(rng) * kSpan};
      inc.district = std::to_string(i % 9 + 1);
      batch.push_back(std::move(inc));
      if (batch.size() == 50'000) {
        vigil::UpsertCounts counts;
        if (!Check((*store)->WriteIncidentBatch(*load, batch, {}, &counts), "write")) return 1;
        batch.clear();
      }
    }
    auto forecasts = vigil::ForecastStore::Open(store_path);
    if (!forecasts.ok()) return 1;
    vigil::ForecastHeader header{
        .model = "kde",
        .category = "theft",
        .slot_start = kYear + 180 * 86'400,
        .slot_length_s = 86'400,
        .grid = {.origin_x = kX0, .origin_y = kY0, .cell_size = 100, .columns = 150, .rows = 150},
        .created_at = kYear};
    std::vector<vigil::ForecastCell> cells;
    for (std::int64_t c = 0; c < header.grid.cell_count(); ++c) {
      cells.push_back({.cell = c,
                       .expected = 0.001 * static_cast<double>(c % 97),
                       .grade = static_cast<int>(c % 10) + 1});
    }
    if (!forecasts->Save(header, cells).ok()) return 1;
  }
  vigil::security::SystemClock clock;
  vigil::server::ServerOptions options;
  options.store_path = store_path;
  options.port = 0;
  options.threads = 2;
  options.web_root = (dir / "web").string();
  options.users = vigil::security::TestUserOptions();
  std::string token;
  {
    auto db = vigil::sqlite::OpenStoreDatabase(store_path);
    if (!db.ok()) return 1;
    vigil::security::UserStore users(*db, clock, options.users);
    auto user =
        users.CreateUser("bench-analyst", vigil::security::Role::kAnalyst, "a long bench password");
    vigil::security::SessionStore sessions(*db, clock);
    if (!user.ok()) return 1;
    auto created = sessions.Create(user->id);
    if (!created.ok()) return 1;
    token = *created;
  }
  auto server = vigil::server::Server::Start(options, clock);
  if (!server.ok()) {
    std::fprintf(stderr, "server_bench: %s\n", server.error().message.c_str());
    return 1;
  }
  const std::uint16_t port = (*server)->port();
  const std::string grid = "/api/v1/layers/risk?at=2024-06-29T12:00:00Z&category=theft";
  const std::string incidents =
      "/api/v1/incidents?from=2024-03-01&to=2024-04-01&category=theft&limit=100";
  // Static baselines the size of each API answer, from the same server.
  const Figures cold = Run(port, token, {"cold", grid, 1, 1, 1});
  const Figures incident_probe = Run(port, token, {"probe", incidents, 10, 0.1, 1});
  {
    std::FILE* f = std::fopen((dir / "web/grid.json").c_str(), "wb");
    std::string text(cold.bytes, 'x');
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
    f = std::fopen((dir / "web/page.json").c_str(), "wb");
    text.assign(incident_probe.bytes, 'x');
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
  }
  std::printf(
      "server_bench: loopback, 2 server threads, 200,000 incidents, %lld-cell grid (%.2f MB "
      "gzip)\n",
      150LL * 150, static_cast<double>(cold.bytes) / 1e6);
  std::printf("grid-risk layer, first (uncached) render: %.1f ms\n", cold.max_ms);
  std::printf("%-34s %8s %6s %9s %9s %9s %7s\n", "workload", "rate/s", "reqs", "p50 ms", "p99 ms",
              "max ms", "errors");
  const std::vector<Workload> workloads = {
      {"grid-risk layer (whole city)", grid, 20, 5, 2},
      {"static file, same size as grid", "/grid.json", 20, 5, 2},
      {"incident query (100 per page)", incidents, 500, 5, 8},
      {"static file, same size as page", "/page.json", 500, 5, 8},
  };
  for (const Workload& w : workloads) {
    const Figures f = Run(port, token, w);
    std::printf("%-34s %8.0f %6zu %9.2f %9.2f %9.2f %7zu\n", w.name, w.rate, f.requests, f.p50_ms,
                f.p99_ms, f.max_ms, f.errors);
  }
  (*server)->Stop();
  std::error_code ignored;
  fs::remove_all(dir, ignored);
  return 0;
}
