// Per-car itineraries of a patrol plan for crews: a plain-text sheet and a CSV, one row per
// stop (columns in docs/patrol.md). Times are offsets from the shift start, and clock times
// when a start time is given.
#pragma once

#include <string>

#include "core/result.h"
#include "patrol/plan_geojson.h"
#include "patrol/planner.h"

namespace vigil::patrol {

struct ItineraryOptions {
  // Shift start as seconds after local midnight, for clock times; < 0 (default -1) prints
  // offsets only ("+01:30").
  double shift_start_s = -1;
  ToLonLat to_lon_lat;  // adds lon/lat of stops when set; empty = projected x/y only

  Status Validate() const;
};

// "car-1 (station 0 'Central'): 27 stops, risk 3.41, back at +07:58\n  1  +00:06-+00:21 ..."
std::string ItineraryText(const PatrolPlan& plan, const PlanOptions& plan_options,
                          const ItineraryOptions& options);

// CSV: car,station,order,cell,x,y,lon,lat,arrive,depart,arrive_s,depart_s,risk,score; the
// station legs appear as order 0 (leave) and order stops+1 (return).
std::string ItineraryCsv(const PatrolPlan& plan, const PlanOptions& plan_options,
                         const ItineraryOptions& options);

// "+hh:mm" of an offset in seconds, or "hh:mm" clock time when shift_start_s >= 0.
std::string FormatShiftTime(double offset_s, double shift_start_s);

}  // namespace vigil::patrol
