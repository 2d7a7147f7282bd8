// Store connections for one request at a time. The store classes are not thread-safe, so the
// server keeps one Backend per worker thread in a BackendPool and a request borrows one.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/mutex.h"
#include "core/time.h"
#include "geo/projection.h"
#include "security/audit_log.h"
#include "security/clock.h"
#include "security/sessions.h"
#include "security/users.h"
#include "server/options.h"
#include "store/forecast_store.h"
#include "store/reference_store.h"
#include "store/sqlite_db.h"
#include "store/store.h"

namespace vigil::server {

// One set of connections to the store file. Used by one thread at a time.
struct Backend {
  static Result<std::unique_ptr<Backend>> Open(const ServerOptions& options,
                                               const security::Clock& clock);

  // City CRS -> WGS84, built on first use from the store setting "city.crs"; nullptr (with an
  // error) when the store has no CRS yet.
  Result<const geo::Projector*> ToWgs84();
  // The city's time zone: the store setting "city.timezone" (set by the first CSV load from
  // its profile), "UTC" when unset. Reloaded when the setting changes.
  Result<TimeZone*> CityTimeZone();

  sqlite::Database db;  // users, sessions, audit trail, record queries
  security::UserStore users;
  security::SessionStore sessions;
  security::AuditLog audit;
  std::unique_ptr<Store> store;
  std::unique_ptr<ReferenceStore> references;
  std::optional<ForecastStore> forecasts;
  // Coordinate transformations of the ingest endpoints' parsers, created once per Backend
  // instead of once per request (creating one reads PROJ's database, about ten milliseconds).
  geo::ProjectorCache projectors;

 private:
  Backend(sqlite::Database database, const ServerOptions& options, const security::Clock& clock);
  std::optional<geo::Projector> to_wgs84_;
  std::optional<TimeZone> time_zone_;
};

// A fixed set of Backends. Thread-safe.
class BackendPool {
 public:
  static Result<std::unique_ptr<BackendPool>> Open(const ServerOptions& options,
                                                   const security::Clock& clock, int size);

  // A borrowed Backend, returned to the pool when the lease ends.
  class Lease {
   public:
    Lease(BackendPool* pool, Backend* backend) : pool_(pool), backend_(backend) {}
    Lease(Lease&& o) noexcept : pool_(o.pool_), backend_(o.backend_) { o.backend_ = nullptr; }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (backend_ != nullptr) pool_->Release(backend_);
    }
    Backend& operator*() const { return *backend_; }
    Backend* operator->() const { return backend_; }

   private:
    BackendPool* pool_;
    Backend* backend_;
  };

  // Waits until a Backend is free.
  Lease Acquire() VIGIL_EXCLUDES(mutex_);

 private:
  BackendPool() = default;
  void Release(Backend* backend) VIGIL_EXCLUDES(mutex_);

  std::vector<std::unique_ptr<Backend>> all_;
  Mutex mutex_;
  std::condition_variable_any freed_;
  std::vector<Backend*> free_ VIGIL_GUARDED_BY(mutex_);
};

}  // namespace vigil::server
