// A FHIR R4 REST client: metadata check, read, search over every page, batch,
// transaction, create and (conditional) update, with authentication, TLS,
// retries and timeouts from ClientSettings.
#ifndef ALS_CLIENT_FHIR_CLIENT_H_
#define ALS_CLIENT_FHIR_CLIENT_H_

#include <memory>
#include <optional>
#include <string>

#include <rapidjson/document.h>

#include "als/client/capability.h"
#include "als/client/request_stats.h"
#include "als/client/settings.h"
#include "als/client/url.h"
#include "als/common/result.h"

namespace als::client {

struct SearchResult {
  // A searchset Bundle with the entries of every page (matches and includes),
  // in the server's order; no `next` link.
  rapidjson::Document bundle;
  // The server's time when it answered the first page (Bundle.meta.lastUpdated,
  // else the Date header) as a FHIR instant, for a `_lastUpdated` watermark.
  std::string server_time;
  int pages = 0;

  // Bundle.entry (an empty array when the search found nothing).
  const rapidjson::Value& entries() const;
};

struct WriteResult {
  int status = 0;  // 200 updated, 201 created
  std::string id;
  std::string version_id;  // from the ETag, else meta.versionId
  std::string location;    // the Location header, when sent
  rapidjson::Document resource;  // the stored resource when returned, else null
};

class FhirClient {
 public:
  // Reads the secrets the settings name and checks the TLS files; no request
  // is sent yet.
  static Result<std::unique_ptr<FhirClient>> Create(const ClientSettings& settings);
  ~FhirClient();
  FhirClient(const FhirClient&) = delete;
  FhirClient& operator=(const FhirClient&) = delete;

  // All operations are thread-safe. Errors carry the method and the URL (query
  // values hidden) as location; a 4xx/5xx answer's OperationOutcome is quoted.

  // GET [base]/metadata: fhirVersion 4.0.x and everything in `requirements`,
  // else a kFailedPrecondition error saying what the server lacks.
  Result<CapabilityReport> CheckMetadata(
      const CapabilityRequirements& requirements = AdapterCapabilityRequirements());

  // GET [base]/type/id. A missing resource is kNotFound.
  Result<rapidjson::Document> Read(const std::string& type, const std::string& id);

  // GET [base]/type?params (with _count = page_size unless given), or POST
  // [base]/type/_search when the URL would exceed max_get_url_length; then
  // every `next` link. More than max_pages pages, a next link that repeats a
  // page, or one on another origin is an error.
  Result<SearchResult> Search(const std::string& type, const QueryParams& params);

  // Reads the remaining pages of a searchset Bundle obtained elsewhere (an
  // entry of a batch-response); `first_page` is copied.
  Result<SearchResult> ContinueSearch(const rapidjson::Value& first_page);

  // POST [base] with a Bundle of type batch / transaction; the response
  // Bundle. A batch of reads only is retried like a GET; a transaction is
  // never sent twice, and asks for `Prefer: return=minimal` (its entries may
  // come back with their response only, no resource). `depth`, when given,
  // receives the batch-response's nesting depth (fhir::ParseInPool's), which
  // spares a caller walking it to bound the depth of its resources.
  Result<rapidjson::Document> Batch(const rapidjson::Value& bundle, int* depth = nullptr);
  Result<rapidjson::Document> Transaction(const rapidjson::Value& bundle);
  // The same for a transaction Bundle serialised already (sent as it is, not
  // checked), which saves parsing and writing it again.
  Result<rapidjson::Document> Transaction(std::string bundle_json);

  // POST [base]/type. Not retried once it may have reached the server.
  Result<WriteResult> CreateResource(const rapidjson::Value& resource);

  // PUT [base]/type/id, with If-Match: W/"version" when given (a different
  // current version is kConflict).
  Result<WriteResult> Update(const rapidjson::Value& resource,
                             const std::optional<std::string>& if_match_version = std::nullopt);

  // PUT [base]/type?criteria: creates the resource, or updates the one match
  // (several matches: an error from the server).
  Result<WriteResult> ConditionalUpdate(const rapidjson::Value& resource,
                                        const QueryParams& criteria);

  RequestStatsSnapshot Stats() const;
  const ClientSettings& settings() const;

 private:
  class Impl;
  explicit FhirClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace als::client

#endif  // ALS_CLIENT_FHIR_CLIENT_H_
