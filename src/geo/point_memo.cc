#include "geo/point_memo.h"

#include <bit>

namespace vigil::geo {

PointMemo::PointMemo(int capacity_log2)
    : mask_((std::size_t{1} << capacity_log2) - 1),
      max_size_((std::size_t{3} << capacity_log2) / 4) {}

std::size_t PointMemo::SlotOf(std::uint64_t x_bits, std::uint64_t y_bits) const {
  // Coordinates of one city share their high bits: mix all of them into the low ones.
  std::uint64_t h = x_bits * 0x9E3779B97F4A7C15ULL ^ y_bits * 0xC2B2AE3D27D4EB4FULL;
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 32;
  return static_cast<std::size_t>(h) & mask_;
}

void PointMemo::Prefetch(double x, double y) const {
  if (slots_.empty()) return;
  const Slot* slot =
      &slots_[SlotOf(std::bit_cast<std::uint64_t>(x), std::bit_cast<std::uint64_t>(y))];
  __builtin_prefetch(slot);
  __builtin_prefetch(reinterpret_cast<const char*>(slot + 1) - 1);
}

const ProjectedPoint* PointMemo::Find(double x, double y) const {
  if (slots_.empty()) return nullptr;
  const auto x_bits = std::bit_cast<std::uint64_t>(x);
  const auto y_bits = std::bit_cast<std::uint64_t>(y);
  for (std::size_t i = SlotOf(x_bits, y_bits);; i = (i + 1) & mask_) {
    const Slot& slot = slots_[i];
    if (!slot.used) return nullptr;
    if (slot.x_bits == x_bits && slot.y_bits == y_bits) return &slot.point;
  }
}

void PointMemo::Remember(double x, double y, const ProjectedPoint& point) {
  if (size_ >= max_size_) return;
  if (slots_.empty()) slots_.resize(mask_ + 1);
  const auto x_bits = std::bit_cast<std::uint64_t>(x);
  const auto y_bits = std::bit_cast<std::uint64_t>(y);
  for (std::size_t i = SlotOf(x_bits, y_bits);; i = (i + 1) & mask_) {
    Slot& slot = slots_[i];
    if (slot.used) {
      if (slot.x_bits == x_bits && slot.y_bits == y_bits) return;
      continue;
    }
    slot = Slot{x_bits, y_bits, point, true};
    ++size_;
    return;
  }
}

}  // namespace vigil::geo
