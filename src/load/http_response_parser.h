// An incremental HTTP/1.1 response parser for the load generator.
//
// It consumes bytes as they arrive, in pieces of any size, and says when one
// whole response has been read: status line, headers (Content-Length,
// Transfer-Encoding: chunked, Connection: close), then the body, which is
// counted and skipped, never stored. The header block is copied into a string
// whose capacity is kept between responses, so a connection allocates once.
//
// Any bytes in any pieces may be fed: whatever is not a valid HTTP/1.0 or
// 1.1 response is kError, never undefined behaviour or a wrapped number. A
// header block (or chunk-size line, or trailer section) longer than
// kMaxHeaderBytes, a status outside 100-599, a Content-Length or chunk size
// above kMaxBodyBytes or that does not parse, and Content-Length headers that
// disagree are all errors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace stackplan::load {

class HttpResponseParser {
 public:
  static constexpr size_t kMaxHeaderBytes = 16384;
  // A load test reads bodies of bytes to kilobytes; a length beyond this
  // (1 TiB) is a broken or hostile server, not a response to wait for.
  static constexpr uint64_t kMaxBodyBytes = uint64_t{1} << 40;
  static constexpr int kMinStatus = 100, kMaxStatus = 599;  // RFC 9110, section 15

  enum class Progress {
    kNeedMore,  // all bytes consumed, the response is not complete yet
    kComplete,  // one response complete; consumed() bytes belong to it
    kError,     // not a valid HTTP/1.x response; final until reset()
  };

  // Prepares for the next response. head_request: the request was HEAD, so
  // the response has no body whatever its headers say.
  void reset(bool head_request = false);

  // Feeds bytes. On kComplete, consumed() tells how many of them belonged to
  // the response (any rest would be the start of another response).
  Progress feed(const char* data, size_t size);
  size_t consumed() const { return consumed_; }

  // On kComplete: always within 100-599.
  int status() const { return status_; }
  // The server asked to close the connection after this response (or
  // answered HTTP/1.0 without keep-alive).
  bool connection_close() const { return close_; }
  // True once any byte of the response has arrived.
  bool started() const { return started_; }
  // Body bytes received so far (after chunked decoding).
  uint64_t body_bytes() const { return body_bytes_; }
  // The body ends when the server closes the connection (no length given).
  bool body_until_close() const { return state_ == State::kBodyUntilClose; }

 private:
  enum class State {
    kHeaders,
    kBodyLength,
    kChunkSize,
    kChunkData,
    kChunkDataEnd,
    kTrailers,
    kBodyUntilClose,
    kDone,
    kError,
  };
  Progress fail() {
    state_ = State::kError;
    return Progress::kError;
  }
  bool parse_status_line(std::string_view line);
  bool parse_headers();  // on a complete header block in head_
  bool parse_header_line(const char* line, size_t len);
  // One step of feed per state; false means the response is invalid.
  bool feed_headers(const char* data, size_t size, size_t& pos);
  void start_body();
  void feed_counted_body(size_t available, size_t& pos, State next);
  bool feed_chunk_size(char c);
  bool end_chunk_size_line();
  bool feed_chunk_data_end(char c);
  bool feed_trailers(char c);

  State state_ = State::kHeaders;
  std::string head_;
  size_t consumed_ = 0;
  uint64_t remaining_ = 0;  // body or chunk bytes still expected
  uint64_t body_bytes_ = 0;
  int status_ = 0;
  enum class ChunkLine : uint8_t { kSize, kSpace, kExtension };
  ChunkLine chunk_line_ = ChunkLine::kSize;  // where in a chunk-size line
  size_t line_bytes_ = 0;                    // of the current chunk-size line, or of the trailers
  uint64_t chunk_size_ = 0;
  bool chunk_size_digits_ = false;
  bool chunked_ = false;
  bool transfer_encoding_ = false;  // present, chunked or not
  bool has_length_ = false;
  bool close_ = false;
  bool http10_ = false;
  bool keep_alive_header_ = false;
  bool head_request_ = false;
  bool started_ = false;
  size_t trailer_line_len_ = 0;
};

}  // namespace stackplan::load
