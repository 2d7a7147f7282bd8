#include "risk/xgboost_model.h"

#include <xgboost/c_api.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "risk/etas_model.h"
#include "risk/events.h"
#include "risk/kde_model.h"

namespace vigil::risk {
namespace {

Status Check(int rc, const std::string& what) {
  if (rc == 0) return Status::Ok();
  return MakeError(ErrorCode::kInternal, "xgboost " + what + " failed: " + XGBGetLastError());
}

struct DMatrixFree {
  void operator()(void* handle) const { XGDMatrixFree(handle); }
};
using DMatrixPtr = std::unique_ptr<void, DMatrixFree>;

Result<DMatrixPtr> MakeDMatrix(const std::vector<float>& rows, std::size_t row_count,
                               std::size_t width) {
  DMatrixHandle handle = nullptr;
  VIGIL_RETURN_IF_ERROR(
      Check(XGDMatrixCreateFromMat(rows.data(), row_count, width,
                                   std::numeric_limits<float>::quiet_NaN(), &handle),
            "creating a matrix"));
  return DMatrixPtr(handle);
}

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.9g", v);
  return buf;
}

std::uint64_t SplitMix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A uniform number in [0, 1) fixed by (seed, slot, cell).
double Uniform(std::uint64_t seed, std::int64_t slot, std::int64_t cell) {
  const std::uint64_t h =
      SplitMix64(SplitMix64(seed ^ SplitMix64(static_cast<std::uint64_t>(slot))) ^
                 static_cast<std::uint64_t>(cell));
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

// Sampled training rows of a range of slots.
struct Rows {
  std::vector<float> features;
  std::vector<float> labels;
  std::vector<float> weights;
  std::size_t count = 0;
};

}  // namespace

struct XgboostModel::Booster {
  BoosterHandle handle = nullptr;
  ~Booster() {
    if (handle != nullptr) XGBoosterFree(handle);
  }
};

Status XgboostOptions::Validate() const {
  VIGIL_RETURN_IF_ERROR(features.Validate());
  auto bad = [](const std::string& what) {
    return MakeError(ErrorCode::kInvalidArgument, "xgboost option " + what);
  };
  if (slot_length_s < 3600) return bad("slot_length_s must be at least 3600 seconds");
  if (!(warmup_days >= 0) || !std::isfinite(warmup_days)) return bad("warmup_days must be >= 0");
  if (!(validation_days > 0) || !std::isfinite(validation_days))
    return bad("validation_days must be > 0");
  if (!(zero_keep_fraction > 0 && zero_keep_fraction <= 1))
    return bad("zero_keep_fraction must be in (0, 1]");
  if (max_rounds < 1 || max_rounds > 5000) return bad("max_rounds must be in [1, 5000]");
  if (early_stopping_rounds < 1) return bad("early_stopping_rounds must be >= 1");
  if (!(learning_rate > 0 && learning_rate <= 1)) return bad("learning_rate must be in (0, 1]");
  if (max_depth < 1 || max_depth > 16) return bad("max_depth must be in [1, 16]");
  if (!(min_child_weight >= 0) || !std::isfinite(min_child_weight))
    return bad("min_child_weight must be >= 0");
  if (threads < 1 || threads > 64) return bad("threads must be in [1, 64]");
  if (active_rings < 0 || active_rings > 5) return bad("active_rings must be in [0, 5]");
  if (label_days < 1 || label_days > 56) return bad("label_days must be in [1, 56]");
  return Status::Ok();
}

std::vector<std::int64_t> WidenCells(const geo::Grid& grid, std::span<const std::int64_t> cells,
                                     int rings) {
  std::vector<bool> mark(static_cast<std::size_t>(std::max<std::int64_t>(grid.cell_count(), 0)),
                         false);
  for (const std::int64_t cell : cells) {
    if (cell < 0 || cell >= grid.cell_count()) continue;
    const std::int64_t c = cell % grid.columns, r = cell / grid.columns;
    for (std::int64_t rr = std::max<std::int64_t>(0, r - rings);
         rr <= std::min<std::int64_t>(grid.rows - 1, r + rings); ++rr) {
      for (std::int64_t cc = std::max<std::int64_t>(0, c - rings);
           cc <= std::min<std::int64_t>(grid.columns - 1, c + rings); ++cc) {
        mark[static_cast<std::size_t>(rr * grid.columns + cc)] = true;
      }
    }
  }
  std::vector<std::int64_t> out;
  for (std::size_t i = 0; i < mark.size(); ++i) {
    if (mark[i]) out.push_back(static_cast<std::int64_t>(i));
  }
  return out;
}

XgboostModel::XgboostModel(XgboostOptions options) : options_(std::move(options)) {}
XgboostModel::~XgboostModel() = default;

namespace {
constexpr std::int64_t kDay = 86400;  // seconds
}  // namespace

Result<FeatureBuilder> XgboostModel::Builder(const CitySnapshot& snapshot) const {
  FeatureOptions features = options_.features;
  const std::string noun = PluralNoun(selection_);
  if (kde_) {
    features.slot_columns.push_back(
        {"kde_rate", "past " + noun + " around here give a kernel density of {v} a day",
         [kde = kde_, &snapshot](const Slot& slot, std::span<double> out) {
           return kde->RatesAt(snapshot, slot.start, out);
         },
         1});
  }
  if (etas_) {
    features.slot_columns.push_back(
        {"etas_excitation", "recent " + noun + " in this cell add {v} a day (self-excitation)",
         [etas = etas_, &snapshot](const Slot& slot, std::span<double> out) {
           return etas->ExcitationAt(snapshot, slot.start, out);
         },
         1});
  }
  return FeatureBuilder::Create(snapshot, selection_, features);
}

void XgboostModel::FitReadings(const CitySnapshot& snapshot, const EventSelection& selection) {
  kde_.reset();
  etas_.reset();
  if (!options_.model_readings) return;
  // A reading whose model cannot be fitted (too few events, say) is left out of this fit.
  auto kde = std::make_shared<KdeModel>(KdeOptions{});
  if (kde->Fit(snapshot, selection).ok()) kde_ = std::move(kde);
  auto etas = std::make_shared<EtasModel>(EtasOptions{});
  if (etas->Fit(snapshot, selection).ok()) etas_ = std::move(etas);
}

Status XgboostModel::Fit(const CitySnapshot& snapshot, const EventSelection& selection) {
  VIGIL_RETURN_IF_ERROR(options_.Validate());
  auto window = TrainWindowOf(snapshot, selection);
  if (!window.ok()) return window.error();
  booster_.reset();
  selection_ = selection;
  FitReadings(snapshot, selection);
  auto builder = Builder(snapshot);
  if (!builder.ok()) return builder.error();
  const std::size_t width = builder->feature_count();

  // Slots [first + k * len, + len) inside the window; the last `validation_days` validate.
  const std::int64_t len = options_.slot_length_s;
  const auto first =
      window->start + static_cast<UnixSeconds>(options_.warmup_days * kSecondsPerDay);
  const std::int64_t slot_count = first < window->end ? (window->end - first) / len : 0;
  const auto valid_count = std::min<std::int64_t>(
      slot_count, static_cast<std::int64_t>(std::ceil(options_.validation_days * kSecondsPerDay /
                                                      static_cast<double>(len))));
  if (slot_count - valid_count < 1 || valid_count < 1) {
    return MakeError(
        ErrorCode::kFailedPrecondition,
        "the training window is too short for xgboost: it needs warmup_days + validation_days + "
        "at least one slot of training");
  }
  const std::vector<std::int64_t> seen = builder->CellsWithEvents(window->end);
  const std::vector<std::int64_t> active = WidenCells(snapshot.grid(), seen, options_.active_rings);
  if (active.empty())
    return MakeError(ErrorCode::kFailedPrecondition, "no events to learn from before known_before");

  Rows train, valid;
  std::vector<std::int64_t> kept;
  std::vector<float> labels, weights;
  for (std::int64_t s = 0; s < slot_count; ++s) {
    const Slot slot{first + s * len, len};
    // The label window: label_days from the slot start, never past what the fit may know.
    const UnixSeconds label_end =
        std::min<UnixSeconds>(slot.start + std::max<std::int64_t>(len, options_.label_days * kDay),
                              std::max<UnixSeconds>(window->end, slot.start + len));
    const double label_scale =
        static_cast<double>(len) / static_cast<double>(label_end - slot.start);
    kept.clear();
    labels.clear();
    weights.clear();
    for (const std::int64_t cell : active) {
      const std::int64_t y = builder->TargetCount(cell, slot.start, label_end);
      if (y > 0 || Uniform(options_.seed, s, cell) < options_.zero_keep_fraction) {
        kept.push_back(cell);
        labels.push_back(static_cast<float>(static_cast<double>(y) * label_scale));
        weights.push_back(y > 0 ? 1.0f : static_cast<float>(1.0 / options_.zero_keep_fraction));
      }
    }
    Rows& rows = s < slot_count - valid_count ? train : valid;
    const std::size_t at = rows.features.size();
    rows.features.resize(at + kept.size() * width);
    VIGIL_RETURN_IF_ERROR(builder->Build(
        slot, kept, std::span<float>(rows.features.data() + at, kept.size() * width)));
    rows.labels.insert(rows.labels.end(), labels.begin(), labels.end());
    rows.weights.insert(rows.weights.end(), weights.begin(), weights.end());
    rows.count += kept.size();
  }
  if (train.count == 0 || valid.count == 0) {
    return MakeError(ErrorCode::kFailedPrecondition, "no training rows were sampled");
  }

  auto dtrain = MakeDMatrix(train.features, train.count, width);
  if (!dtrain.ok()) return dtrain.error();
  auto dvalid = MakeDMatrix(valid.features, valid.count, width);
  if (!dvalid.ok()) return dvalid.error();
  for (auto* pair : {&train, &valid}) {
    void* h = pair == &train ? dtrain->get() : dvalid->get();
    VIGIL_RETURN_IF_ERROR(Check(XGDMatrixSetFloatInfo(h, "label", pair->labels.data(), pair->count),
                                "setting labels"));
    VIGIL_RETURN_IF_ERROR(Check(
        XGDMatrixSetFloatInfo(h, "weight", pair->weights.data(), pair->count), "setting weights"));
  }
  double weighted = 0, total_weight = 0;
  for (std::size_t i = 0; i < train.count; ++i) {
    weighted += static_cast<double>(train.labels[i]) * train.weights[i];
    total_weight += train.weights[i];
  }
  const double base = std::max(weighted / total_weight, 1e-6);

  auto booster = std::make_unique<Booster>();
  DMatrixHandle cache[] = {dtrain->get(), dvalid->get()};
  VIGIL_RETURN_IF_ERROR(Check(XGBoosterCreate(cache, 2, &booster->handle), "creating a booster"));
  std::vector<std::pair<std::string, std::string>> params = {
      {"objective", "count:poisson"},
      {"eval_metric", "poisson-nloglik"},
      {"tree_method", "hist"},
      {"nthread", std::to_string(options_.threads)},
      {"seed", std::to_string(options_.seed % 2147483647ULL)},
      {"eta", Number(options_.learning_rate)},
      {"max_depth", std::to_string(options_.max_depth)},
      {"min_child_weight", Number(options_.min_child_weight)},
      {"base_score", Number(base)},
      {"verbosity", "0"},
  };
  if (options_.monotone_counts) {
    std::string constraints = "(";
    for (const FeatureSpec& spec : builder->features()) {
      constraints += (constraints.size() > 1 ? "," : "") + std::to_string(spec.monotone);
    }
    params.emplace_back("monotone_constraints", constraints + ")");
  }
  for (const auto& [key, value] : params) {
    VIGIL_RETURN_IF_ERROR(
        Check(XGBoosterSetParam(booster->handle, key.c_str(), value.c_str()), "setting " + key));
  }
  DMatrixHandle eval_sets[] = {dvalid->get()};
  const char* eval_names[] = {"valid"};
  double best = std::numeric_limits<double>::infinity();
  int best_round = 0;
  for (int round = 0; round < options_.max_rounds; ++round) {
    VIGIL_RETURN_IF_ERROR(
        Check(XGBoosterUpdateOneIter(booster->handle, round, dtrain->get()), "boosting"));
    const char* text = nullptr;
    VIGIL_RETURN_IF_ERROR(
        Check(XGBoosterEvalOneIter(booster->handle, round, eval_sets, eval_names, 1, &text),
              "evaluating"));
    const char* colon = text != nullptr ? std::strrchr(text, ':') : nullptr;
    if (colon == nullptr)
      return MakeError(ErrorCode::kInternal, "xgboost returned an evaluation without a value");
    const double loss = std::strtod(colon + 1, nullptr);
    if (loss < best - 1e-9) {
      best = loss;
      best_round = round;
    } else if (round - best_round >= options_.early_stopping_rounds) {
      break;
    }
  }
  booster_ = std::move(booster);
  specs_ = builder->features();
  best_rounds_ = best_round + 1;
  best_validation_ = best;
  training_rows_ = train.count;
  return Status::Ok();
}

Result<std::vector<float>> XgboostModel::Predict(const std::vector<float>& rows,
                                                 std::size_t row_count, bool contributions,
                                                 std::size_t* width) const {
  auto matrix = MakeDMatrix(rows, row_count, specs_.size());
  if (!matrix.ok()) return matrix.error();
  const std::string config = std::string("{\"type\": ") + (contributions ? "2" : "0") +
                             ", \"training\": false, \"iteration_begin\": 0, \"iteration_end\": " +
                             std::to_string(best_rounds_) + ", \"strict_shape\": false}";
  std::lock_guard<std::mutex> lock(predict_mutex_);
  const bst_ulong* shape = nullptr;
  bst_ulong dims = 0;
  const float* result = nullptr;
  VIGIL_RETURN_IF_ERROR(Check(XGBoosterPredictFromDMatrix(booster_->handle, matrix->get(),
                                                          config.c_str(), &shape, &dims, &result),
                              "predicting"));
  std::size_t size = 1;
  for (bst_ulong d = 0; d < dims; ++d) size *= shape[d];
  *width = row_count == 0 ? 0 : size / row_count;
  const std::size_t expected = contributions ? specs_.size() + 1 : 1;
  if (size != row_count * expected) {
    return MakeError(ErrorCode::kInternal, "xgboost returned a prediction of unexpected shape");
  }
  return std::vector<float>(result, result + size);
}

Status XgboostModel::Score(const CitySnapshot& snapshot, const Slot& slot,
                           std::span<double> out) const {
  VIGIL_RETURN_IF_ERROR(
      CheckScoreArguments(snapshot, slot, out, booster_ != nullptr, selection_.known_before));
  auto builder = Builder(snapshot);
  if (!builder.ok()) return builder.error();
  if (builder->feature_count() != specs_.size()) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the snapshot gives a different feature set than the fit");
  }
  const std::vector<std::int64_t> seen = builder->CellsWithEvents(slot.start);
  const std::vector<std::int64_t> active = WidenCells(snapshot.grid(), seen, options_.active_rings);
  if (active.empty()) {  // nothing reported yet anywhere: no evidence of risk
    std::fill(out.begin(), out.end(), 0.0);
    return Status::Ok();
  }
  std::vector<float> rows(active.size() * specs_.size());
  VIGIL_RETURN_IF_ERROR(builder->Build(slot, active, rows));
  std::size_t width = 0;
  auto predicted = Predict(rows, active.size(), false, &width);
  if (!predicted.ok()) return predicted.error();
  const double scale =
      static_cast<double>(slot.length_s) / static_cast<double>(options_.slot_length_s);
  double lowest = std::numeric_limits<double>::infinity();
  for (const float p : *predicted) lowest = std::min(lowest, static_cast<double>(p));
  if (!std::isfinite(lowest) || lowest < 0) lowest = 0;
  std::fill(out.begin(), out.end(), lowest * scale);
  for (std::size_t i = 0; i < active.size(); ++i) {
    const double v = static_cast<double>((*predicted)[i]) * scale;
    out[static_cast<std::size_t>(active[i])] = std::isfinite(v) && v > 0 ? v : 0.0;
  }
  return Status::Ok();
}

Result<std::vector<std::vector<Reason>>> XgboostModel::ExplainCells(
    const CitySnapshot& snapshot, const Slot& slot, std::span<const std::int64_t> cells,
    int top_n) const {
  std::vector<double> probe(
      static_cast<std::size_t>(std::max<std::int64_t>(snapshot.grid().cell_count(), 0)));
  VIGIL_RETURN_IF_ERROR(
      CheckScoreArguments(snapshot, slot, probe, booster_ != nullptr, selection_.known_before));
  if (top_n < 0)
    return MakeError(ErrorCode::kInvalidArgument, "the number of reasons must be >= 0");
  auto builder = Builder(snapshot);
  if (!builder.ok()) return builder.error();
  if (builder->feature_count() != specs_.size()) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the snapshot gives a different feature set than the fit");
  }
  std::vector<float> rows(cells.size() * specs_.size());
  VIGIL_RETURN_IF_ERROR(builder->Build(slot, cells, rows));
  std::size_t width = 0;
  auto contributions = Predict(rows, cells.size(), true, &width);
  if (!contributions.ok()) return contributions.error();
  std::vector<std::vector<Reason>> out(cells.size());
  std::vector<std::size_t> order(specs_.size());
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const float* c = contributions->data() + i * width;  // the last entry is the bias
    for (std::size_t f = 0; f < order.size(); ++f) order[f] = f;
    std::stable_sort(order.begin(), order.end(),
                     [c](std::size_t a, std::size_t b) { return c[a] > c[b]; });
    for (std::size_t k = 0; k < order.size() && static_cast<int>(k) < top_n; ++k) {
      const std::size_t f = order[k];
      if (!(c[f] > 0)) break;
      const double value = rows[i * specs_.size() + f];
      out[i].push_back({specs_[f].name, value, c[f], RenderReason(specs_[f], value)});
    }
  }
  return out;
}

Result<std::vector<Reason>> XgboostModel::Explain(const CitySnapshot& snapshot, const Slot& slot,
                                                  std::int64_t cell, int top_n) const {
  const std::int64_t cells[] = {cell};
  auto all = ExplainCells(snapshot, slot, cells, top_n);
  if (!all.ok()) return all.error();
  return std::move(all->front());
}

}  // namespace vigil::risk
