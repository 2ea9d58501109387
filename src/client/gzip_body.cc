#include "gzip_body.h"

#include <libdeflate.h>

#include <algorithm>
#include <memory>

namespace als::client::internal {
namespace {

constexpr size_t kGzipMinimumSize = 18;  // a 10-byte header and an 8-byte trailer

libdeflate_decompressor* Decompressor() {
  struct Free {
    void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
  };
  thread_local std::unique_ptr<libdeflate_decompressor, Free> decompressor(libdeflate_alloc_decompressor());
  return decompressor.get();
}

}  // namespace

std::optional<size_t> GzipStatedSize(std::string_view compressed) {
  if (compressed.size() < kGzipMinimumSize) return std::nullopt;
  const auto* tail = reinterpret_cast<const unsigned char*>(compressed.data() + compressed.size() - 4);
  return size_t{tail[0]} | size_t{tail[1]} << 8 | size_t{tail[2]} << 16 | size_t{tail[3]} << 24;
}

// The body is decoded once it has all arrived rather than streamed through
// zlib: that writes it straight into a buffer of its final size (a member's
// trailer gives its length), with no copies through a window and a growing
// string, and libdeflate's inflate and CRC take about a third of zlib's
// instructions.
GunzipResult GunzipWhole(std::string_view compressed, size_t max_size, std::string* out) {
  libdeflate_decompressor* decompressor = Decompressor();
  if (decompressor == nullptr) return GunzipResult::kCorrupt;
  out->clear();
  while (!compressed.empty()) {
    std::optional<size_t> hint = GzipStatedSize(compressed);
    if (!hint) return GunzipResult::kCorrupt;
    // ISIZE, the member's length mod 2^32, is a hint: a member may be followed by others,
    // or be longer than 4 GB, and then the buffer grows, never past max_size (+1 to
    // tell a body of exactly max_size from a longer one).
    size_t limit = max_size + 1 - out->size();
    size_t room = std::min(limit, std::clamp<size_t>(*hint, 4 * compressed.size(), 1032 * compressed.size()));
    for (;;) {
      size_t start = out->size();
      out->resize(start + room);
      size_t in_used = 0, written = 0;
      libdeflate_result result = libdeflate_gzip_decompress_ex(decompressor, compressed.data(), compressed.size(),
                                                               out->data() + start, room, &in_used, &written);
      if (result == LIBDEFLATE_SUCCESS) {
        out->resize(start + written);
        if (out->size() > max_size) return GunzipResult::kTooLarge;
        compressed.remove_prefix(in_used);
        break;
      }
      out->resize(start);
      if (result != LIBDEFLATE_INSUFFICIENT_SPACE) return GunzipResult::kCorrupt;
      if (room == limit) return GunzipResult::kTooLarge;
      room = std::min(limit, 4 * room);
    }
  }
  return GunzipResult::kOk;
}

bool GunzipExact(std::string_view compressed, char* out, size_t size) {
  libdeflate_decompressor* decompressor = Decompressor();
  if (decompressor == nullptr || compressed.size() < kGzipMinimumSize) return false;
  size_t in_used = 0, written = 0;
  return libdeflate_gzip_decompress_ex(decompressor, compressed.data(), compressed.size(), out, size, &in_used,
                                       &written) == LIBDEFLATE_SUCCESS &&
         in_used == compressed.size() && written == size;
}

std::string TooLargeMessage(size_t max_size, bool decompressed) {
  return std::string("the answer is larger than ") + (decompressed ? "the limit once decompressed: " : "the limit: ") +
         std::to_string(max_size >> 20) +
         " MB (server.max_response_mb; raise it, or lower server.page_size); not read further";
}

}  // namespace als::client::internal
