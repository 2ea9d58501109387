#include "random.h"

#include <algorithm>

namespace als::generator {
namespace {

uint64_t RotateLeft(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

uint64_t DeriveSeed(uint64_t seed, uint64_t index, uint64_t stream) {
  uint64_t state = seed;
  uint64_t mixed = SplitMix64(&state) ^ (index * 0xD1B54A32D192ED03ull);
  state = mixed;
  mixed = SplitMix64(&state) ^ (stream * 0x8CB92BA72F3D8DD7ull);
  state = mixed;
  return SplitMix64(&state);
}

Random::Random(uint64_t seed) {
  uint64_t state = seed;
  for (uint64_t& word : state_) word = SplitMix64(&state);
}

uint64_t Random::Next() {
  const uint64_t result = RotateLeft(state_[1] * 5, 7) * 9;
  const uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = RotateLeft(state_[3], 45);
  return result;
}

double Random::Uniform() { return static_cast<double>(Next() >> 11) * (1.0 / 9007199254740992.0); }

double Random::Uniform(double low, double high) { return low + (high - low) * Uniform(); }

int Random::Int(int low, int high) {
  if (high <= low) return low;
  uint64_t span = static_cast<uint64_t>(static_cast<int64_t>(high) - low) + 1;
  return static_cast<int>(low + static_cast<int64_t>(Next() % span));
}

bool Random::Chance(double probability) { return Uniform() < probability; }

double Random::Normal(double mean, double sd, double low, double high) {
  double sum = 0;
  for (int i = 0; i < 12; ++i) sum += Uniform();
  return std::clamp(mean + sd * (sum - 6.0), low, high);
}

size_t Random::Weighted(std::initializer_list<double> weights) {
  double total = 0;
  for (double weight : weights) total += weight;
  double pick = Uniform() * total;
  size_t index = 0;
  for (double weight : weights) {
    if (pick < weight) return index;
    pick -= weight;
    ++index;
  }
  return weights.size() - 1;
}

}  // namespace als::generator
