// URL parsing and encoding for the FHIR REST client.
#ifndef ALS_CLIENT_URL_H_
#define ALS_CLIENT_URL_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "als/common/result.h"

namespace als::client {

// Search or form parameters in order; a name may repeat (date=ge...&date=lt...).
using QueryParams = std::vector<std::pair<std::string, std::string>>;

struct Url {
  std::string scheme;  // "http" or "https"
  std::string host;    // as written, "[::1]" for IPv6
  int port = 0;
  std::string target;  // path and query, at least "/"

  // "https://host:port": connections are shared per origin.
  std::string Origin() const;
};

// Parses an absolute http(s) URL; the fragment is dropped.
Result<Url> ParseUrl(const std::string& url);

// RFC 3986 percent-encoding of every byte but the unreserved characters.
std::string PercentEncode(std::string_view text);

// "name=value&name=value", both percent-encoded: a URL query or a form body.
std::string EncodeQuery(const QueryParams& params);

// `url` with `params` appended to its query.
std::string AppendQuery(const std::string& url, const QueryParams& params);

// `params` with `_count` = `page_size` added, unless they already have a `_count`.
QueryParams WithPageSize(QueryParams params, int page_size);

// `url` with every query value replaced by "*": search values carry patient
// ids and codes, so only this form goes into messages above debug level.
std::string RedactUrl(std::string_view url);

}  // namespace als::client

#endif  // ALS_CLIENT_URL_H_
