// Learned crime risk ("xgboost"): gradient-boosted trees with a Poisson objective over the
// features of features.h, trained on (cell x daily slot) rows of the training window, through
// XGBoost's C API. Each cell's forecast can be explained by its largest feature contributions
// (TreeSHAP), rendered as plain-words reasons.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "risk/features.h"
#include "risk/model.h"

namespace vigil::risk {

class KdeModel;
class EtasModel;

struct XgboostOptions {
  // Features used; see FeatureOptions. Default: all built-in features, no per-cell columns.
  FeatureOptions features;
  // Length of the training slots, seconds; >= 3600. Scores of slots of another length are
  // scaled by the ratio of lengths. Default 86400 (daily).
  std::int64_t slot_length_s = 86400;
  // Training slots start this long after the start of the training window, so the lagged
  // counts have history, days; >= 0. Default 28.
  double warmup_days = 28;
  // The last part of the training window used for early stopping, days; > 0. Default 28.
  double validation_days = 28;
  // Share of rows with a zero count kept for training, (0, 1]; kept zeros are weighted by its
  // inverse so the likelihood stays unbiased. Rows with events are always kept. Default 0.1.
  double zero_keep_fraction = 0.1;
  // Seed of the zero-row sampling and of XGBoost. Default 1.
  std::uint64_t seed = 1;
  // Most boosting rounds; [1, 5000]. Default 300.
  int max_rounds = 300;
  // Training stops when the validation Poisson deviance has not improved for this many
  // rounds; >= 1. Default 20.
  int early_stopping_rounds = 20;
  // Shrinkage of each tree, (0, 1]. Default 0.1.
  double learning_rate = 0.1;
  // Depth of each tree; [1, 16]. Default 6.
  int max_depth = 6;
  // Smallest hessian sum (about the expected count) in a leaf; >= 0. Default 1.
  double min_child_weight = 1;
  // XGBoost threads; [1, 64]. Default 2.
  int threads = 2;
  // The active area (cells that get a prediction of their own) is the cells holding any event
  // or call, widened by this many rings of neighbours; [0, 5]. Other cells get the lowest
  // predicted rate of the slot. Default 1.
  int active_rings = 1;
  // Each training row's label is the target count over this many days from the slot start
  // (cut at the end of the training window), per slot length: a smoother label than the one
  // slot's count, whose expectation is the same rate; [1, 56]. Default 1 (the slot's count).
  int label_days = 1;
  // Also read the kernel-density surface and the self-exciting model's triggered rate at each
  // slot as features ("kde_rate", "etas_excitation"); both are fitted on the same training
  // window and read only events before the slot. Default true.
  bool model_readings = true;
  // Constrain the trees so that the forecast never falls as a count of past events (or a
  // model reading) rises (FeatureSpec::monotone): the model cannot learn noise such as "4
  // burglaries here last month, less risk than 3". Default true (chosen on St. Louis 2018,
  // docs/risk.md).
  bool monotone_counts = true;

  Status Validate() const;
};

// One reason behind a cell's forecast.
struct Reason {
  std::string feature;      // FeatureSpec::name
  double value = 0;         // the feature's value for the cell and slot
  double contribution = 0;  // its additive contribution to the log expected count
  std::string text;         // plain words, e.g. "3 burglaries within 200 m in the last 14 days"
};

class XgboostModel final : public RiskModel {
 public:
  explicit XgboostModel(XgboostOptions options);
  ~XgboostModel() override;
  XgboostModel(const XgboostModel&) = delete;
  XgboostModel& operator=(const XgboostModel&) = delete;

  std::string name() const override { return "xgboost"; }
  Status Fit(const CitySnapshot& snapshot, const EventSelection& selection) override;
  Status Score(const CitySnapshot& snapshot, const Slot& slot,
               std::span<double> out) const override;

  // The `top_n` features that raise each cell's forecast most (largest positive contribution
  // first; fewer when fewer are positive), for `cells` in `slot`. Same preconditions as Score.
  Result<std::vector<std::vector<Reason>>> ExplainCells(const CitySnapshot& snapshot,
                                                        const Slot& slot,
                                                        std::span<const std::int64_t> cells,
                                                        int top_n) const;
  Result<std::vector<Reason>> Explain(const CitySnapshot& snapshot, const Slot& slot,
                                      std::int64_t cell, int top_n) const;

  // After Fit: boosting rounds kept (best validation round), the validation Poisson negative
  // log-likelihood per row at that round, and the number of training rows.
  int rounds() const { return best_rounds_; }
  double validation_nloglik() const { return best_validation_; }
  std::size_t training_rows() const { return training_rows_; }
  const std::vector<FeatureSpec>& features() const { return specs_; }

 private:
  struct Booster;
  Result<FeatureBuilder> Builder(const CitySnapshot& snapshot) const;
  // Fits the models behind the slot readings (XgboostOptions::model_readings).
  void FitReadings(const CitySnapshot& snapshot, const EventSelection& selection);
  Result<std::vector<float>> Predict(const std::vector<float>& rows, std::size_t row_count,
                                     bool contributions, std::size_t* width) const;

  XgboostOptions options_;
  EventSelection selection_;
  std::unique_ptr<Booster> booster_;
  std::shared_ptr<const KdeModel> kde_;  // the readings' models; null when not used
  std::shared_ptr<const EtasModel> etas_;
  mutable std::mutex predict_mutex_;  // XGBoost prediction caches are not safe to share
  std::vector<FeatureSpec> specs_;
  int best_rounds_ = 0;
  double best_validation_ = 0;
  std::size_t training_rows_ = 0;
};

// Cells of `cells` (ascending) widened by `rings` rings of neighbours, ascending.
std::vector<std::int64_t> WidenCells(const geo::Grid& grid, std::span<const std::int64_t> cells,
                                     int rings);

}  // namespace vigil::risk
