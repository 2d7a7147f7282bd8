// Fairness audit of a forecast: does flagging the top-ranked cells concentrate police attention
// on some districts beyond their share of crime?
//
// Each grid cell belongs to the district (Incident::district, interned in the snapshot) of most
// of the incidents ever reported in it (any category; ties go to the lower district id); cells
// without a located incident, or whose incidents carry no district, form the "(none)" group.
// Over a backtest, every slot flags the top `area_share` of the city by predicted count (ties
// averaged, see metrics.h) and the audit sums, per district, over all slots:
//   flagged share  flagged cells in the district / all flagged cells
//   crime share    observed events in the district / all observed events
//   area share     city cells in the district / city cells
//   PAI            (events in flagged cells of the district / events in the district) /
//                  (flagged cells of the district / cells of the district)
// Flagged shares, crime shares and area shares each sum to 1 over the districts (when there is
// at least one event). A district flagged far above its crime share is over-policed by the
// forecast relative to recorded crime; a PAI well below the city's means its flags are weak.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/snapshot.h"

namespace vigil::risk {

struct DistrictFairness {
  std::string district;      // district code, "(none)" for cells without one
  std::int64_t cells = 0;    // city cells in the district
  double area_share = 0;     // share of city cells, [0, 1]
  double flagged_share = 0;  // share of flagged area over all slots, [0, 1]
  double crime_share = 0;    // share of observed events over all slots, [0, 1]; NaN if none
  double pai = 0;            // PAI of the district's flags; NaN when undefined
};

// District index of every grid cell (into snapshot.incidents().district_names), -1 for none.
std::vector<std::int32_t> CellDistricts(const CitySnapshot& snapshot);

// Sums flags and events per district over the slots of one model and target.
class FairnessAudit {
 public:
  // `cell_district` from CellDistricts; `city` empty (every cell) or non-zero for city cells;
  // `names` the district names the ids index.
  FairnessAudit(std::vector<std::int32_t> cell_district, std::span<const std::uint8_t> city,
                std::vector<std::string> names);

  // Adds one slot: `flags` from FlagWeights, `observed` events per cell (both per grid cell).
  void Add(std::span<const double> flags, std::span<const double> observed);

  // One row per district with a city cell, in district-id order, "(none)" last.
  std::vector<DistrictFairness> Rows() const;

 private:
  std::size_t GroupOf(std::size_t cell) const;

  std::vector<std::int32_t> cell_district_;
  std::vector<std::uint8_t> city_;
  std::vector<std::string> names_;
  std::vector<std::int64_t> cells_;  // per group (districts, then none)
  std::vector<double> flagged_;
  std::vector<double> events_;
  std::vector<double> hits_;
  std::int64_t slots_ = 0;
};

}  // namespace vigil::risk
