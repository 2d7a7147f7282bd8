// Map layers: areas as GeoJSON, the force's assets (stations, cameras, units), the roads the
// server routes on, the list of layers, and stored risk forecasts as GeoJSON grids (by id, or
// for a slot and category through the "risk" layer).
#include <cmath>
#include <cstdint>

#include "server/asset_layers.h"
#include "server/geojson.h"
#include "server/handlers.h"
#include "server/request_parsing.h"
#include "server/road_service.h"

namespace vigil::server {
namespace {

using nlohmann::json;

// GET /api/v1/areas?kind=K[&geometry=false]
ApiResponse ListAreas(HandlerContext& c) {
  const QueryParams params(c.request.params);
  const std::string kind = params.Text("kind").value_or("");
  const bool with_geometry = params.Text("geometry").value_or("true") != "false";
  json features = json::array();
  const Status read = c.backend.references->ForEachArea(
      kind, [&](const Area& area) { features.push_back(AreaFeature(area, with_geometry)); });
  if (!read.ok()) return ErrorResponse(read.error());
  return JsonResponse({{"type", "FeatureCollection"}, {"features", std::move(features)}});
}

// GET /api/v1/areas/{kind:code}
ApiResponse GetArea(HandlerContext& c) {
  const std::string& id = c.request.args.at("id");
  const std::size_t colon = id.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == id.size()) {
    return ErrorResponse(ApiError::kBadRequest, "an area id is 'kind:code', e.g. district:3");
  }
  auto area = c.backend.references->FindArea(id.substr(0, colon), id.substr(colon + 1));
  if (!area.ok()) return ErrorResponse(area.error());
  if (!*area) return ErrorResponse(ApiError::kNotFound, "no area " + id);
  return JsonResponse(AreaFeature(**area, true));
}

// Layer names served from the asset tables or the road graph rather than the areas table.
bool IsAssetLayer(const std::string& name) {
  return name == "roads" || name == kStationsLayer || name == kCamerasLayer ||
         name == kCameraCoverageLayer || name == kUnitsLayer;
}

ApiResponse ListLayers(HandlerContext& c) {
  auto kinds = c.backend.references->AreaKinds();
  if (!kinds.ok()) return ErrorResponse(kinds.error());
  auto counts = c.backend.references->Count();
  if (!counts.ok()) return ErrorResponse(counts.error());
  json layers = json::array();
  for (const auto& [kind, count] : *kinds) {
    if (IsAssetLayer(kind)) continue;  // an asset layer of that name shadows the area kind
    layers.push_back({{"name", kind}, {"type", "areas"}, {"features", count}});
  }
  if (const RoadService* roads = c.services.roads) {
    layers.push_back({{"name", "roads"}, {"type", "roads"}, {"features", roads->lines}});
  }
  layers.push_back({{"name", kStationsLayer}, {"type", "points"}, {"features", counts->stations}});
  layers.push_back({{"name", kCamerasLayer}, {"type", "points"}, {"features", counts->cameras}});
  layers.push_back(
      {{"name", kCameraCoverageLayer}, {"type", "polygons"}, {"features", counts->cameras}});
  layers.push_back({{"name", kUnitsLayer}, {"type", "units"}, {"features", counts->units}});
  layers.push_back(
      {{"name", "risk"}, {"type", "forecast_grid"}, {"parameters", {"at", "category", "model"}}});
  return JsonResponse({{"items", std::move(layers)}});
}

ApiResponse LayerResponse(const RenderedLayer& layer, bool gzip) {
  ApiResponse response{.status = 200, .content_type = "application/geo+json"};
  if (gzip && !layer.gzip.empty()) {
    response.content_encoding = "gzip";
    response.body = layer.gzip;
  } else {
    response.body = layer.json;
  }
  return response;
}

// The GeoJSON of one stored forecast, rendered (and gzipped) once and cached; gzip is sent
// when the client accepts it.
ApiResponse ForecastLayer(HandlerContext& c, std::int64_t id) {
  if (auto cached = c.services.layers->Find(id)) {
    return LayerResponse(*cached, c.request.accepts_gzip);
  }
  auto header = c.backend.forecasts->Header(id);
  if (!header.ok()) return ErrorResponse(header.error());
  auto cells = c.backend.forecasts->Cells(id);
  if (!cells.ok()) return ErrorResponse(cells.error());
  auto projector = c.backend.ToWgs84();
  if (!projector.ok()) return ErrorResponse(projector.error());
  auto layer = std::make_shared<RenderedLayer>();
  layer->json = ForecastGeoJson(id, *header, *cells, **projector)
                    .dump(-1, ' ', false, json::error_handler_t::replace);
  layer->gzip = Gzip(layer->json);
  c.services.layers->Put(id, layer);
  return LayerResponse(*layer, c.request.accepts_gzip);
}

Result<ForecastFilter> ForecastFilterFrom(const ApiRequest& request) {
  const QueryParams params(request.params);
  ForecastFilter filter;
  filter.model = params.Text("model");
  filter.category = params.Text("category");
  if (filter.category && *filter.category != "major" && !ParseCategory(*filter.category)) {
    return MakeError(ErrorCode::kInvalidArgument, "unknown category '" + *filter.category + "'");
  }
  auto at = params.Time("at");
  if (!at.ok()) return at.error();
  filter.covering = *at;
  auto limit = params.Int("limit", 1, 1000);
  if (!limit.ok()) return limit.error();
  filter.limit = limit->value_or(100);
  return filter;
}

ApiResponse AssetLayer(HandlerContext& c, const std::string& name) {
  if (name == "roads") {
    if (c.services.roads == nullptr) {
      return ErrorResponse(ApiError::kNotFound,
                           "no layer 'roads': the server was started without a road file");
    }
    return LayerResponse(c.services.roads->layer, c.request.accepts_gzip);
  }
  ReferenceStore& refs = *c.backend.references;
  auto layer = name == kStationsLayer  ? StationsGeoJson(refs)
               : name == kCamerasLayer ? CamerasGeoJson(refs)
               : name == kUnitsLayer   ? UnitsGeoJson(refs)
                                       : CameraCoverageGeoJson(refs);
  if (!layer.ok()) return ErrorResponse(layer.error());
  ApiResponse response = JsonResponse(*layer);
  response.content_type = "application/geo+json";
  return response;
}

// GET /api/v1/layers/{name}: an area kind as GeoJSON; roads, stations, cameras,
// camera-coverage or units (asset_layers.h); or "risk" (?at=T&category=C[&model=M]): the
// newest stored forecast whose slot contains T.
ApiResponse GetLayer(HandlerContext& c) {
  const std::string& name = c.request.args.at("name");
  if (IsAssetLayer(name)) return AssetLayer(c, name);
  if (name != "risk") {
    json features = json::array();
    const Status read = c.backend.references->ForEachArea(
        name, [&](const Area& area) { features.push_back(AreaFeature(area, true)); });
    if (!read.ok()) return ErrorResponse(read.error());
    if (features.empty()) return ErrorResponse(ApiError::kNotFound, "no layer '" + name + "'");
    return JsonResponse({{"type", "FeatureCollection"}, {"name", name}, {"features", features}});
  }
  auto filter = ForecastFilterFrom(c.request);
  if (!filter.ok()) return ErrorResponse(filter.error());
  if (!filter->covering || !filter->category) {
    return ErrorResponse(ApiError::kBadRequest, "the risk layer needs 'at' and 'category'");
  }
  filter->limit = 1;
  auto found = c.backend.forecasts->List(*filter);
  if (!found.ok()) return ErrorResponse(found.error());
  if (found->empty()) {
    return ErrorResponse(ApiError::kNotFound, "no stored forecast covers that slot and category");
  }
  return ForecastLayer(c, found->front().id);
}

ApiResponse ListForecasts(HandlerContext& c) {
  auto filter = ForecastFilterFrom(c.request);
  if (!filter.ok()) return ErrorResponse(filter.error());
  auto found = c.backend.forecasts->List(*filter);
  if (!found.ok()) return ErrorResponse(found.error());
  json items = json::array();
  for (const ForecastSummary& f : *found) items.push_back(ForecastHeaderJson(f.id, f.header));
  return JsonResponse({{"items", std::move(items)}});
}

ApiResponse GetForecast(HandlerContext& c) {
  auto id = IdArg(c.request, "id");
  if (!id.ok()) return ErrorResponse(id.error());
  return ForecastLayer(c, *id);
}

// One explained cell: {"cell", "grade", "expected", "centroid": [lon, lat] (only with a
// projector), "reasons": [{"rank", "text", "feature", "contribution"}]}.
json ExplainedCellJson(const ExplainedCell& cell, const geo::Grid& grid,
                       const geo::Projector* to_wgs84) {
  json reasons = json::array();
  for (const CellReason& r : cell.reasons) {
    reasons.push_back({{"rank", r.rank},
                       {"text", r.text},
                       {"feature", r.feature},
                       {"contribution", r.contribution}});
  }
  json item = {{"cell", cell.cell}, {"grade", cell.grade}, {"expected", cell.expected}};
  geo::XY centre;
  if (to_wgs84 != nullptr && cell.cell >= 0 && cell.cell < grid.cell_count() &&
      to_wgs84->Transform(grid.CenterX(cell.cell), grid.CenterY(cell.cell), &centre)) {
    item["centroid"] = {std::round(centre.x * 1e6) / 1e6, std::round(centre.y * 1e6) / 1e6};
  }
  item["reasons"] = std::move(reasons);
  return item;
}

// GET /api/v1/forecasts/{id}/reasons[?cell=ID]: the stored reasons of the forecast's explained
// cells, highest grade first. Without `cell`: {"forecast_id", "items": [...]} (empty when none
// are stored); with it: that cell's item alone, 404 when it has no stored reasons.
ApiResponse ForecastReasons(HandlerContext& c) {
  auto id = IdArg(c.request, "id");
  if (!id.ok()) return ErrorResponse(id.error());
  const QueryParams params(c.request.params);
  auto cell = params.Int("cell", 0, INT64_MAX);
  if (!cell.ok()) return ErrorResponse(cell.error());
  auto header = c.backend.forecasts->Header(*id);
  if (!header.ok()) return ErrorResponse(header.error());
  auto explained = c.backend.forecasts->ExplainedCells(*id, *cell);
  if (!explained.ok()) return ErrorResponse(explained.error());
  auto projector = c.backend.ToWgs84();  // no centroids when the store has no CRS
  const geo::Projector* to_wgs84 = projector.ok() ? *projector : nullptr;
  if (*cell) {
    if (explained->empty()) {
      return ErrorResponse(ApiError::kNotFound, "cell " + std::to_string(**cell) + " of forecast " +
                                                    std::to_string(*id) + " has no stored reasons");
    }
    return JsonResponse(ExplainedCellJson(explained->front(), header->grid, to_wgs84));
  }
  json items = json::array();
  for (const ExplainedCell& e : *explained) {
    items.push_back(ExplainedCellJson(e, header->grid, to_wgs84));
  }
  return JsonResponse({{"forecast_id", *id}, {"items", std::move(items)}});
}

}  // namespace

void RegisterMapHandlers(Router& router) {
  router.Add("areas.list", ListAreas);
  router.Add("areas.get", GetArea);
  router.Add("layers.list", ListLayers);
  router.Add("layers.get", GetLayer);
  router.Add("forecasts.list", ListForecasts);
  router.Add("forecasts.get", GetForecast);
  router.Add("forecasts.reasons", ForecastReasons);
}

Router MakeApiRouter() {
  Router router;
  RegisterAuthHandlers(router);
  RegisterMapHandlers(router);
  RegisterRecordHandlers(router);
  RegisterPersonalHandlers(router);
  RegisterAdminHandlers(router);
  RegisterPatrolHandlers(router);
  RegisterIngestHandlers(router);
  return router;
}

}  // namespace vigil::server
