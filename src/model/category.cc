#include "model/category.h"

#include <string>

namespace vigil {
namespace {

struct CategoryInfo {
  std::string_view name;
  std::string_view label;
  std::string_view label_ko;
};

constexpr std::array<CategoryInfo, kCategoryCount> kInfo = {{
    {"robbery", "Robbery", "강도"},
    {"theft", "Theft", "절도"},
    {"assault", "Assault", "폭력"},
    {"sexual_violence", "Sexual violence", "성폭력"},
    {"burglary", "Burglary", "침입절도"},
    {"vehicle_theft", "Vehicle theft", "차량절도"},
    {"fraud", "Fraud", "사기"},
    {"drugs", "Drugs", "마약"},
    {"disorder", "Disorder", "질서위반"},
    {"other", "Other", "기타"},
}};

}  // namespace

std::string_view CategoryName(Category category) {
  return kInfo[static_cast<std::size_t>(category)].name;
}
std::string_view CategoryLabel(Category category) {
  return kInfo[static_cast<std::size_t>(category)].label;
}
std::string_view CategoryLabelKo(Category category) {
  return kInfo[static_cast<std::size_t>(category)].label_ko;
}

std::optional<Category> ParseCategory(std::string_view name) {
  std::string normal;
  normal.reserve(name.size());
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '-' || c == ' ') c = '_';
    normal.push_back(c);
  }
  for (std::size_t i = 0; i < kInfo.size(); ++i) {
    if (kInfo[i].name == normal) return static_cast<Category>(i);
  }
  return std::nullopt;
}

bool IsMajorCrime(Category category) {
  switch (category) {
    case Category::kRobbery:
    case Category::kTheft:
    case Category::kAssault:
    case Category::kSexualViolence:
    case Category::kBurglary:
    case Category::kVehicleTheft: return true;
    default: return false;
  }
}

}  // namespace vigil
