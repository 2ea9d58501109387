// HTTP-dates (Date, Retry-After, Last-Modified) and FHIR instants.
#ifndef ALS_CLIENT_HTTP_TIME_H_
#define ALS_CLIENT_HTTP_TIME_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace als::client {

// Parses an HTTP-date in any of the three forms of RFC 9110 section 5.6.7:
// "Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
// "Sun Nov  6 08:49:37 1994". Independent of the C locale.
std::optional<std::chrono::system_clock::time_point> ParseHttpDate(std::string_view text);

// "2026-03-02T10:15:00Z", for FHIR instant elements and `_lastUpdated` searches.
std::string FormatFhirInstant(std::chrono::system_clock::time_point time);

}  // namespace als::client

#endif  // ALS_CLIENT_HTTP_TIME_H_
