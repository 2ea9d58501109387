#include "als/client/fhir_client.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "als/client/auth.h"
#include "als/client/fhir_response.h"
#include "als/client/http_time.h"
#include "als/client/http_transport.h"
#include "als/fhir/resources.h"
#include "als/fhir/json.h"
#include "json_text.h"

namespace als::client {
namespace {

constexpr char kFhirJson[] = "application/fhir+json";

using internal::StringMember;
using fhir::ToJson;

// FHIR resource type names and ids: what may go into a URL path unescaped.
bool IsResourceType(const std::string& type) {
  return !type.empty() && type.size() <= 64 && std::isupper(static_cast<unsigned char>(type[0])) &&
         std::all_of(type.begin(), type.end(),
                     [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
}

bool IsResourceId(const std::string& id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
  });
}

Error InvalidArgument(const std::string& message) {
  return MakeError(ErrorCode::kInvalidArgument, "", message);
}

void RemoveLink(rapidjson::Value& bundle, const char* relation) {
  if (!bundle.HasMember("link") || !bundle["link"].IsArray()) return;
  rapidjson::Value& links = bundle["link"];
  for (auto it = links.Begin(); it != links.End();) {
    it = StringMember(*it, "relation") == relation ? links.Erase(it) : it + 1;
  }
}

// `W/"3"` -> `3`.
std::string VersionFromEtag(std::string etag) {
  if (etag.rfind("W/", 0) == 0) etag.erase(0, 2);
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    etag = etag.substr(1, etag.size() - 2);
  }
  return etag;
}

// A batch whose entries only read can be sent twice without harm.
bool OnlyReads(const rapidjson::Value& bundle) {
  if (!bundle.HasMember("entry") || !bundle["entry"].IsArray()) return true;
  for (const rapidjson::Value& entry : bundle["entry"].GetArray()) {
    std::string method = entry.IsObject() && entry.HasMember("request")
                             ? StringMember(entry["request"], "method")
                             : "";
    if (method != "GET" && method != "HEAD") return false;
  }
  return true;
}

}  // namespace

const rapidjson::Value& SearchResult::entries() const {
  static const rapidjson::Value kNoEntries(rapidjson::kArrayType);
  if (!bundle.IsObject()) return kNoEntries;
  auto it = bundle.FindMember("entry");
  return it != bundle.MemberEnd() && it->value.IsArray() ? it->value : kNoEntries;
}

class FhirClient::Impl {
 public:
  explicit Impl(const ClientSettings& settings) : settings_(settings) {}

  Status Init();
  Result<CapabilityReport> CheckMetadata(const CapabilityRequirements& requirements);
  Result<rapidjson::Document> Read(const std::string& type, const std::string& id);
  Result<SearchResult> Search(const std::string& type, const QueryParams& params);
  Result<SearchResult> ContinueSearch(const rapidjson::Value& first_page);
  // `depth`: as for ParseJsonBody.
  Result<rapidjson::Document> PostBundle(const rapidjson::Value& bundle, const std::string& type,
                                         RequestKind kind, int* depth = nullptr);
  // POSTs `bundle_json`, a Bundle of `type`, as it is.
  Result<rapidjson::Document> PostBundleText(std::string bundle_json, const std::string& type,
                                             RequestKind kind, bool repeatable, int* depth = nullptr);
  Result<WriteResult> CreateResource(const rapidjson::Value& resource);
  Result<WriteResult> Update(const rapidjson::Value& resource,
                             const std::optional<std::string>& if_match_version);
  Result<WriteResult> ConditionalUpdate(const rapidjson::Value& resource,
                                        const QueryParams& criteria);

  const ClientSettings& settings() const { return settings_; }
  RequestStatsSnapshot Stats() const { return stats_.Snapshot(); }

 private:
  Result<HttpResponse> Exchange(RequestKind kind, HttpRequest request);
  Result<rapidjson::Document> JsonAnswer(const Result<HttpResponse>& response,
                                         const std::string& location, int* depth = nullptr) const;
  Result<rapidjson::Document> ResourceAnswer(const Result<HttpResponse>& response,
                                             const std::string& location,
                                             const std::string& type, int* depth = nullptr) const;
  Status ReadRemainingPages(rapidjson::Document first_page, SearchResult* result);
  Result<std::string> ResolveLink(const std::string& link) const;
  Result<WriteResult> Write(HttpRequest request, RequestKind kind);

  const ClientSettings settings_;
  Url base_;
  RequestStats stats_;
  std::unique_ptr<HttpTransport> transport_;
  std::unique_ptr<Authenticator> authenticator_;
};

Status FhirClient::Impl::Init() {
  Result<Url> base = ParseUrl(settings_.base_url);
  if (!base.ok()) {
    return MakeError(ErrorCode::kInvalidArgument, SettingLocation(settings_, "base_url"),
                     base.error().message);
  }
  base_ = *base;
  ALS_ASSIGN_OR_RETURN(transport_, HttpTransport::Create(settings_, &stats_));
  ALS_ASSIGN_OR_RETURN(authenticator_,
                       CreateAuthenticator(settings_, transport_.get(), &stats_));
  return Status::Ok();
}

Result<HttpResponse> FhirClient::Impl::Exchange(RequestKind kind, HttpRequest request) {
  stats_.CountRequest(kind);
  request.SetHeader("Accept", kFhirJson);
  request.keep_gzip = true;  // decoded by ParseJsonBody or ErrorFromResponse, into what they parse
  std::string authorization;  // as sent on the last attempt
  request.before_attempt = [this, &authorization](HttpRequest& attempt) -> Status {
    Result<std::string> header = authenticator_->Authorization();
    if (!header.ok()) return header.error();
    authorization = *header;
    if (!authorization.empty()) attempt.SetHeader("Authorization", authorization);
    return Status::Ok();
  };
  Result<HttpResponse> response = transport_->Send(request);
  // One renewal per request: a credential the server keeps refusing must not
  // turn into a stream of token requests.
  if (response.ok() && response->status == 401) {
    Result<bool> renewed = authenticator_->Renew(authorization);
    if (!renewed.ok()) {
      response = renewed.error();
    } else if (*renewed) {
      response = transport_->Send(request);
    }
  }
  if (!response.ok() || response->status >= 400) stats_.CountFailure();
  return response;
}

Result<rapidjson::Document> FhirClient::Impl::JsonAnswer(const Result<HttpResponse>& response,
                                                         const std::string& location, int* depth) const {
  if (!response.ok()) return response.error();
  if (response->status < 200 || response->status >= 300) {
    return ErrorFromResponse(*response, location);
  }
  return ParseJsonBody(*response, location, depth);
}

Result<rapidjson::Document> FhirClient::Impl::ResourceAnswer(
    const Result<HttpResponse>& response, const std::string& location,
    const std::string& type, int* depth) const {
  ALS_ASSIGN_OR_RETURN(rapidjson::Document document, JsonAnswer(response, location, depth));
  std::string actual = StringMember(document, "resourceType");
  if (actual != type) {
    return MakeError(ErrorCode::kInvalidData, location,
                     "expected a " + type + " from the server, got " +
                         (actual.empty() ? std::string("JSON without resourceType") : actual));
  }
  return document;
}

Result<CapabilityReport> FhirClient::Impl::CheckMetadata(
    const CapabilityRequirements& requirements) {
  HttpRequest request;
  request.url = settings_.base_url + "/metadata";
  request.repeatable = true;
  std::string location = RequestLocation(request.method, request.url);
  ALS_ASSIGN_OR_RETURN(
      rapidjson::Document statement,
      ResourceAnswer(Exchange(RequestKind::kMetadata, request), location, "CapabilityStatement"));
  Result<CapabilityReport> report = AssessCapabilities(statement, requirements);
  if (!report.ok()) return report.error().WithContext(location);
  if (!report->missing.empty()) {
    std::string lacks;
    for (const std::string& item : report->missing) lacks += (lacks.empty() ? "" : ", ") + item;
    return MakeError(ErrorCode::kFailedPrecondition, location,
                     "the server" + (report->software.empty() ? "" : " (" + report->software + ")") +
                         " lacks what the adapter needs: " + lacks);
  }
  spdlog::info("server {}: FHIR {}{}", settings_.base_url, report->fhir_version,
               report->software.empty() ? "" : ", " + report->software);
  return report;
}

Result<rapidjson::Document> FhirClient::Impl::Read(const std::string& type,
                                                   const std::string& id) {
  if (!IsResourceType(type)) return InvalidArgument("not a resource type: '" + type + "'");
  if (!IsResourceId(id)) return InvalidArgument("not a FHIR id: '" + id + "'");
  HttpRequest request;
  request.url = settings_.base_url + "/" + type + "/" + id;
  request.repeatable = true;
  return ResourceAnswer(Exchange(RequestKind::kRead, request),
                        RequestLocation(request.method, request.url), type);
}

Result<SearchResult> FhirClient::Impl::Search(const std::string& type,
                                              const QueryParams& params) {
  if (!IsResourceType(type)) return InvalidArgument("not a resource type: '" + type + "'");
  QueryParams query = WithPageSize(params, settings_.page_size);
  HttpRequest request;
  request.repeatable = true;
  request.url = AppendQuery(settings_.base_url + "/" + type, query);
  if (request.url.size() > static_cast<size_t>(settings_.max_get_url_length)) {
    spdlog::debug("search URL of {} characters; using POST _search", request.url.size());
    request.method = "POST";
    request.url = settings_.base_url + "/" + type + "/_search";
    request.body = EncodeQuery(query);
    request.content_type = "application/x-www-form-urlencoded";
  }
  std::string location = RequestLocation(request.method, request.url);
  Result<HttpResponse> response = Exchange(RequestKind::kSearchPage, request);
  ALS_ASSIGN_OR_RETURN(rapidjson::Document page, ResourceAnswer(response, location, "Bundle"));

  SearchResult result;
  if (page.HasMember("meta")) result.server_time = StringMember(page["meta"], "lastUpdated");
  if (result.server_time.empty()) {
    if (auto date = ParseHttpDate(response->Header("Date"))) {
      result.server_time = FormatFhirInstant(*date);
    }
  }
  ALS_RETURN_IF_ERROR(ReadRemainingPages(std::move(page), &result));
  return result;
}

Result<SearchResult> FhirClient::Impl::ContinueSearch(const rapidjson::Value& first_page) {
  if (StringMember(first_page, "resourceType") != "Bundle") {
    return InvalidArgument("ContinueSearch needs a Bundle");
  }
  rapidjson::Document page;
  static_cast<rapidjson::Value&>(page) = fhir::DeepCopy(first_page, page.GetAllocator());
  SearchResult result;
  if (page.HasMember("meta")) result.server_time = StringMember(page["meta"], "lastUpdated");
  ALS_RETURN_IF_ERROR(ReadRemainingPages(std::move(page), &result));
  return result;
}

Result<std::string> FhirClient::Impl::ResolveLink(const std::string& link) const {
  std::string absolute = link;
  if (link.rfind("http://", 0) != 0 && link.rfind("https://", 0) != 0) {
    absolute = link.front() == '/' ? base_.scheme + "://" + base_.host + ":" +
                                         std::to_string(base_.port) + link
                                   : settings_.base_url + "/" + link;
  }
  ALS_ASSIGN_OR_RETURN(Url url, ParseUrl(absolute));
  if (url.Origin() != base_.Origin()) {
    return MakeError(ErrorCode::kInvalidData, RedactUrl(link),
                     "the server's next link leads to another origin than " + base_.Origin() +
                         "; not following it with the adapter's credentials");
  }
  return absolute;
}

Status FhirClient::Impl::ReadRemainingPages(rapidjson::Document first_page, SearchResult* result) {
  rapidjson::Document& bundle = result->bundle;
  bundle = std::move(first_page);
  auto& allocator = bundle.GetAllocator();
  if (!bundle.HasMember("entry") || !bundle["entry"].IsArray()) {
    bundle.RemoveMember("entry");
    bundle.AddMember("entry", rapidjson::Value(rapidjson::kArrayType), allocator);
  }
  std::set<std::string> seen;
  if (std::string self = fhir::BundleLink(bundle, "self"); !self.empty()) seen.insert(self);
  std::string next = fhir::BundleLink(bundle, "next");
  result->pages = 1;
  while (!next.empty()) {
    ALS_ASSIGN_OR_RETURN(std::string url, ResolveLink(next));
    std::string location = RequestLocation("GET", url);
    if (!seen.insert(next).second) {
      return MakeError(ErrorCode::kInvalidData, location,
                       "the server's next link leads back to a page already read (after " +
                           std::to_string(result->pages) + " pages); stopping");
    }
    if (result->pages >= settings_.max_pages) {
      return MakeError(ErrorCode::kFailedPrecondition, location,
                       "the search has more than " + std::to_string(settings_.max_pages) +
                           " pages (" + SettingLocation(settings_, "max_pages") + ")");
    }
    HttpRequest request;
    request.url = url;
    request.repeatable = true;
    ALS_ASSIGN_OR_RETURN(rapidjson::Document page,
                         ResourceAnswer(Exchange(RequestKind::kSearchPage, request), location,
                                        "Bundle"));
    ++result->pages;
    if (page.HasMember("entry") && page["entry"].IsArray()) {
      rapidjson::Value& entries = bundle["entry"];
      for (rapidjson::Value& entry : page["entry"].GetArray()) {
        entries.PushBack(fhir::DeepCopy(entry, allocator), allocator);
      }
    }
    next = fhir::BundleLink(page, "next");
  }
  RemoveLink(bundle, "next");
  return Status::Ok();
}

Result<rapidjson::Document> FhirClient::Impl::PostBundle(const rapidjson::Value& bundle,
                                                         const std::string& type,
                                                         RequestKind kind, int* depth) {
  if (StringMember(bundle, "resourceType") != "Bundle" || StringMember(bundle, "type") != type) {
    return InvalidArgument("expected a Bundle of type " + type);
  }
  return PostBundleText(ToJson(bundle), type, kind, type == "batch" && OnlyReads(bundle), depth);
}

Result<rapidjson::Document> FhirClient::Impl::PostBundleText(std::string bundle_json, const std::string& type,
                                                             RequestKind kind, bool repeatable, int* depth) {
  HttpRequest request;
  request.method = "POST";
  request.url = settings_.base_url;
  request.body = std::move(bundle_json);
  request.content_type = kFhirJson;
  request.repeatable = repeatable;
  // What a transaction wrote is not read back: each entry's response (status,
  // location, etag) is all the caller uses. A server that ignores the
  // preference still answers in full, which parses the same.
  if (kind == RequestKind::kTransaction) request.SetHeader("Prefer", "return=minimal");
  std::string location = RequestLocation(request.method, request.url);
  ALS_ASSIGN_OR_RETURN(rapidjson::Document answer,
                       ResourceAnswer(Exchange(kind, std::move(request)), location, "Bundle", depth));
  if (StringMember(answer, "type") != type + "-response") {
    return MakeError(ErrorCode::kInvalidData, location,
                     "expected a " + type + "-response Bundle, got type '" +
                         StringMember(answer, "type") + "'");
  }
  return answer;
}

Result<WriteResult> FhirClient::Impl::Write(HttpRequest request, RequestKind kind) {
  request.content_type = kFhirJson;
  request.SetHeader("Prefer", "return=representation");
  std::string location = RequestLocation(request.method, request.url);
  ALS_ASSIGN_OR_RETURN(HttpResponse response, Exchange(kind, std::move(request)));
  if (response.status < 200 || response.status >= 300) {
    return ErrorFromResponse(response, location);
  }
  WriteResult result;
  result.status = response.status;
  result.location = response.Header("Location");
  if (HasBody(response)) {
    ALS_ASSIGN_OR_RETURN(result.resource, ParseJsonBody(response, location));
  }
  result.id = StringMember(result.resource, "id");
  result.version_id = VersionFromEtag(response.Header("ETag"));
  if (result.version_id.empty() && result.resource.IsObject() &&
      result.resource.HasMember("meta")) {
    result.version_id = StringMember(result.resource["meta"], "versionId");
  }
  if (result.id.empty() && !result.location.empty()) {
    // [base]/Type/id/_history/version
    std::string path = result.location.substr(0, result.location.find("/_history/"));
    result.id = path.substr(path.find_last_of('/') + 1);
  }
  return result;
}

Result<WriteResult> FhirClient::Impl::CreateResource(const rapidjson::Value& resource) {
  std::string type = StringMember(resource, "resourceType");
  if (!IsResourceType(type)) return InvalidArgument("the resource has no valid resourceType");
  HttpRequest request;
  request.method = "POST";
  request.url = settings_.base_url + "/" + type;
  request.body = ToJson(resource);
  request.repeatable = false;
  return Write(std::move(request), RequestKind::kCreate);
}

Result<WriteResult> FhirClient::Impl::Update(const rapidjson::Value& resource,
                                             const std::optional<std::string>& if_match_version) {
  std::string type = StringMember(resource, "resourceType");
  std::string id = StringMember(resource, "id");
  if (!IsResourceType(type)) return InvalidArgument("the resource has no valid resourceType");
  if (!IsResourceId(id)) return InvalidArgument("the " + type + " to update has no valid id");
  HttpRequest request;
  request.method = "PUT";
  request.url = settings_.base_url + "/" + type + "/" + id;
  request.body = ToJson(resource);
  if (if_match_version) request.SetHeader("If-Match", "W/\"" + *if_match_version + "\"");
  // Without If-Match a repeat could overwrite someone else's edit made in between.
  request.repeatable = if_match_version.has_value();
  return Write(std::move(request), RequestKind::kUpdate);
}

Result<WriteResult> FhirClient::Impl::ConditionalUpdate(const rapidjson::Value& resource,
                                                        const QueryParams& criteria) {
  std::string type = StringMember(resource, "resourceType");
  if (!IsResourceType(type)) return InvalidArgument("the resource has no valid resourceType");
  if (criteria.empty()) return InvalidArgument("a conditional update needs search criteria");
  HttpRequest request;
  request.method = "PUT";
  request.url = AppendQuery(settings_.base_url + "/" + type, criteria);
  request.body = ToJson(resource);
  request.repeatable = true;
  return Write(std::move(request), RequestKind::kUpdate);
}

FhirClient::FhirClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FhirClient::~FhirClient() = default;

Result<std::unique_ptr<FhirClient>> FhirClient::Create(const ClientSettings& settings) {
  auto impl = std::make_unique<Impl>(settings);
  try {
    ALS_RETURN_IF_ERROR(impl->Init());
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kInternal, "", std::string("cannot create the client: ") + e.what());
  }
  return std::unique_ptr<FhirClient>(new FhirClient(std::move(impl)));
}

namespace {

// Nothing below should throw; the guard keeps a library exception (allocation,
// std::regex inside cpp-httplib) from crossing the component boundary.
template <typename T, typename Operation>
Result<T> Guarded(const char* what, Operation operation) {
  try {
    return operation();
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kInternal, "", std::string(what) + ": " + e.what());
  }
}

}  // namespace

Result<CapabilityReport> FhirClient::CheckMetadata(const CapabilityRequirements& requirements) {
  return Guarded<CapabilityReport>("metadata", [&] { return impl_->CheckMetadata(requirements); });
}

Result<rapidjson::Document> FhirClient::Read(const std::string& type, const std::string& id) {
  return Guarded<rapidjson::Document>("read", [&] { return impl_->Read(type, id); });
}

Result<SearchResult> FhirClient::Search(const std::string& type, const QueryParams& params) {
  return Guarded<SearchResult>("search", [&] { return impl_->Search(type, params); });
}

Result<SearchResult> FhirClient::ContinueSearch(const rapidjson::Value& first_page) {
  return Guarded<SearchResult>("search", [&] { return impl_->ContinueSearch(first_page); });
}

Result<rapidjson::Document> FhirClient::Batch(const rapidjson::Value& bundle, int* depth) {
  return Guarded<rapidjson::Document>(
      "batch", [&] { return impl_->PostBundle(bundle, "batch", RequestKind::kBatch, depth); });
}

Result<rapidjson::Document> FhirClient::Transaction(const rapidjson::Value& bundle) {
  return Guarded<rapidjson::Document>("transaction", [&] {
    return impl_->PostBundle(bundle, "transaction", RequestKind::kTransaction);
  });
}

Result<rapidjson::Document> FhirClient::Transaction(std::string bundle_json) {
  return Guarded<rapidjson::Document>("transaction", [&] {
    return impl_->PostBundleText(std::move(bundle_json), "transaction", RequestKind::kTransaction, false);
  });
}

Result<WriteResult> FhirClient::CreateResource(const rapidjson::Value& resource) {
  return Guarded<WriteResult>("create", [&] { return impl_->CreateResource(resource); });
}

Result<WriteResult> FhirClient::Update(const rapidjson::Value& resource,
                                       const std::optional<std::string>& if_match_version) {
  return Guarded<WriteResult>("update", [&] { return impl_->Update(resource, if_match_version); });
}

Result<WriteResult> FhirClient::ConditionalUpdate(const rapidjson::Value& resource,
                                                  const QueryParams& criteria) {
  return Guarded<WriteResult>("update",
                              [&] { return impl_->ConditionalUpdate(resource, criteria); });
}

RequestStatsSnapshot FhirClient::Stats() const { return impl_->Stats(); }
const ClientSettings& FhirClient::settings() const { return impl_->settings(); }

}  // namespace als::client
