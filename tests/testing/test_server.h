// The local FHIR server started by the ctest fixture (tests/fhir-server/ctl.sh),
// for integration tests: its URLs, and plain HTTP helpers to load data, read it
// back and drive the admin endpoints.
#ifndef ALS_TESTS_TESTING_TEST_SERVER_H_
#define ALS_TESTS_TESTING_TEST_SERVER_H_

#include <string>
#include <vector>

#include <rapidjson/document.h>

namespace als::testing {

struct HttpReply {
  int status = 0;  // 0: no answer
  std::string body;
  rapidjson::Document Json() const;
};

class TestServer {
 public:
  // From ALS_TEST_SERVER_DIR/server.json; the test fails (REQUIRE) without it.
  static const TestServer& Get();

  const std::string& dir() const { return dir_; }
  std::string http() const { return http_; }       // http://127.0.0.1:PORT
  std::string https() const { return https_; }
  std::string mtls() const { return mtls_; }
  std::string fhir_base() const { return http_ + "/fhir"; }

  HttpReply Request(const std::string& method, const std::string& path, const std::string& body = "") const;
  HttpReply GetFhir(const std::string& path_and_query) const { return Request("GET", "/fhir/" + path_and_query); }
  // POSTs a transaction of `PUT Type/id` entries for the resources (JSON texts with ids).
  void PutAll(const std::vector<std::string>& resources) const;
  // POST /_admin/validate: the validation issues of a resource or of each
  // Bundle entry, "Type/id: issue" (Type/fullUrl when there is no id); the
  // number of resources validated goes to `validated` when given.
  std::vector<std::string> Validate(const std::string& document, size_t* validated = nullptr) const;
  // POST /_admin/faults with one fault.
  void InjectFault(const std::string& fault_json) const;
  void ClearFaults() const;

 private:
  std::string dir_, http_, https_, mtls_;
};

}  // namespace als::testing

#endif  // ALS_TESTS_TESTING_TEST_SERVER_H_
