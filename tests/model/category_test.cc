#include "model/category.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace vigil {
namespace {

TEST(CategoryTest, NamesRoundTripAndAreUnique) {
  std::set<std::string> names;
  for (Category c : kAllCategories) {
    const std::string name(CategoryName(c));
    EXPECT_TRUE(names.insert(name).second) << name;
    EXPECT_EQ(ParseCategory(name), c);
    EXPECT_FALSE(CategoryLabel(c).empty());
    EXPECT_FALSE(CategoryLabelKo(c).empty());
  }
  EXPECT_EQ(names.size(), static_cast<std::size_t>(kCategoryCount));
}

TEST(CategoryTest, ParseIsLenientAboutCaseAndSeparators) {
  EXPECT_EQ(ParseCategory("Sexual Violence"), Category::kSexualViolence);
  EXPECT_EQ(ParseCategory("vehicle-theft"), Category::kVehicleTheft);
  EXPECT_FALSE(ParseCategory("jaywalking").has_value());
}

TEST(CategoryTest, MajorCrimesAreTheSixForecastTypes) {
  int major = 0;
  for (Category c : kAllCategories) major += IsMajorCrime(c) ? 1 : 0;
  EXPECT_EQ(major, 6);
  EXPECT_FALSE(IsMajorCrime(Category::kDrugs));
}

}  // namespace
}  // namespace vigil
