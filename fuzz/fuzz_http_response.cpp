// The load generator's HTTP response parser, fed as a misbehaving server
// would send: any bytes, cut into pieces of any size, several responses on
// one connection. The first bytes choose the piece sizes and whether the
// request was HEAD; the rest is what the server sent.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "load/http_response_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using stackplan::load::HttpResponseParser;
  constexpr size_t kPieceSizes = 8;  // piece sizes are read from the first bytes
  if (size < kPieceSizes + 1) return 0;
  const uint8_t* pieces = data;
  const bool head_request = data[kPieceSizes] & 1;
  const char* bytes = reinterpret_cast<const char*>(data + kPieceSizes + 1);
  size_t left = size - kPieceSizes - 1;

  HttpResponseParser parser;
  parser.reset(head_request);
  size_t piece = 0;
  while (left > 0) {
    // 0 stands for "the rest", so one piece can be everything.
    size_t n = pieces[piece++ % kPieceSizes];
    n = n == 0 ? left : std::min(n, left);
    size_t offset = 0;
    while (offset < n) {
      auto progress = parser.feed(bytes + offset, n - offset);
      if (progress == HttpResponseParser::Progress::kError) return 0;
      if (progress == HttpResponseParser::Progress::kNeedMore) {
        offset = n;
        break;
      }
      // One response complete: the rest of this piece starts the next one.
      size_t used = parser.consumed();
      if (used > n - offset) std::abort();  // claims more bytes than it was given
      (void)parser.status();
      (void)parser.body_bytes();
      if (parser.connection_close()) return 0;
      parser.reset(head_request);
      if (used == 0) return 0;  // nothing consumed: avoid looping forever
      offset += used;
    }
    bytes += n;
    left -= n;
  }
  return 0;
}
