// The CPU time of the whole process (user + system, all threads), in seconds:
// what the bench programs measure their own work with.
#ifndef ALS_BENCH_CPU_CLOCK_H_
#define ALS_BENCH_CPU_CLOCK_H_

#include <time.h>

inline double ProcessCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

#endif  // ALS_BENCH_CPU_CLOCK_H_
