// The limit for offline evaluate: read the same NDJSON files the same way
// (1 MB blocks, split into lines) and parse each line once into a RapidJSON DOM,
// doing nothing else. Prints one line of key=value figures for bench/run.sh.
//
//   parse_only [--iterative] DIR|FILE...
//
// --iterative uses kParseIterativeFlag (what evaluate's parser uses, slightly
// slower); the default is RapidJSON's default (recursive) DOM parse, the faster
// and therefore the stricter limit.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "cpu_clock.h"

namespace {

namespace fs = std::filesystem;

std::vector<std::string> NdjsonFiles(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const std::string& input : inputs) {
    if (fs::is_directory(input)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::directory_iterator(input)) {
        if (entry.is_regular_file() && entry.path().extension() == ".ndjson") found.push_back(entry.path().string());
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(input);
    }
  }
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  bool iterative = false;
  std::vector<std::string> inputs;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--iterative") == 0) {
      iterative = true;
    } else {
      inputs.push_back(argv[i]);
    }
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "usage: parse_only [--iterative] DIR|FILE...\n");
    return 2;
  }
  auto start = std::chrono::steady_clock::now();
  double cpu_start = ProcessCpuSeconds();
  uint64_t bytes = 0, resources = 0, errors = 0;
  std::vector<char> block(1 << 20);
  std::string line;
  // A fresh document per line over a reused 64 KB first chunk, as a careful
  // parser would: a reused Document's pool would keep every parsed line.
  std::vector<char> chunk(64 << 10);
  auto parse = [&]() {
    if (line.empty()) return;
    rapidjson::MemoryPoolAllocator<> allocator(chunk.data(), chunk.size());
    rapidjson::Document document(&allocator);
    if (iterative) {
      document.Parse<rapidjson::kParseIterativeFlag>(line.data(), line.size());
    } else {
      document.Parse(line.data(), line.size());
    }
    if (document.HasParseError()) ++errors;
    ++resources;
    line.clear();
  };
  for (const std::string& path : NdjsonFiles(inputs)) {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) {
      std::fprintf(stderr, "parse_only: %s: cannot read\n", path.c_str());
      return 2;
    }
    size_t filled;
    while ((filled = std::fread(block.data(), 1, block.size(), file)) > 0) {
      bytes += filled;
      const char* position = block.data();
      const char* end = position + filled;
      while (position < end) {
        const char* newline = static_cast<const char*>(std::memchr(position, '\n', end - position));
        const char* stop = newline ? newline : end;
        line.append(position, stop);
        position = stop;
        if (newline) {
          parse();
          ++position;
        }
      }
    }
    parse();
    std::fclose(file);
  }
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double cpu = ProcessCpuSeconds() - cpu_start;
  std::printf("bytes=%llu resources=%llu errors=%llu wall_s=%.3f cpu_s=%.3f mb_per_s=%.1f mb_per_cpu_s=%.1f\n",
              static_cast<unsigned long long>(bytes), static_cast<unsigned long long>(resources),
              static_cast<unsigned long long>(errors), wall, cpu, bytes / 1e6 / wall, bytes / 1e6 / cpu);
  return errors == 0 ? 0 : 1;
}
