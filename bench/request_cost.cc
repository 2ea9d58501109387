// The client's CPU and wall time per HTTP request, against the local test
// server: what the adapter's transport (HttpTransport, on cpp-httplib) spends on
// one POST of a transaction-sized body, and the floor on this machine: the same
// request written with one send() on a plain socket, its answer read with large recv()s.
// The answer is small (the server refuses a POST to /metadata), as a
// transaction's answer is with Prefer: return=minimal. Both use one kept-alive
// connection. Then the plain socket against a server that waits 0, 10, 100 and
// 1000 ms before each answer, asleep, and 1000 ms busy computing (as the local
// test server is while it scans): on this VM a blocked client is charged more
// CPU the longer it waits, and more while the other CPU is busy. Prints one
// line of key=value figures for bench/run.sh.
//
//   request_cost BASE_URL [--requests N] [--bytes B]      (BASE_URL http://127.0.0.1:PORT/...)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "als/client/http_transport.h"
#include "als/client/url.h"
#include "cpu_clock.h"

namespace {

using namespace als;

double CpuMicroseconds() { return ProcessCpuSeconds() * 1e6; }

// What `count` requests cost, each: the process's CPU and the wall time, in us.
struct Cost {
  double cpu_us = -1;  // -1: the requests failed
  double wall_us = -1;
};

class CostClock {
 public:
  void Start() {
    cpu_ = CpuMicroseconds();
    wall_ = std::chrono::steady_clock::now();
  }
  Cost PerRequest(int count) const {
    std::chrono::duration<double, std::micro> wall = std::chrono::steady_clock::now() - wall_;
    return {(CpuMicroseconds() - cpu_) / count, wall.count() / count};
  }

 private:
  double cpu_ = 0;
  std::chrono::steady_clock::time_point wall_;
};

// Sends `count` requests through the adapter's transport; their cost per request.
Cost TransportCost(const std::string& url, const std::string& body, int count) {
  client::ClientSettings settings;
  settings.base_url = url;
  settings.retry.max_attempts = 1;
  Result<std::unique_ptr<client::HttpTransport>> transport = client::HttpTransport::Create(settings, nullptr);
  if (!transport.ok()) {
    std::fprintf(stderr, "request_cost: %s\n", transport.error().ToString().c_str());
    return {};
  }
  client::HttpRequest request;
  request.method = "POST";
  request.url = url;
  request.body = body;
  request.content_type = "application/fhir+json";
  CostClock clock;
  for (int i = -10; i < count; ++i) {  // 10 to open the connection and warm up, not counted
    if (i == 0) clock.Start();
    Result<client::HttpResponse> response = (*transport)->Send(request);
    if (!response.ok()) {
      std::fprintf(stderr, "request_cost: %s\n", response.error().ToString().c_str());
      return {};
    }
  }
  return clock.PerRequest(count);
}

// Requests written whole with one send() on a plain socket, answers read with
// recv()s of up to 64 KB; their cost per request.
Cost SocketCost(const client::Url& url, const std::string& request, int count) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(url.port));
  if (fd < 0 || inet_pton(AF_INET, url.host.c_str(), &address.sin_addr) != 1 ||
      connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    std::fprintf(stderr, "request_cost: cannot connect to %s:%d (an IPv4 address is needed)\n", url.host.c_str(),
                 url.port);
    if (fd >= 0) close(fd);
    return {};
  }
  auto fail = [fd](const char* what) {
    std::fprintf(stderr, "request_cost: plain socket: %s\n", what);
    close(fd);
    return Cost{};
  };
  std::string answer;
  char buffer[65536];
  CostClock clock;
  const int warm_up = std::min(count, 10);
  for (int i = -warm_up; i < count; ++i) {
    if (i == 0) clock.Start();
    if (send(fd, request.data(), request.size(), 0) != static_cast<ssize_t>(request.size())) {
      return fail("the request was not sent whole");
    }
    answer.clear();
    size_t expected = std::string::npos;
    while (expected == std::string::npos || answer.size() < expected) {
      ssize_t received = recv(fd, buffer, sizeof buffer, 0);
      if (received <= 0) return fail("the connection closed before a complete answer");
      answer.append(buffer, static_cast<size_t>(received));
      size_t head_end = answer.find("\r\n\r\n");
      if (expected != std::string::npos || head_end == std::string::npos) continue;
      std::string head = answer.substr(0, head_end);
      for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      size_t length = head.find("\r\ncontent-length:");
      if (length == std::string::npos) return fail("an answer without Content-Length");
      expected = head_end + 4 + std::strtoul(head.c_str() + length + 17, nullptr, 10);
    }
  }
  Cost cost = clock.PerRequest(count);
  close(fd);
  return cost;
}

// A server in a child process on an ephemeral loopback port: each request,
// read up to its blank line, is answered after `delay_ms` with a 2-byte body;
// the server sleeps meanwhile, or with `busy` keeps its CPU busy. The client's
// cost per request (SocketCost).
Cost DelayedAnswerCost(int delay_ms, bool busy, int count) {
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (listener < 0 || bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      listen(listener, 1) != 0 || getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    std::fprintf(stderr, "request_cost: cannot listen on loopback\n");
    if (listener >= 0) close(listener);
    return {};
  }
  pid_t child = fork();
  if (child < 0) {
    close(listener);
    return {};
  }
  if (child == 0) {
    int connection = accept(listener, nullptr, nullptr);
    std::string pending;
    char buffer[4096];
    const char answer[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    for (;;) {
      ssize_t received = recv(connection, buffer, sizeof buffer, 0);
      if (received <= 0) _exit(0);
      pending.append(buffer, static_cast<size_t>(received));
      size_t end;
      while ((end = pending.find("\r\n\r\n")) != std::string::npos) {
        pending.erase(0, end + 4);
        auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(delay_ms);
        if (busy) {
          while (std::chrono::steady_clock::now() < until) {
          }
        } else if (delay_ms > 0) {
          usleep(static_cast<useconds_t>(delay_ms) * 1000);
        }
        if (send(connection, answer, sizeof answer - 1, 0) != static_cast<ssize_t>(sizeof answer - 1)) _exit(1);
      }
    }
  }
  close(listener);
  client::Url url;
  url.host = "127.0.0.1";
  url.port = ntohs(address.sin_port);
  Cost cost = SocketCost(url, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", count);
  kill(child, SIGTERM);
  waitpid(child, nullptr, 0);
  return cost;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: request_cost BASE_URL [--requests N] [--bytes B]\n");
    return 2;
  }
  const std::string base = argv[1];
  int count = 1000;
  size_t bytes = 30000;
  for (int i = 2; i < argc; i += 2) {
    std::string flag = argv[i];
    if (i + 1 >= argc || (flag != "--requests" && flag != "--bytes")) {
      std::fprintf(stderr, "request_cost: unknown or incomplete option '%s'\n", flag.c_str());
      return 2;
    }
    if (flag == "--requests") count = std::atoi(argv[i + 1]);
    if (flag == "--bytes") bytes = std::strtoul(argv[i + 1], nullptr, 10);
  }
  Result<client::Url> url = client::ParseUrl(base + "/metadata");
  if (!url.ok() || url->scheme != "http" || count <= 0 || bytes < 2) {
    std::fprintf(stderr, "request_cost: need an http:// base URL, --requests > 0, --bytes >= 2\n");
    return 2;
  }
  std::string body(bytes, ' ');
  body.front() = '{';
  body.back() = '}';
  Cost transport = TransportCost(base + "/metadata", body, count);
  if (transport.cpu_us < 0) return 1;
  const std::string host = "Host: " + url->host + ":" + std::to_string(url->port) + "\r\n";
  const std::string post = "POST " + url->target + " HTTP/1.1\r\n" + host +
                           "Content-Type: application/fhir+json\r\nContent-Length: " + std::to_string(body.size()) +
                           "\r\n\r\n" + body;
  Cost floor = SocketCost(*url, post, count);
  if (floor.cpu_us < 0) return 1;
  // What a blocking round trip costs the client here when the answer takes its
  // time, as a sync's do (the local server takes about a second a request):
  // the same plain socket against a server in a child process that answers
  // each request after a set delay, asleep or (busywait) computing.
  std::string waits;
  auto add_wait = [&waits](const char* name, int delay_ms, bool busy) {
    int count = delay_ms >= 1000 ? 4 : delay_ms >= 100 ? 10 : delay_ms >= 10 ? 50 : 100;
    Cost cost = DelayedAnswerCost(delay_ms, busy, count);
    if (cost.cpu_us < 0) return false;
    char figure[64];
    std::snprintf(figure, sizeof figure, " %s%d_us=%.1f", name, delay_ms, cost.cpu_us);
    waits += figure;
    return true;
  };
  for (int delay_ms : {0, 10, 100, 1000}) {
    if (!add_wait("wait", delay_ms, false)) return 1;
  }
  if (!add_wait("busywait", 1000, true)) return 1;
  std::printf("requests=%d bytes=%zu transport_us=%.1f socket_us=%.1f transport_wall_us=%.0f socket_wall_us=%.0f%s\n",
              count, bytes, transport.cpu_us, floor.cpu_us, transport.wall_us, floor.wall_us, waits.c_str());
  return 0;
}
