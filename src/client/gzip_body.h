// Decoding gzip answers, shared by the transport (into the answer's string)
// and ParseJsonBody (straight into a JSON document's pool). Not a public header.
#ifndef ALS_SRC_CLIENT_GZIP_BODY_H_
#define ALS_SRC_CLIENT_GZIP_BODY_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace als::client::internal {

enum class GunzipResult { kOk, kCorrupt, kTooLarge };

// Decodes a whole gzip body (one or more members) into `out`, at most
// `max_size` bytes of it.
GunzipResult GunzipWhole(std::string_view compressed, size_t max_size, std::string* out);

// The length a gzip body's trailer states (ISIZE: the last member's length,
// mod 2^32), or nullopt when the body is too short to be gzip.
std::optional<size_t> GzipStatedSize(std::string_view compressed);

// Decodes a body of one gzip member into exactly `size` bytes at `out`; false
// when it is not one member of that length (or not gzip).
bool GunzipExact(std::string_view compressed, char* out, size_t size);

// The error message of an answer over server.max_response_mb (`max_size` bytes).
std::string TooLargeMessage(size_t max_size, bool decompressed);

}  // namespace als::client::internal

#endif  // ALS_SRC_CLIENT_GZIP_BODY_H_
