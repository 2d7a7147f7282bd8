// The one crime taxonomy every engine shares. Each record also keeps its source's own code and
// description; this is the normalised category.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace vigil {

enum class Category : std::uint8_t {
  kRobbery = 0,
  kTheft = 1,
  kAssault = 2,
  kSexualViolence = 3,
  kBurglary = 4,
  kVehicleTheft = 5,
  kFraud = 6,
  kDrugs = 7,
  kDisorder = 8,
  kOther = 9,
};

inline constexpr int kCategoryCount = 10;

inline constexpr std::array<Category, kCategoryCount> kAllCategories = {
    Category::kRobbery,  Category::kTheft,        Category::kAssault, Category::kSexualViolence,
    Category::kBurglary, Category::kVehicleTheft, Category::kFraud,   Category::kDrugs,
    Category::kDisorder, Category::kOther};

// Stable machine name: "robbery", "theft", "assault", "sexual_violence", "burglary",
// "vehicle_theft", "fraud", "drugs", "disorder", "other".
std::string_view CategoryName(Category category);
// English label for people: "Sexual violence".
std::string_view CategoryLabel(Category category);
// Korean label: "성폭력".
std::string_view CategoryLabelKo(Category category);
// Parses a machine name (case-insensitive, '-' or ' ' accepted for '_').
std::optional<Category> ParseCategory(std::string_view name);

// The "major crimes" group forecast together: robbery, theft, assault, sexual violence,
// burglary, vehicle theft.
bool IsMajorCrime(Category category);

}  // namespace vigil
