#include "testing/test_server.h"

#include <catch2/catch.hpp>
#include <httplib.h>

#include <cstdlib>

#include "testing/process.h"

namespace als::testing {

rapidjson::Document HttpReply::Json() const {
  rapidjson::Document document;
  document.Parse(body.c_str(), body.size());
  return document;
}

const TestServer& TestServer::Get() {
  static TestServer* server = [] {
    const char* dir = std::getenv("ALS_TEST_SERVER_DIR");
    auto* s = new TestServer();
    if (dir == nullptr) return s;
    s->dir_ = dir;
    rapidjson::Document info;
    std::string text = ReadFile(s->dir_ + "/server.json");
    info.Parse(text.c_str());
    if (!info.HasParseError() && info.IsObject()) {
      s->http_ = info["http"].GetString();
      s->https_ = info["https"].GetString();
      s->mtls_ = info["mtls"].GetString();
    }
    return s;
  }();
  REQUIRE_FALSE(server->http_.empty());  // run through ctest (fixture fhir_server), or set ALS_TEST_SERVER_DIR
  return *server;
}

HttpReply TestServer::Request(const std::string& method, const std::string& path, const std::string& body) const {
  httplib::Client client(http_);
  client.set_read_timeout(60, 0);
  httplib::Headers headers{{"Accept", "application/fhir+json"}};
  httplib::Result result = method == "GET"      ? client.Get(path, headers)
                           : method == "DELETE" ? client.Delete(path, headers)
                           : method == "PUT"    ? client.Put(path, headers, body, "application/fhir+json")
                                                : client.Post(path, headers, body, "application/fhir+json");
  HttpReply reply;
  if (result) {
    reply.status = result->status;
    reply.body = result->body;
  }
  return reply;
}

std::vector<std::string> TestServer::Validate(const std::string& document, size_t* validated) const {
  HttpReply reply = Request("POST", "/_admin/validate", document);
  INFO(reply.body.substr(0, 1000));
  REQUIRE(reply.status == 200);
  rapidjson::Document report = reply.Json();
  REQUIRE(report.IsObject());
  REQUIRE(report.HasMember("results"));
  std::vector<std::string> issues;
  for (const auto& result : report["results"].GetArray()) {
    std::string type = result["resourceType"].IsString() ? result["resourceType"].GetString() : "?";
    std::string id = result["id"].IsString()        ? result["id"].GetString()
                     : result["fullUrl"].IsString() ? result["fullUrl"].GetString()
                                                    : "";
    for (const auto& issue : result["issues"].GetArray()) issues.push_back(type + "/" + id + ": " + issue.GetString());
  }
  if (validated != nullptr) *validated = report["results"].Size();
  return issues;
}

void TestServer::PutAll(const std::vector<std::string>& resources) const {
  for (size_t begin = 0; begin < resources.size(); begin += 40) {
    std::string bundle = R"({"resourceType":"Bundle","type":"transaction","entry":[)";
    for (size_t i = begin; i < std::min(resources.size(), begin + 40); ++i) {
      rapidjson::Document resource;
      resource.Parse(resources[i].c_str());
      REQUIRE_FALSE(resource.HasParseError());
      std::string url = std::string(resource["resourceType"].GetString()) + "/" + resource["id"].GetString();
      if (i > begin) bundle += ",";
      bundle += R"({"resource":)" + resources[i] + R"(,"request":{"method":"PUT","url":")" + url + R"("}})";
    }
    bundle += "]}";
    HttpReply reply = Request("POST", "/fhir", bundle);
    INFO(reply.body.substr(0, 1000));
    REQUIRE(reply.status == 200);
  }
}

void TestServer::InjectFault(const std::string& fault_json) const {
  HttpReply reply = Request("POST", "/_admin/faults", R"({"faults":[)" + fault_json + "]}");
  REQUIRE(reply.status / 100 == 2);
}

void TestServer::ClearFaults() const { Request("DELETE", "/_admin/faults"); }

}  // namespace als::testing
