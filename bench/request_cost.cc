// The client's CPU per HTTP request, against the local test server: what the
// adapter's transport (HttpTransport, on cpp-httplib) spends on one POST of a
// transaction-sized body, and the floor on this machine: the same request
// written with one send() on a plain socket, its answer read with large recv()s.
// The answer is small (the server refuses a POST to /metadata), as a
// transaction's answer is with Prefer: return=minimal. Both use one kept-alive
// connection. Prints one line of key=value figures for bench/run.sh.
//
//   request_cost BASE_URL [--requests N] [--bytes B]      (BASE_URL http://127.0.0.1:PORT/...)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

#include "als/client/http_transport.h"
#include "als/client/url.h"

namespace {

using namespace als;

double CpuMicroseconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e6 + static_cast<double>(now.tv_nsec) / 1e3;
}

// Sends `count` requests through the adapter's transport; the CPU per request, or -1 on failure.
double TransportCost(const std::string& url, const std::string& body, int count) {
  client::ClientSettings settings;
  settings.base_url = url;
  settings.retry.max_attempts = 1;
  Result<std::unique_ptr<client::HttpTransport>> transport = client::HttpTransport::Create(settings, nullptr);
  if (!transport.ok()) {
    std::fprintf(stderr, "request_cost: %s\n", transport.error().ToString().c_str());
    return -1;
  }
  client::HttpRequest request;
  request.method = "POST";
  request.url = url;
  request.body = body;
  request.content_type = "application/fhir+json";
  double started = 0;
  for (int i = -10; i < count; ++i) {  // 10 to open the connection and warm up, not counted
    if (i == 0) started = CpuMicroseconds();
    Result<client::HttpResponse> response = (*transport)->Send(request);
    if (!response.ok()) {
      std::fprintf(stderr, "request_cost: %s\n", response.error().ToString().c_str());
      return -1;
    }
  }
  return (CpuMicroseconds() - started) / count;
}

// The same exchange on a plain socket: one send() of head and body, recv()s of up to 64 KB.
double SocketCost(const client::Url& url, const std::string& body, int count) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(url.port));
  if (fd < 0 || inet_pton(AF_INET, url.host.c_str(), &address.sin_addr) != 1 ||
      connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    std::fprintf(stderr, "request_cost: cannot connect to %s:%d (an IPv4 address is needed)\n", url.host.c_str(),
                 url.port);
    return -1;
  }
  const std::string request = "POST " + url.target + " HTTP/1.1\r\nHost: " + url.host + ":" + std::to_string(url.port) +
                              "\r\nContent-Type: application/fhir+json\r\nContent-Length: " +
                              std::to_string(body.size()) + "\r\n\r\n" + body;
  auto fail = [fd](const char* what) {
    std::fprintf(stderr, "request_cost: plain socket: %s\n", what);
    close(fd);
    return -1.0;
  };
  std::string answer;
  char buffer[65536];
  double started = 0;
  for (int i = -10; i < count; ++i) {
    if (i == 0) started = CpuMicroseconds();
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
      size_t length = answer.find("Content-Length: ");
      if (length == std::string::npos || length > head_end) return fail("an answer without Content-Length");
      expected = head_end + 4 + std::strtoul(answer.c_str() + length + 16, nullptr, 10);
    }
  }
  double cost = (CpuMicroseconds() - started) / count;
  close(fd);
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
  double transport = TransportCost(base + "/metadata", body, count);
  if (transport < 0) return 1;
  double floor = SocketCost(*url, body, count);
  if (floor < 0) return 1;
  std::printf("requests=%d bytes=%zu transport_us=%.1f socket_us=%.1f\n", count, bytes, transport, floor);
  return 0;
}
