#include "risk/registry.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace vigil::risk {
namespace {

TEST(RegistryTest, EveryNamedModelIsBuiltWithItsName) {
  const std::vector<std::string> names = RiskModelNames();
  for (const char* expected : {"naive-28d", "naive-365d", "kde", "prospective", "etas"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  }
  for (const std::string& name : names) {
    auto model = MakeRiskModel(name, RiskModelOptions{});
    ASSERT_TRUE(model.ok()) << name;
    EXPECT_EQ((*model)->name(), name);
  }
}

TEST(RegistryTest, UnknownNamesAndBadOptionsAreErrors) {
  auto unknown = MakeRiskModel("crystal-ball", RiskModelOptions{});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_NE(unknown.error().message.find("etas"), std::string::npos);

  RiskModelOptions bad;
  bad.etas.max_iterations = 0;
  auto invalid = MakeRiskModel("etas", bad);
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.error().code, ErrorCode::kInvalidArgument);
  bad = RiskModelOptions{};
  bad.kde.bandwidths_m = {};
  EXPECT_FALSE(MakeRiskModel("kde", bad).ok());
}

}  // namespace
}  // namespace vigil::risk
