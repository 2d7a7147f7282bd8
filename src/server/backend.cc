#include "server/backend.h"

#include "store/migrations.h"
#include "store/sqlite_reference_store.h"
#include "store/sqlite_store.h"

namespace vigil::server {

Backend::Backend(sqlite::Database database, const ServerOptions& options,
                 const security::Clock& clock)
    : db(std::move(database)),
      users(db, clock, options.users),
      sessions(db, clock, options.sessions),
      audit(db, clock) {}

Result<std::unique_ptr<Backend>> Backend::Open(const ServerOptions& options,
                                               const security::Clock& clock) {
  auto db = sqlite::OpenStoreDatabase(options.store_path);
  if (!db.ok()) return db.error();
  std::unique_ptr<Backend> backend(new Backend(std::move(*db), options, clock));
  auto store = OpenSqliteStore(options.store_path);
  if (!store.ok()) return store.error();
  backend->store = std::move(*store);
  auto references = OpenSqliteReferenceStore(options.store_path);
  if (!references.ok()) return references.error();
  backend->references = std::move(*references);
  auto forecasts = ForecastStore::Open(options.store_path);
  if (!forecasts.ok()) return forecasts.error();
  backend->forecasts.emplace(std::move(*forecasts));
  return backend;
}

Result<const geo::Projector*> Backend::ToWgs84() {
  if (to_wgs84_) return &*to_wgs84_;
  auto crs = store->GetSetting("city.crs");
  if (!crs.ok()) return crs.error();
  if (!crs->has_value() || (*crs)->empty()) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the store has no city CRS yet: load located records first");
  }
  auto projector = geo::Projector::Create(**crs, "EPSG:4326");
  if (!projector.ok()) return projector.error();
  to_wgs84_.emplace(std::move(*projector));
  return &*to_wgs84_;
}

Result<TimeZone*> Backend::CityTimeZone() {
  auto setting = store->GetSetting("city.timezone");
  if (!setting.ok()) return setting.error();
  const std::string name = setting->value_or("").empty() ? "UTC" : **setting;
  if (!time_zone_ || time_zone_->name() != name) {
    auto zone = TimeZone::Load(name);
    if (!zone.ok()) return zone.error();
    time_zone_.emplace(std::move(*zone));
  }
  return &*time_zone_;
}

Result<std::unique_ptr<BackendPool>> BackendPool::Open(const ServerOptions& options,
                                                       const security::Clock& clock, int size) {
  std::unique_ptr<BackendPool> pool(new BackendPool());
  for (int i = 0; i < size; ++i) {
    auto backend = Backend::Open(options, clock);
    if (!backend.ok()) return backend.error();
    MutexLock lock(&pool->mutex_);  // not shared yet; the lock states the rule
    pool->free_.push_back(backend->get());
    pool->all_.push_back(std::move(*backend));
  }
  return pool;
}

BackendPool::Lease BackendPool::Acquire() {
  MutexLock lock(&mutex_);
  while (free_.empty()) mutex_.Wait(freed_);
  Backend* backend = free_.back();
  free_.pop_back();
  return Lease(this, backend);
}

void BackendPool::Release(Backend* backend) {
  {
    MutexLock lock(&mutex_);
    free_.push_back(backend);
  }
  freed_.notify_one();
}

}  // namespace vigil::server
