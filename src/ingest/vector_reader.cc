#include "ingest/vector_reader.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <memory>
#include <mutex>

#include "core/text.h"

namespace vigil::ingest {
namespace {

void RegisterGdalOnce() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

// Silences GDAL's stderr reports for the scope and keeps the last message for our errors.
class QuietGdal {
 public:
  QuietGdal() {
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
  }
  ~QuietGdal() { CPLPopErrorHandler(); }
  QuietGdal(const QuietGdal&) = delete;
  QuietGdal& operator=(const QuietGdal&) = delete;
  static std::string Last() {
    const char* message = CPLGetLastErrorMsg();
    return message != nullptr && *message != '\0' ? std::string(": ") + message : std::string();
  }
};

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};

std::string CrsName(const OGRSpatialReference& srs) {
  const char* authority = srs.GetAuthorityName(nullptr);
  const char* code = srs.GetAuthorityCode(nullptr);
  if (authority != nullptr && code != nullptr) return std::string(authority) + ":" + code;
  const char* name = srs.GetName();
  return name != nullptr ? name : "unnamed CRS";
}

bool InDegrees(const OGREnvelope& e) {
  return e.MinX >= -180.0001 && e.MaxX <= 180.0001 && e.MinY >= -90.0001 && e.MaxY <= 90.0001;
}

FieldKind KindOf(OGRFieldType type) {
  switch (type) {
    case OFTInteger:
    case OFTInteger64: return FieldKind::kInteger;
    case OFTReal: return FieldKind::kReal;
    case OFTString: return FieldKind::kText;
    default: return FieldKind::kOther;
  }
}

AttributeValue ReadValue(OGRFeature& feature, int i, FieldKind kind) {
  if (!feature.IsFieldSetAndNotNull(i)) return std::monostate{};
  switch (kind) {
    case FieldKind::kInteger: return static_cast<std::int64_t>(feature.GetFieldAsInteger64(i));
    case FieldKind::kReal: {
      const double v = feature.GetFieldAsDouble(i);
      if (!std::isfinite(v)) return std::monostate{};
      return v;
    }
    default: return ToUtf8Lenient(feature.GetFieldAsString(i));
  }
}

// Reprojects, validates and encodes one geometry into `out`.
// OGR MakeValid's result reduced to its polygons; null when repair fails or leaves no area.
// A geometry that was not polygonal to begin with is not repaired.
std::unique_ptr<OGRGeometry> Repair(const OGRGeometry& geometry) {
  const OGRwkbGeometryType type = wkbFlatten(geometry.getGeometryType());
  if (type != wkbPolygon && type != wkbMultiPolygon) return nullptr;
  std::unique_ptr<OGRGeometry> valid(geometry.MakeValid());
  if (!valid) return nullptr;
  const OGRwkbGeometryType made = wkbFlatten(valid->getGeometryType());
  if (made == wkbPolygon || made == wkbMultiPolygon)
    return valid->IsValid() ? std::move(valid) : nullptr;
  if (made != wkbGeometryCollection) return nullptr;
  auto polygons = std::make_unique<OGRMultiPolygon>();
  for (const OGRGeometry* part : *valid->toGeometryCollection()) {
    const OGRwkbGeometryType t = wkbFlatten(part->getGeometryType());
    if (t == wkbPolygon) {
      polygons->addGeometry(part);
    } else if (t == wkbMultiPolygon) {
      for (const OGRPolygon* p : *part->toMultiPolygon()) polygons->addGeometry(p);
    }
  }
  if (polygons->IsEmpty() || !polygons->IsValid()) return nullptr;
  return polygons;
}

void TakeGeometry(std::unique_ptr<OGRGeometry> geometry, OGRCoordinateTransformation* transform,
                  const VectorReadOptions& options, VectorFeature* out) {
  out->geometry_type = OGRToOGCGeomType(wkbFlatten(geometry->getGeometryType()));
  if (geometry->IsEmpty()) {
    out->geometry_problem = "empty geometry";
    return;
  }
  geometry->flattenTo2D();
  if (transform != nullptr && geometry->transform(transform) != OGRERR_NONE) {
    out->geometry_problem = "reprojection to WGS84 failed" + QuietGdal::Last();
    return;
  }
  OGREnvelope envelope;
  geometry->getEnvelope(&envelope);
  if (!InDegrees(envelope)) {
    out->geometry_problem = "coordinates outside longitude/latitude range";
    return;
  }
  if (options.check_validity && !geometry->IsValid()) {
    std::unique_ptr<OGRGeometry> repaired;
    if (options.repair_invalid) repaired = Repair(*geometry);
    if (!repaired) {
      out->geometry_problem = "invalid geometry (self-intersection, bad ring or too few points)";
      return;
    }
    geometry = std::move(repaired);
    out->geometry_type = OGRToOGCGeomType(wkbFlatten(geometry->getGeometryType()));
    out->repaired = true;
    geometry->getEnvelope(&envelope);
  }
  out->min_lon = envelope.MinX;
  out->min_lat = envelope.MinY;
  out->max_lon = envelope.MaxX;
  out->max_lat = envelope.MaxY;
  out->wkb.resize(geometry->WkbSize());
  geometry->exportToWkb(wkbNDR, out->wkb.data(), wkbVariantIso);
}

}  // namespace

Status VectorReadOptions::Validate() const { return Status::Ok(); }

std::optional<std::size_t> VectorLayer::FieldIndex(std::string_view name) const {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == name) return i;
  }
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (EqualsIgnoreCase(fields[i].name, name)) return i;
  }
  return std::nullopt;
}

std::string AttributeText(const AttributeValue& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&value)) {
    if (std::trunc(*d) == *d && std::fabs(*d) < 9e15)
      return std::to_string(static_cast<std::int64_t>(*d));
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, *d);
    return ec == std::errc() ? std::string(buffer, end) : std::string();
  }
  if (const auto* s = std::get_if<std::string>(&value)) return *s;
  return std::string();
}

Result<VectorLayer> ReadVectorLayer(const std::string& path, const VectorReadOptions& options) {
  VIGIL_RETURN_IF_ERROR(options.Validate());
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return MakeError(ErrorCode::kNotFound, "vector file '" + path + "' does not exist");
  }
  RegisterGdalOnce();
  QuietGdal quiet;

  const std::string extension = ToLower(std::filesystem::path(path).extension().string());
  std::vector<std::string> open_options;
  if (!options.encoding.empty() && (extension == ".shp" || extension == ".dbf")) {
    open_options.push_back("ENCODING=" + options.encoding);
  }
  std::vector<const char*> option_ptrs;
  option_ptrs.reserve(open_options.size() + 1);
  for (const std::string& o : open_options) option_ptrs.push_back(o.c_str());
  option_ptrs.push_back(nullptr);

  std::unique_ptr<GDALDataset, DatasetCloser> dataset(GDALDataset::Open(
      path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, option_ptrs.data(), nullptr));
  if (!dataset) {
    return MakeError(ErrorCode::kUnsupported,
                     "'" + path + "' is not a vector file GDAL can read" + QuietGdal::Last());
  }
  OGRLayer* layer = options.layer.empty()
                        ? (dataset->GetLayerCount() > 0 ? dataset->GetLayer(0) : nullptr)
                        : dataset->GetLayerByName(options.layer.c_str());
  if (layer == nullptr) {
    return MakeError(ErrorCode::kNotFound,
                     "'" + path + "' has no layer" +
                         (options.layer.empty() ? std::string() : " '" + options.layer + "'"));
  }

  VectorLayer out;
  out.path = path;
  out.driver = dataset->GetDriver() != nullptr ? dataset->GetDriver()->GetDescription() : "";
  out.layer_name = layer->GetName();
  OGRFeatureDefn* definition = layer->GetLayerDefn();
  for (int i = 0; i < definition->GetFieldCount(); ++i) {
    OGRFieldDefn* field = definition->GetFieldDefn(i);
    out.fields.push_back(FieldInfo{ToUtf8Lenient(field->GetNameRef()), KindOf(field->GetType())});
  }

  // Source CRS: the option, else the file's declaration, else WGS84 (GeoJSON's default).
  const bool has_geometry = definition->GetGeomFieldCount() > 0 && layer->GetGeomType() != wkbNone;
  OGRSpatialReference wgs84;
  wgs84.SetWellKnownGeogCS("WGS84");
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRSpatialReference source = wgs84;
  bool declared = false;
  if (!options.source_crs.empty()) {
    if (source.SetFromUserInput(options.source_crs.c_str()) != OGRERR_NONE) {
      return MakeError(ErrorCode::kInvalidArgument, "unknown CRS '" + options.source_crs +
                                                        "' for '" + path + "'" + QuietGdal::Last());
    }
    declared = true;
  } else if (const OGRSpatialReference* file_srs = layer->GetSpatialRef(); file_srs != nullptr) {
    source = *file_srs;
  }
  source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> transform;
  if (has_geometry) {
    out.source_crs = CrsName(source);
    if (!source.IsSame(&wgs84)) {
      transform.reset(OGRCreateCoordinateTransformation(&source, &wgs84));
      if (!transform) {
        return MakeError(ErrorCode::kInvalidArgument, "cannot transform '" + path + "' from " +
                                                          out.source_crs + " to WGS84" +
                                                          QuietGdal::Last());
      }
    }
    // A geographic CRS (declared or defaulted) with coordinates far outside degrees means the
    // file is projected but does not say so: refuse rather than load garbage.
    OGREnvelope extent;
    if (!declared && source.IsGeographic() && layer->GetExtent(&extent, TRUE) == OGRERR_NONE &&
        !InDegrees(extent)) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "'" + path + "' is read as " + out.source_crs +
                           " (as declared, or the default when the file declares no CRS) but its "
                           "coordinates (x " +
                           std::to_string(extent.MinX) + " to " + std::to_string(extent.MaxX) +
                           ") are not degrees: give the file's CRS (source_crs, --crs)");
    }
  }

  layer->ResetReading();
  std::int64_t index = 0;
  while (true) {
    std::unique_ptr<OGRFeature> feature(layer->GetNextFeature());
    if (!feature) break;
    VectorFeature f;
    f.index = ++index;
    f.values.reserve(out.fields.size());
    for (std::size_t i = 0; i < out.fields.size(); ++i) {
      f.values.push_back(ReadValue(*feature, static_cast<int>(i), out.fields[i].kind));
    }
    if (has_geometry) {
      std::unique_ptr<OGRGeometry> geometry(feature->StealGeometry());
      if (geometry) TakeGeometry(std::move(geometry), transform.get(), options, &f);
    }
    out.features.push_back(std::move(f));
  }
  return out;
}

}  // namespace vigil::ingest
