// A small, self-contained PRNG (xoshiro256** seeded by splitmix64) with the few
// distributions the generator needs, all computed with integer and basic
// floating-point arithmetic only, so that a seed gives the same population on
// every platform and standard library (std::*_distribution does not).
#ifndef ALS_GENERATOR_RANDOM_H_
#define ALS_GENERATOR_RANDOM_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>

namespace als::generator {

// One step of splitmix64: advances `state` and returns the next output.
uint64_t SplitMix64(uint64_t* state);

// A seed for an independent stream: one per (population seed, patient, purpose),
// so that a patient does not depend on how many patients precede it.
uint64_t DeriveSeed(uint64_t seed, uint64_t index, uint64_t stream);

class Random {
 public:
  explicit Random(uint64_t seed);

  uint64_t Next();
  // Uniform in [0, 1).
  double Uniform();
  double Uniform(double low, double high);
  // Uniform integer in [low, high].
  int Int(int low, int high);
  bool Chance(double probability);
  // Approximately normal (Irwin-Hall: the sum of 12 uniforms), clamped to [low, high].
  double Normal(double mean, double sd, double low, double high);
  // An index into `weights` chosen with probability proportional to its weight.
  size_t Weighted(std::initializer_list<double> weights);

 private:
  uint64_t state_[4];
};

}  // namespace als::generator

#endif  // ALS_GENERATOR_RANDOM_H_
