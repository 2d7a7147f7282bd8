#include "stats/area_table.h"

#include <cpl_error.h>
#include <gdal.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <memory>
#include <mutex>
#include <set>

#include "core/text.h"

namespace vigil::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void RegisterGdalOnce() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

// Silences GDAL's stderr reports for the scope; keeps the last message for our errors.
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

bool IsNumericType(OGRFieldType type) {
  return type == OFTInteger || type == OFTInteger64 || type == OFTReal;
}

// Value of field `i` as a number: NaN for null/empty, nullopt for text that is not a number.
std::optional<double> NumericValue(OGRFeature& feature, int i) {
  if (!feature.IsFieldSetAndNotNull(i)) return kNaN;
  if (IsNumericType(feature.GetFieldDefnRef(i)->GetType())) {
    const double v = feature.GetFieldAsDouble(i);
    return std::isfinite(v) ? v : kNaN;
  }
  const std::string_view text = Trim(feature.GetFieldAsString(i));
  if (text.empty()) return kNaN;
  double v = 0;
  if (!ParseDouble(text, &v)) return std::nullopt;
  return std::isfinite(v) ? v : kNaN;
}

std::vector<std::size_t> Expand(const AreaTable& table, const std::vector<std::string>& names,
                                Status* status) {
  std::vector<std::size_t> out;
  for (const std::string& name : names) {
    const bool prefix = !name.empty() && name.back() == '*';
    const std::string_view stem = prefix ? std::string_view(name).substr(0, name.size() - 1) : name;
    const std::size_t before = out.size();
    for (std::size_t c = 0; c < table.cols(); ++c) {
      if (prefix ? table.features[c].starts_with(stem) : table.features[c] == stem)
        out.push_back(c);
    }
    if (out.size() == before)
      *status = MakeError(ErrorCode::kNotFound, "no feature matches '" + name + "'");
  }
  return out;
}

std::vector<std::string> SplitPlus(std::string_view text) {
  std::vector<std::string> out;
  while (true) {
    const std::size_t plus = text.find('+');
    out.emplace_back(Trim(text.substr(0, plus)));
    if (plus == std::string_view::npos) break;
    text.remove_prefix(plus + 1);
  }
  return out;
}

}  // namespace

std::optional<std::size_t> AreaTable::FeatureIndex(std::string_view name) const {
  for (std::size_t c = 0; c < features.size(); ++c) {
    if (features[c] == name) return c;
  }
  return std::nullopt;
}

Status AreaTable::AddFeature(std::string name, const std::vector<double>& column) {
  if (FeatureIndex(name))
    return MakeError(ErrorCode::kAlreadyExists, "feature '" + name + "' already exists");
  if (column.size() != rows()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "feature '" + name + "' has " + std::to_string(column.size()) +
                         " values for " + std::to_string(rows()) + " areas");
  }
  const std::size_t old_cols = cols();
  std::vector<double> widened;
  widened.reserve(rows() * (old_cols + 1));
  for (std::size_t r = 0; r < rows(); ++r) {
    widened.insert(widened.end(), values.begin() + static_cast<std::ptrdiff_t>(r * old_cols),
                   values.begin() + static_cast<std::ptrdiff_t>((r + 1) * old_cols));
    widened.push_back(column[r]);
  }
  values = std::move(widened);
  features.push_back(std::move(name));
  return Status::Ok();
}

Result<AreaTable> AreaTable::Select(const std::vector<std::string>& wanted) const {
  std::vector<std::size_t> index;
  for (const std::string& name : wanted) {
    const auto c = FeatureIndex(name);
    if (!c) return MakeError(ErrorCode::kNotFound, "no feature named '" + name + "'");
    index.push_back(*c);
  }
  AreaTable out{codes, names, wanted, {}};
  out.values.reserve(rows() * index.size());
  for (std::size_t r = 0; r < rows(); ++r) {
    for (std::size_t c : index) out.values.push_back(At(r, c));
  }
  return out;
}

Status AreaTable::AddRow(std::string code, std::string name, const std::vector<double>& row) {
  if (row.size() != cols()) {
    return MakeError(ErrorCode::kInvalidArgument, "area '" + code + "' has " +
                                                      std::to_string(row.size()) + " values for " +
                                                      std::to_string(cols()) + " features");
  }
  codes.push_back(std::move(code));
  names.push_back(std::move(name));
  values.insert(values.end(), row.begin(), row.end());
  return Status::Ok();
}

Status AreaTableReadOptions::Validate() const {
  if (code_field.empty())
    return MakeError(ErrorCode::kInvalidArgument, "area table: the code field is required");
  return Status::Ok();
}

Result<AreaTable> ReadAreaTable(const std::string& path, const AreaTableReadOptions& options) {
  VIGIL_RETURN_IF_ERROR(options.Validate());
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return MakeError(ErrorCode::kNotFound, "area file '" + path + "' does not exist");
  }
  RegisterGdalOnce();
  QuietGdal quiet;
  std::vector<std::string> open_options;
  if (!options.encoding.empty()) open_options.push_back("ENCODING=" + options.encoding);
  std::vector<const char*> option_ptrs;
  option_ptrs.reserve(open_options.size() + 1);
  for (const std::string& o : open_options) option_ptrs.push_back(o.c_str());
  option_ptrs.push_back(nullptr);
  std::unique_ptr<GDALDataset, DatasetCloser> dataset(GDALDataset::Open(
      path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, option_ptrs.data(), nullptr));
  if (!dataset) {
    return MakeError(ErrorCode::kUnsupported,
                     "'" + path + "' is not a file GDAL can read" + QuietGdal::Last());
  }
  OGRLayer* layer = options.layer.empty()
                        ? (dataset->GetLayerCount() > 0 ? dataset->GetLayer(0) : nullptr)
                        : dataset->GetLayerByName(options.layer.c_str());
  if (layer == nullptr)
    return MakeError(ErrorCode::kNotFound, "'" + path + "' has no layer '" + options.layer + "'");
  const char* ignored[] = {"OGR_GEOMETRY", nullptr};
  layer->SetIgnoredFields(ignored);

  OGRFeatureDefn* definition = layer->GetLayerDefn();
  auto field_index = [&](const std::string& name) -> int {
    const int i = definition->GetFieldIndex(name.c_str());
    return i;
  };
  const int code_i = field_index(options.code_field);
  if (code_i < 0)
    return MakeError(ErrorCode::kNotFound,
                     "'" + path + "' has no field '" + options.code_field + "'");
  int name_i = -1;
  if (!options.name_field.empty()) {
    name_i = field_index(options.name_field);
    if (name_i < 0)
      return MakeError(ErrorCode::kNotFound,
                       "'" + path + "' has no field '" + options.name_field + "'");
  }

  // Read every row first so that "all numeric fields" can look at the values of text fields.
  std::vector<std::unique_ptr<OGRFeature>> rows;
  layer->ResetReading();
  while (OGRFeature* feature = layer->GetNextFeature()) rows.emplace_back(feature);

  std::vector<int> columns;
  const bool explicit_fields = !options.numeric_fields.empty();
  if (explicit_fields) {
    for (const std::string& name : options.numeric_fields) {
      const int i = field_index(name);
      if (i < 0)
        return MakeError(ErrorCode::kNotFound, "'" + path + "' has no field '" + name + "'");
      columns.push_back(i);
    }
  } else {
    for (int i = 0; i < definition->GetFieldCount(); ++i) {
      if (i == code_i || i == name_i) continue;
      const OGRFieldType type = definition->GetFieldDefn(i)->GetType();
      bool numeric = IsNumericType(type);
      if (!numeric && type == OFTString) {
        numeric = true;
        bool any = false;
        for (auto& row : rows) {
          const auto v = NumericValue(*row, i);
          if (!v) {
            numeric = false;
            break;
          }
          any = any || !std::isnan(*v);
        }
        numeric = numeric && any;
      }
      if (numeric) columns.push_back(i);
    }
    if (columns.empty())
      return MakeError(ErrorCode::kNotFound, "'" + path + "' has no numeric field");
  }

  AreaTable table;
  for (int i : columns)
    table.features.push_back(ToUtf8Lenient(definition->GetFieldDefn(i)->GetNameRef()));
  std::set<std::string> seen;
  std::vector<double> values(columns.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    OGRFeature& feature = *rows[r];
    std::string code(Trim(ToUtf8Lenient(feature.GetFieldAsString(code_i))));
    const std::string where = "'" + path + "' row " + std::to_string(r + 1);
    if (code.empty() || !feature.IsFieldSetAndNotNull(code_i)) {
      return MakeError(ErrorCode::kInvalidArgument,
                       where + " has an empty code in '" + options.code_field + "'");
    }
    if (!seen.insert(code).second) {
      return MakeError(ErrorCode::kInvalidArgument, where + " repeats code '" + code + "'");
    }
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const auto v = NumericValue(feature, columns[c]);
      if (!v) {
        return MakeError(ErrorCode::kInvalidArgument,
                         where + " (code " + code + "): field '" + table.features[c] +
                             "' is not a number: '" + feature.GetFieldAsString(columns[c]) + "'");
      }
      values[c] = *v;
    }
    std::string name =
        name_i >= 0 ? ToUtf8Lenient(feature.GetFieldAsString(name_i)) : std::string();
    VIGIL_RETURN_IF_ERROR(table.AddRow(std::move(code), std::move(name), values));
  }
  return table;
}

Result<RatioFeature> ParseRatioFeature(std::string_view spec) {
  const std::string original(spec);
  auto bad = [&](const std::string& why) {
    return MakeError(ErrorCode::kInvalidArgument, "derived feature '" + original + "': " + why);
  };
  const std::size_t eq = spec.find('=');
  if (eq == std::string_view::npos) return bad("expected name=expression");
  RatioFeature out;
  out.name = std::string(Trim(spec.substr(0, eq)));
  if (out.name.empty()) return bad("empty name");
  std::string_view expr = spec.substr(eq + 1);
  // A trailing "*number" is the scale; a '*' that ends a field name is a prefix pattern.
  if (const std::size_t star = expr.rfind('*');
      star != std::string_view::npos && star + 1 < expr.size()) {
    double scale = 0;
    if (ParseDouble(expr.substr(star + 1), &scale)) {
      out.scale = scale;
      expr = expr.substr(0, star);
    }
  }
  const std::size_t slash = expr.find('/');
  out.numerator = SplitPlus(expr.substr(0, slash));
  if (slash != std::string_view::npos) out.denominator = SplitPlus(expr.substr(slash + 1));
  for (const auto* list : {&out.numerator, &out.denominator}) {
    for (const std::string& field : *list) {
      if (field.empty() || field == "*") return bad("empty field name");
    }
  }
  if (!std::isfinite(out.scale) || out.scale == 0) return bad("scale must be a non-zero number");
  return out;
}

Status DeriveFeatures(AreaTable& table, const std::vector<RatioFeature>& features) {
  for (const RatioFeature& feature : features) {
    Status status;
    const std::vector<std::size_t> num = Expand(table, feature.numerator, &status);
    const std::vector<std::size_t> den = Expand(table, feature.denominator, &status);
    if (!status.ok()) {
      return MakeError(status.error().code,
                       "derived feature '" + feature.name + "': " + status.error().message);
    }
    std::vector<double> column(table.rows());
    for (std::size_t r = 0; r < table.rows(); ++r) {
      double top = 0;
      for (std::size_t c : num) top += table.At(r, c);
      double bottom = 1;
      if (!den.empty()) {
        bottom = 0;
        for (std::size_t c : den) bottom += table.At(r, c);
      }
      const bool missing =
          bottom == 0 || std::isnan(bottom) || (feature.zero_is_missing && top == 0);
      column[r] = missing ? kNaN : feature.scale * top / bottom;
    }
    VIGIL_RETURN_IF_ERROR(table.AddFeature(feature.name, column));
  }
  return Status::Ok();
}

std::vector<RatioFeature> BitSpatialFeatures() {
  return {
      {.name = "density", .numerator = {"population"}, .denominator = {"land_area"}},
      {.name = "household_size", .numerator = {"population"}, .denominator = {"household"}},
      {.name = "mean_age", .numerator = {"age_mean"}},
      {.name = "stores_per_1k",
       .numerator = {"store_cnt_*"},
       .denominator = {"population"},
       .scale = 1000,
       .zero_is_missing = true},
      {.name = "food_lodging_share",
       .numerator = {"store_cnt_food", "store_cnt_acomodt"},
       .denominator = {"store_cnt_*"}},
      {.name = "clinics_per_1k",
       .numerator = {"total_hospital_cnt"},
       .denominator = {"population"},
       .scale = 1000},
      {.name = "schools_per_1k",
       .numerator = {"elemnt_schl_cnt", "mdle_schl_cnt", "high_schl_cnt"},
       .denominator = {"population"},
       .scale = 1000},
      {.name = "sex_ratio", .numerator = {"male_per_female"}},
  };
}

}  // namespace vigil::stats
