// Writers of the synthetic city files (docs/file-formats.md, "Synthetic city files").
// Numbers are written with fixed precision so the same city gives the same bytes.
#pragma once

#include <string>

#include "core/result.h"
#include "sim/sim.h"

namespace vigil::sim {

// "YYYY-MM-DD HH:MM:SS" of a UTC instant.
std::string FormatSimTime(UnixSeconds t);

// Writes `text` to `path`, replacing it. kIo naming the path on failure.
Status WriteTextFile(const std::string& path, const std::string& text);

// File contents, one function per file.
std::string RoadsGeoJson(const City& city);
std::string AreasGeoJson(const City& city,
                         const std::string& kind);  // district | neighborhood | boundary
std::string PoisCsv(const City& city);
std::string StationsCsv(const City& city);
std::string UnitsCsv(const City& city);
std::string CamerasCsv(const City& city);
std::string PersonsCsv(const City& city);
std::string VehiclesCsv(const City& city);
std::string PlateReadsCsv(const City& city);
std::string RelationsCsv(const City& city);
std::string IncidentsCsv(const City& city);
std::string CallsCsv(const City& city);
std::string TruthCellsCsv(const City& city);
// `counts`: rows written per file, recorded in the truth.
std::string TruthJson(const City& city, const SimCounts& counts);

}  // namespace vigil::sim
