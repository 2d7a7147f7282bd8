#include "geo/point_memo.h"

#include <gtest/gtest.h>

namespace vigil::geo {
namespace {

ProjectedPoint Point(double v) { return {{v, v + 1}, {v + 2, v + 3}}; }

TEST(PointMemoTest, FindsWhatItRememberedBitForBit) {
  PointMemo memo(4);
  EXPECT_EQ(memo.Find(1.5, 2.5), nullptr);
  memo.Prefetch(1.5, 2.5);  // harmless before anything is remembered
  memo.Remember(1.5, 2.5, Point(10));
  memo.Remember(2.5, 1.5, Point(20));
  ASSERT_NE(memo.Find(1.5, 2.5), nullptr);
  EXPECT_EQ(memo.Find(1.5, 2.5)->metres.y, 13);
  EXPECT_EQ(memo.Find(2.5, 1.5)->lonlat.x, 20);
  EXPECT_EQ(memo.Find(1.5, 2.50000001), nullptr);
  EXPECT_EQ(memo.Find(-0.0, 0.0), nullptr);
  memo.Remember(0.0, 0.0, Point(30));
  EXPECT_EQ(memo.Find(-0.0, 0.0), nullptr);  // a different bit pattern is a different key
  EXPECT_EQ(memo.Find(0.0, 0.0)->lonlat.x, 30);
  // The first result stays: a point is remembered once.
  memo.Remember(1.5, 2.5, Point(40));
  EXPECT_EQ(memo.Find(1.5, 2.5)->lonlat.x, 10);
  EXPECT_EQ(memo.size(), 3u);
}

TEST(PointMemoTest, StopsRememberingAtThreeQuartersFullAndStillFinds) {
  PointMemo memo(4);  // 16 slots, 12 points
  for (int i = 0; i < 40; ++i) memo.Remember(i, -i, Point(i));
  EXPECT_EQ(memo.size(), 12u);
  int found = 0;
  for (int i = 0; i < 40; ++i) {
    if (const ProjectedPoint* p = memo.Find(i, -i)) {
      EXPECT_EQ(p->lonlat.x, i);
      ++found;
    }
  }
  EXPECT_EQ(found, 12);
  EXPECT_NE(memo.Find(0, 0), nullptr);
  EXPECT_EQ(memo.Find(39, -39), nullptr);
}

}  // namespace
}  // namespace vigil::geo
