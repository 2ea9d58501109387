// Runs a command and records what it cost: wall time, user and system CPU
// time and peak RSS of the process (and its children), from wait4(2).
//
//   run_timed FILE -- COMMAND [ARG]...
//
// Writes one line "wall_s=... user_s=... sys_s=... max_rss_kb=... exit=..." to
// FILE; the command's stdout and stderr pass through; exits with its status.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc < 4 || std::strcmp(argv[2], "--") != 0) {
    std::fprintf(stderr, "usage: run_timed FILE -- COMMAND [ARG]...\n");
    return 2;
  }
  auto start = std::chrono::steady_clock::now();
  pid_t child = fork();
  if (child < 0) {
    std::perror("run_timed: fork");
    return 2;
  }
  if (child == 0) {
    execvp(argv[3], argv + 3);
    std::perror("run_timed: exec");
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  if (wait4(child, &status, 0, &usage) < 0) {
    std::perror("run_timed: wait4");
    return 2;
  }
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  int exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::FILE* out = std::fopen(argv[1], "w");
  if (out == nullptr) {
    std::perror(argv[1]);
    return 2;
  }
  std::fprintf(out, "wall_s=%.3f user_s=%.3f sys_s=%.3f max_rss_kb=%ld exit=%d\n", wall, seconds(usage.ru_utime),
               seconds(usage.ru_stime), usage.ru_maxrss, exit_status);
  std::fclose(out);
  return exit_status;
}
