// Fuzzes the GDAL vector reader with arbitrary GeoJSON/TopoJSON bytes: any input must give a
// layer or an error, never a crash. The input goes through a temp file because GDAL opens paths.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "ingest/vector_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = "/tmp/vigil-vector-fuzz-" + std::to_string(getpid()) + ".geojson";
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return 0;
  std::fwrite(data, 1, size, file);
  std::fclose(file);
  auto layer = vigil::ingest::ReadVectorLayer(path, {.repair_invalid = true});
  (void)layer;
  return 0;
}
