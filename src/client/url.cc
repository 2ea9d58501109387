#include "als/client/url.h"

#include <algorithm>
#include <cctype>

namespace als::client {

std::string Url::Origin() const { return scheme + "://" + host + ":" + std::to_string(port); }

Result<Url> ParseUrl(const std::string& text) {
  auto invalid = [&](const std::string& why) {
    return MakeError(ErrorCode::kInvalidArgument, RedactUrl(text), "not a usable URL: " + why);
  };
  Url url;
  size_t scheme_end = text.find("://");
  if (scheme_end == std::string::npos) return invalid("no scheme");
  url.scheme = text.substr(0, scheme_end);
  for (char& c : url.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (url.scheme != "http" && url.scheme != "https") return invalid("scheme must be http or https");

  size_t authority_begin = scheme_end + 3;
  size_t authority_end = text.find_first_of("/?#", authority_begin);
  if (authority_end == std::string::npos) authority_end = text.size();
  std::string authority = text.substr(authority_begin, authority_end - authority_begin);
  if (authority.find('@') != std::string::npos) return invalid("user information is not supported");

  size_t port_colon = std::string::npos;
  if (!authority.empty() && authority.front() == '[') {
    size_t bracket = authority.find(']');
    if (bracket == std::string::npos) return invalid("unclosed IPv6 address");
    url.host = authority.substr(0, bracket + 1);
    if (bracket + 1 < authority.size()) {
      if (authority[bracket + 1] != ':') return invalid("bad host");
      port_colon = bracket + 1;
    }
  } else {
    port_colon = authority.find(':');
    url.host = authority.substr(0, port_colon);
  }
  if (url.host.empty()) return invalid("no host");

  url.port = url.scheme == "https" ? 443 : 80;
  if (port_colon != std::string::npos) {
    std::string port = authority.substr(port_colon + 1);
    if (port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) == 0 ||
        std::stoi(port) > 65535) {
      return invalid("bad port");
    }
    url.port = std::stoi(port);
  }

  size_t fragment = text.find('#', authority_end);
  url.target = text.substr(authority_end, fragment == std::string::npos
                                              ? std::string::npos
                                              : fragment - authority_end);
  if (url.target.empty() || url.target.front() == '?') url.target.insert(0, "/");
  for (char c : url.target) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) return invalid("unencoded space or control character");
  }
  return url;
}

namespace {

void AppendPercentEncoded(std::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : text) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~') {
      *out += c;
    } else {
      *out += '%';
      *out += kHex[byte >> 4];
      *out += kHex[byte & 0x0f];
    }
  }
}

// Appends "name=value&..." to `out`, encoded in place (a search URL is built
// for each of a patient's searches: no string per part).
void AppendEncodedQuery(const QueryParams& params, std::string* out) {
  bool first = true;
  for (const auto& [name, value] : params) {
    if (!first) *out += '&';
    first = false;
    AppendPercentEncoded(name, out);
    *out += '=';
    AppendPercentEncoded(value, out);
  }
}

}  // namespace

std::string PercentEncode(std::string_view text) {
  std::string encoded;
  encoded.reserve(text.size());
  AppendPercentEncoded(text, &encoded);
  return encoded;
}

std::string EncodeQuery(const QueryParams& params) {
  std::string query;
  AppendEncodedQuery(params, &query);
  return query;
}

std::string AppendQuery(const std::string& url, const QueryParams& params) {
  if (params.empty()) return url;
  std::string appended;
  appended.reserve(url.size() + 64);
  appended = url;
  const bool ends_in_separator = !url.empty() && (url.back() == '?' || url.back() == '&');
  if (!ends_in_separator) appended += url.find('?') == std::string::npos ? '?' : '&';
  AppendEncodedQuery(params, &appended);
  return appended;
}

QueryParams WithPageSize(QueryParams params, int page_size) {
  if (std::none_of(params.begin(), params.end(), [](const auto& p) { return p.first == "_count"; })) {
    params.emplace_back("_count", std::to_string(page_size));
  }
  return params;
}

std::string RedactUrl(std::string_view url) {
  size_t query_begin = url.find('?');
  if (query_begin == std::string_view::npos) return std::string(url);
  std::string redacted(url.substr(0, query_begin + 1));
  std::string_view query = url.substr(query_begin + 1);
  size_t fragment = query.find('#');
  if (fragment != std::string_view::npos) query = query.substr(0, fragment);
  bool first = true;
  while (!query.empty()) {
    size_t end = query.find('&');
    std::string_view pair = query.substr(0, end);
    size_t equals = pair.find('=');
    if (!first) redacted += '&';
    first = false;
    redacted += pair.substr(0, equals);
    if (equals != std::string_view::npos) redacted += "=*";
    if (end == std::string_view::npos) break;
    query = query.substr(end + 1);
  }
  return redacted;
}

}  // namespace als::client
