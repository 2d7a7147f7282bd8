// A temporary directory removed with its contents when the object goes out of scope.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace vigil::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "vigil-test-XXXXXX").string();
    char* made = mkdtemp(pattern.data());
    path_ = made != nullptr ? made : pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string path() const { return path_.string(); }
  std::string File(const std::string& name) const { return (path_ / name).string(); }
  std::string Write(const std::string& name, const std::string& content) const {
    std::ofstream out(File(name), std::ios::binary);
    out << content;
    return File(name);
  }

 private:
  std::filesystem::path path_;
};

// Path of a file under ../shared/data, or "" when the data set is not present.
inline std::string SharedData(const std::string& relative) {
  const std::filesystem::path path = std::filesystem::path(VIGIL_SHARED_DATA) / relative;
  return std::filesystem::exists(path) ? path.string() : std::string();
}

}  // namespace vigil::testing
