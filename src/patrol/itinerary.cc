#include "patrol/itinerary.h"

#include <cmath>
#include <cstdio>

#include "core/csv_writer.h"

namespace vigil::patrol {
namespace {

std::string StationName(const PlanOptions& plan_options, int station) {
  const auto& s = plan_options.stations[static_cast<std::size_t>(station)];
  return s.name.empty() ? "station-" + std::to_string(station) : s.name;
}

}  // namespace

Status ItineraryOptions::Validate() const {
  if (!std::isfinite(shift_start_s) || shift_start_s >= 86400)
    return MakeError(ErrorCode::kInvalidArgument,
                     "itinerary options: shift_start_s must be < 86400 (or < 0 for none)");
  return Status::Ok();
}

std::string FormatShiftTime(double offset_s, double shift_start_s) {
  const bool clock = shift_start_s >= 0;
  double t = clock ? shift_start_s + offset_s : offset_s;
  const auto minutes = static_cast<long long>(std::llround(t / 60.0));
  long long h = minutes / 60;
  const long long m = minutes % 60;
  if (clock) h %= 24;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%02lld:%02lld", clock ? "" : "+", h, m);
  return buf;
}

std::string ItineraryText(const PatrolPlan& plan, const PlanOptions& plan_options,
                          const ItineraryOptions& options) {
  std::string out;
  char buf[256];
  const double start = options.shift_start_s;
  for (std::size_t c = 0; c < plan.cars.size(); ++c) {
    const Itinerary& it = plan.cars[c];
    std::snprintf(buf, sizeof buf, "%s (%s): %zu stops, risk %.3f, shift %.1f h, back at %s\n",
                  it.car.c_str(), StationName(plan_options, it.station).c_str(), it.stops.size(),
                  it.risk_covered, plan_options.cars[c].shift_s / 3600.0,
                  FormatShiftTime(it.return_s, start).c_str());
    out += buf;
    std::snprintf(buf, sizeof buf, "  %3s  %-6s %-6s %10s %12s %12s %8s\n", "#", "arrive", "leave",
                  "cell", "x", "y", "risk");
    out += buf;
    for (std::size_t i = 0; i < it.stops.size(); ++i) {
      const Stop& s = it.stops[i];
      std::snprintf(buf, sizeof buf, "  %3zu  %-6s %-6s %10lld %12.1f %12.1f %8.4f\n", i + 1,
                    FormatShiftTime(s.arrive_s, start).c_str(),
                    FormatShiftTime(s.depart_s, start).c_str(), static_cast<long long>(s.cell), s.x,
                    s.y, s.risk);
      out += buf;
    }
    out += "\n";
  }
  std::snprintf(buf, sizeof buf, "total: %zu cars, %d stops, risk covered %.3f\n", plan.cars.size(),
                plan.stops, plan.risk_covered);
  out += buf;
  return out;
}

std::string ItineraryCsv(const PatrolPlan& plan, const PlanOptions& plan_options,
                         const ItineraryOptions& options) {
  std::string out =
      "car,station,order,cell,x,y,lon,lat,arrive,depart,arrive_s,depart_s,risk,score\n";
  char buf[512];
  const double start = options.shift_start_s;
  auto row = [&](const Itinerary& it, std::size_t order, long long cell, double x, double y,
                 double arrive, double depart, double risk, double score) {
    double lon = std::nan("");
    double lat = std::nan("");
    std::string lonlat = ",";
    if (options.to_lon_lat && options.to_lon_lat(x, y, &lon, &lat)) {
      std::snprintf(buf, sizeof buf, "%.7f,%.7f", lon, lat);
      lonlat = buf;
    }
    const std::string cell_text = cell < 0 ? "" : std::to_string(cell);
    std::snprintf(buf, sizeof buf, ",%zu,%s,%.2f,%.2f,%s,%s,%s,%.1f,%.1f,%.6g,%.6g\n", order,
                  cell_text.c_str(), x, y, lonlat.c_str(), FormatShiftTime(arrive, start).c_str(),
                  FormatShiftTime(depart, start).c_str(), arrive, depart, risk, score);
    out += CsvField(it.car) + "," + CsvField(StationName(plan_options, it.station)) + buf;
  };
  for (const Itinerary& it : plan.cars) {
    row(it, 0, -1, it.station_x, it.station_y, 0, 0, 0, 0);
    for (std::size_t i = 0; i < it.stops.size(); ++i) {
      const Stop& s = it.stops[i];
      row(it, i + 1, static_cast<long long>(s.cell), s.x, s.y, s.arrive_s, s.depart_s, s.risk,
          s.score);
    }
    row(it, it.stops.size() + 1, -1, it.station_x, it.station_y, it.return_s, it.return_s, 0, 0);
  }
  return out;
}

}  // namespace vigil::patrol
