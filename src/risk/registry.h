// Risk models by name, so the CLI, the backtest and the server can build any model from a
// string. To add a model: write a factory and add one row to the table in registry.cc.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "risk/model.h"
#include "risk/options.h"

namespace vigil::risk {

struct RiskModelEntry {
  std::string_view name;         // as RiskModel::name() returns it
  std::string_view description;  // one line for --help and reports
  // A published reference method the learned models must beat (naive counts, kernel density,
  // prospective hotspot, self-exciting); backtests pick their reference among these.
  bool baseline;
  // Builds an unfitted model; options are already validated.
  std::unique_ptr<RiskModel> (*make)(const RiskModelOptions& options);
};

// Every registered model, in the order they are listed to users.
std::span<const RiskModelEntry> RiskModelEntries();

// Names of every registered model.
std::vector<std::string> RiskModelNames();

// Whether `name` is a registered baseline (RiskModelEntry::baseline); false for unknown names.
bool IsBaselineModel(std::string_view name);

// Builds the model called `name`. Fails with kNotFound for an unknown name (the message lists
// the known ones) and kInvalidArgument when `options` do not validate.
Result<std::unique_ptr<RiskModel>> MakeRiskModel(const std::string& name,
                                                 const RiskModelOptions& options);

}  // namespace vigil::risk
