#include "geo/projection.h"

#include <proj.h>

#include <cmath>
#include <cstdio>

#include "geo/point_memo.h"

namespace vigil::geo {

std::string UtmCrsFor(double lon, double lat) {
  int zone = static_cast<int>(std::floor((lon + 180.0) / 6.0)) + 1;
  if (zone < 1) zone = 1;
  if (zone > 60) zone = 60;
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "EPSG:%d", (lat >= 0 ? 32600 : 32700) + zone);
  return buffer;
}

struct Projector::Impl {
  PJ_CONTEXT* context = nullptr;
  PJ* transform = nullptr;
  bool identity = false;

  ~Impl() {
    if (transform != nullptr) proj_destroy(transform);
    if (context != nullptr) proj_context_destroy(context);
  }
};

Projector::Projector(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Projector::Projector(Projector&&) noexcept = default;
Projector& Projector::operator=(Projector&&) noexcept = default;
Projector::~Projector() = default;

Result<Projector> Projector::Create(const std::string& from_crs, const std::string& to_crs) {
  auto impl = std::make_unique<Impl>();
  impl->context = proj_context_create();
  proj_log_level(impl->context, PJ_LOG_NONE);
  impl->identity = from_crs == to_crs;
  PJ* raw = proj_create_crs_to_crs(impl->context, from_crs.c_str(), to_crs.c_str(), nullptr);
  if (raw == nullptr) {
    return MakeError(ErrorCode::kUnsupported,
                     "PROJ cannot transform from '" + from_crs + "' to '" + to_crs + "'");
  }
  impl->transform = proj_normalize_for_visualization(impl->context, raw);
  proj_destroy(raw);
  if (impl->transform == nullptr) {
    return MakeError(ErrorCode::kUnsupported,
                     "PROJ cannot normalise axis order for '" + from_crs + "' -> '" + to_crs + "'");
  }
  return Projector(std::move(impl));
}

bool Projector::Transform(double x, double y, XY* out) const {
  if (!std::isfinite(x) || !std::isfinite(y)) return false;
  if (impl_->identity) {
    *out = {x, y};
    return true;
  }
  PJ_COORD c = proj_coord(x, y, 0, 0);
  c = proj_trans(impl_->transform, PJ_FWD, c);
  if (!std::isfinite(c.xy.x) || !std::isfinite(c.xy.y)) return false;
  *out = {c.xy.x, c.xy.y};
  return true;
}

bool Projector::identity() const { return impl_->identity; }

ProjectorCache::ProjectorCache() = default;
ProjectorCache::ProjectorCache(ProjectorCache&&) noexcept = default;
ProjectorCache& ProjectorCache::operator=(ProjectorCache&&) noexcept = default;
ProjectorCache::~ProjectorCache() = default;

PointMemo& ProjectorCache::MemoFor(const Projector* first, const Projector* second) {
  std::unique_ptr<PointMemo>& memo = memos_[{first, second}];
  if (memo == nullptr) memo = std::make_unique<PointMemo>();
  return *memo;
}

Result<std::shared_ptr<const Projector>> ProjectorCache::Get(const std::string& from_crs,
                                                             const std::string& to_crs) {
  auto key = std::make_pair(from_crs, to_crs);
  if (auto it = projectors_.find(key); it != projectors_.end()) return it->second;
  auto created = Projector::Create(from_crs, to_crs);
  if (!created.ok()) return created.error();
  auto shared = std::make_shared<const Projector>(std::move(*created));
  projectors_.emplace(std::move(key), shared);
  return std::shared_ptr<const Projector>(shared);
}

}  // namespace vigil::geo
