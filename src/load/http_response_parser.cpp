#include "load/http_response_parser.h"

#include <algorithm>
#include <cstring>
#include <string_view>

namespace stackplan::load {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool icontains(std::string_view haystack, std::string_view needle) {
  for (size_t i = 0; i + needle.size() <= haystack.size(); ++i)
    if (iequals(haystack.substr(i, needle.size()), needle)) return true;
  return false;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

void HttpResponseParser::reset(bool head_request) {
  state_ = State::kHeaders;
  head_.clear();
  consumed_ = 0;
  remaining_ = 0;
  body_bytes_ = 0;
  status_ = 0;
  chunk_line_ = ChunkLine::kSize;
  line_bytes_ = 0;
  chunk_size_ = 0;
  chunk_size_digits_ = false;
  chunked_ = false;
  transfer_encoding_ = false;
  has_length_ = false;
  close_ = false;
  http10_ = false;
  keep_alive_header_ = false;
  head_request_ = head_request;
  started_ = false;
  trailer_line_len_ = 0;
}

bool HttpResponseParser::parse_header_line(const char* line, size_t len) {
  std::string_view text(line, len);
  size_t colon = text.find(':');
  if (colon == std::string_view::npos) return false;
  std::string_view name = trim(text.substr(0, colon));
  std::string_view value = trim(text.substr(colon + 1));
  if (iequals(name, "content-length")) {
    uint64_t n = 0;
    if (value.empty()) return false;
    for (char c : value) {
      if (c < '0' || c > '9') return false;
      auto digit = static_cast<uint64_t>(c - '0');
      if (n > (kMaxBodyBytes - digit) / 10) return false;  // n * 10 + digit > the bound
      n = n * 10 + digit;
    }
    // Two lengths that disagree: which one frames the body is anyone's guess
    // (RFC 9112, section 6.3), so the response is unusable.
    if (has_length_ && remaining_ != n) return false;
    has_length_ = true;
    remaining_ = n;
  } else if (iequals(name, "transfer-encoding")) {
    // Only a final "chunked" coding frames the body with chunks (RFC 9112,
    // section 6.3); with any other final coding the body ends at the close.
    size_t comma = value.rfind(',');
    std::string_view last = trim(comma == std::string_view::npos ? value : value.substr(comma + 1));
    transfer_encoding_ = true;
    chunked_ = iequals(last, "chunked");
  } else if (iequals(name, "connection")) {
    if (icontains(value, "close")) close_ = true;
    if (icontains(value, "keep-alive")) keep_alive_header_ = true;
  }
  return true;
}

// "HTTP/1.1 200 OK": version 1.0 or 1.1, exactly three digits for a status
// in 100-599, then a space and a reason (possibly empty) or nothing.
bool HttpResponseParser::parse_status_line(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  constexpr size_t kCodeStart = 9, kCodeEnd = 12;  // "HTTP/1.x " is 9 bytes
  if (line.size() < kCodeEnd || line.substr(0, 7) != "HTTP/1.") return false;
  if (line[7] != '0' && line[7] != '1') return false;
  if (line[8] != ' ') return false;
  int code = 0;
  for (size_t i = kCodeStart; i < kCodeEnd; ++i) {
    char c = line[i];
    if (c < '0' || c > '9') return false;
    code = code * 10 + (c - '0');
  }
  if (line.size() > kCodeEnd && line[kCodeEnd] != ' ') return false;
  if (code < kMinStatus || code > kMaxStatus) return false;
  http10_ = line[7] == '0';
  status_ = code;
  return true;
}

bool HttpResponseParser::parse_headers() {
  const char* p = head_.data();
  const char* end = p + head_.size();
  const char* eol = static_cast<const char*>(memchr(p, '\n', static_cast<size_t>(end - p)));
  if (!eol) return false;
  if (!parse_status_line(std::string_view(p, static_cast<size_t>(eol - p)))) return false;
  p = eol + 1;
  while (p < end) {
    eol = static_cast<const char*>(memchr(p, '\n', static_cast<size_t>(end - p)));
    if (!eol) break;
    size_t len = static_cast<size_t>(eol - p);
    if (len > 0 && p[len - 1] == '\r') --len;
    if (len == 0) break;
    if (!parse_header_line(p, len)) return false;
    p = eol + 1;
  }
  if (http10_ && !keep_alive_header_) close_ = true;
  return true;
}

// Appends to the header block until its blank line; then parses it and
// chooses how the body is framed. False on a bad or oversized block.
bool HttpResponseParser::feed_headers(const char* data, size_t size, size_t& pos) {
  size_t old_len = head_.size();
  size_t take = std::min(size - pos, kMaxHeaderBytes - old_len);
  size_t search_from = old_len >= 3 ? old_len - 3 : 0;
  head_.append(data + pos, take);
  std::string_view all(head_);
  size_t end = all.find("\r\n\r\n", search_from);
  size_t terminator = 4;
  if (end == std::string_view::npos) {
    end = all.find("\n\n", search_from);
    terminator = 2;
  }
  if (end == std::string_view::npos) {
    if (head_.size() == kMaxHeaderBytes) return false;
    pos += take;
    return true;
  }
  size_t header_bytes = end + terminator;
  pos += header_bytes - old_len;
  head_.resize(header_bytes);
  if (!parse_headers()) return false;
  if (status_ >= 100 && status_ < 200 && status_ != 101) {  // interim: wait for the real one
    head_.clear();
    has_length_ = chunked_ = transfer_encoding_ = close_ = keep_alive_header_ = false;
    remaining_ = 0;
    return true;
  }
  start_body();
  return true;
}

// RFC 9112, section 6.3: no body for HEAD, 204 and 304; then chunked, then a
// length (unless another transfer coding frames it), else until the close.
void HttpResponseParser::start_body() {
  if (head_request_ || status_ == 204 || status_ == 304) {
    state_ = State::kDone;
  } else if (chunked_) {
    state_ = State::kChunkSize;
  } else if (has_length_ && !transfer_encoding_) {
    state_ = remaining_ ? State::kBodyLength : State::kDone;
  } else {
    close_ = true;
    state_ = State::kBodyUntilClose;
  }
}

// Counts up to remaining_ body bytes; then `next`.
void HttpResponseParser::feed_counted_body(size_t available, size_t& pos, State next) {
  uint64_t take = std::min<uint64_t>(remaining_, available);
  remaining_ -= take;
  body_bytes_ += take;
  pos += take;
  if (remaining_ == 0) state_ = next;
}

// One byte of "1a3f;ext=1\r\n": hex digits, optional whitespace, an
// extension skipped to the end of the line. False on anything else.
bool HttpResponseParser::feed_chunk_size(char c) {
  if (++line_bytes_ > kMaxHeaderBytes) return false;
  if (c == '\n') return end_chunk_size_line();
  switch (chunk_line_) {
    case ChunkLine::kSize: {
      int v = hex_value(c);
      if (v >= 0) {
        auto digit = static_cast<uint64_t>(v);
        if (chunk_size_ > (kMaxBodyBytes - digit) / 16) return false;
        chunk_size_ = chunk_size_ * 16 + digit;
        chunk_size_digits_ = true;
      } else if (c == ';' || c == '\r') {
        chunk_line_ = ChunkLine::kExtension;
      } else if (c == ' ' || c == '\t') {
        chunk_line_ = ChunkLine::kSpace;
      } else {
        return false;
      }
      return true;
    }
    case ChunkLine::kSpace:
      // Only whitespace may come between the size and an extension.
      if (c == ';' || c == '\r')
        chunk_line_ = ChunkLine::kExtension;
      else if (c != ' ' && c != '\t')
        return false;
      return true;
    case ChunkLine::kExtension:
      return true;
  }
  return true;
}

// A chunk of that size follows, or the last chunk (size 0) and the trailers.
bool HttpResponseParser::end_chunk_size_line() {
  if (!chunk_size_digits_) return false;
  if (chunk_size_ == 0) {
    state_ = State::kTrailers;
    trailer_line_len_ = 0;
  } else {
    remaining_ = chunk_size_;
    state_ = State::kChunkData;
  }
  chunk_size_ = 0;
  chunk_size_digits_ = false;
  chunk_line_ = ChunkLine::kSize;
  line_bytes_ = 0;
  return true;
}

// The CRLF (or bare LF) after a chunk's data.
bool HttpResponseParser::feed_chunk_data_end(char c) {
  if (c == '\n')
    state_ = State::kChunkSize;
  else if (c != '\r')
    return false;
  return true;
}

// Trailer lines are skipped; an empty one ends the response.
bool HttpResponseParser::feed_trailers(char c) {
  if (++line_bytes_ > kMaxHeaderBytes) return false;
  if (c == '\n') {
    if (trailer_line_len_ == 0) state_ = State::kDone;
    trailer_line_len_ = 0;
  } else if (c != '\r') {
    ++trailer_line_len_;
  }
  return true;
}

HttpResponseParser::Progress HttpResponseParser::feed(const char* data, size_t size) {
  if (size > 0) started_ = true;
  size_t pos = 0;
  while (pos < size || state_ == State::kDone || state_ == State::kError) {
    bool ok = true;
    switch (state_) {
      case State::kHeaders:
        ok = feed_headers(data, size, pos);
        break;
      case State::kBodyLength:
        feed_counted_body(size - pos, pos, State::kDone);
        break;
      case State::kChunkSize:
        ok = feed_chunk_size(data[pos++]);
        break;
      case State::kChunkData:
        feed_counted_body(size - pos, pos, State::kChunkDataEnd);
        break;
      case State::kChunkDataEnd:
        ok = feed_chunk_data_end(data[pos++]);
        break;
      case State::kTrailers:
        ok = feed_trailers(data[pos++]);
        break;
      case State::kBodyUntilClose:
        body_bytes_ += size - pos;
        pos = size;
        break;
      case State::kDone:
        consumed_ = pos;
        return Progress::kComplete;
      case State::kError:
        return Progress::kError;
    }
    if (!ok) return fail();
  }
  consumed_ = pos;
  return Progress::kNeedMore;
}

}  // namespace stackplan::load
