#include "load/http_response_parser.h"

#include <gtest/gtest.h>

#include <string>

namespace stackplan::load {
namespace {

using Progress = HttpResponseParser::Progress;

// Feeds text in pieces of `step` bytes; returns the final progress.
Progress feed_in_steps(HttpResponseParser& p, const std::string& text, size_t step) {
  Progress last = Progress::kNeedMore;
  for (size_t pos = 0; pos < text.size(); pos += step) {
    last = p.feed(text.data() + pos, std::min(step, text.size() - pos));
    if (last != Progress::kNeedMore) return last;
  }
  return last;
}

TEST(HttpResponseParser, ContentLengthInAnySplit) {
  const std::string response =
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world";
  for (size_t step = 1; step <= response.size(); ++step) {
    HttpResponseParser p;
    p.reset();
    ASSERT_EQ(feed_in_steps(p, response, step), Progress::kComplete) << "step " << step;
    EXPECT_EQ(p.status(), 200);
    EXPECT_EQ(p.body_bytes(), 11u);
    EXPECT_FALSE(p.connection_close());
  }
}

TEST(HttpResponseParser, ChunkedWithExtensionsAndTrailers) {
  const std::string response =
      "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5;name=x\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n";
  for (size_t step = 1; step <= response.size(); ++step) {
    HttpResponseParser p;
    p.reset();
    ASSERT_EQ(feed_in_steps(p, response, step), Progress::kComplete) << "step " << step;
    EXPECT_EQ(p.status(), 201);
    EXPECT_EQ(p.body_bytes(), 11u);
  }
}

TEST(HttpResponseParser, ReportsBytesConsumedByOneResponse) {
  const std::string two = "HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 200 OK\r\n";
  HttpResponseParser p;
  p.reset();
  ASSERT_EQ(p.feed(two.data(), two.size()), Progress::kComplete);
  EXPECT_EQ(p.consumed(), std::string("HTTP/1.1 204 No Content\r\n\r\n").size());
}

TEST(HttpResponseParser, ConnectionCloseAndHttp10) {
  HttpResponseParser p;
  p.reset();
  std::string r = "HTTP/1.1 200 OK\r\nconnection: Close\r\ncontent-length: 0\r\n\r\n";
  ASSERT_EQ(p.feed(r.data(), r.size()), Progress::kComplete);
  EXPECT_TRUE(p.connection_close());
  p.reset();
  r = "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n";
  ASSERT_EQ(p.feed(r.data(), r.size()), Progress::kComplete);
  EXPECT_TRUE(p.connection_close());
  p.reset();
  r = "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n";
  ASSERT_EQ(p.feed(r.data(), r.size()), Progress::kComplete);
  EXPECT_FALSE(p.connection_close());
}

TEST(HttpResponseParser, BodyUntilCloseWhenNoLength) {
  HttpResponseParser p;
  p.reset();
  std::string r = "HTTP/1.1 200 OK\r\n\r\npartial body";
  EXPECT_EQ(p.feed(r.data(), r.size()), Progress::kNeedMore);
  EXPECT_TRUE(p.body_until_close());
  EXPECT_EQ(p.body_bytes(), 12u);
}

TEST(HttpResponseParser, HeadResponseHasNoBody) {
  HttpResponseParser p;
  p.reset(/*head_request=*/true);
  std::string r = "HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n";
  EXPECT_EQ(p.feed(r.data(), r.size()), Progress::kComplete);
}

TEST(HttpResponseParser, SkipsInterimResponses) {
  HttpResponseParser p;
  p.reset();
  std::string r = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
  EXPECT_EQ(p.feed(r.data(), r.size()), Progress::kComplete);
  EXPECT_EQ(p.status(), 200);
}

TEST(HttpResponseParser, RejectsGarbage) {
  for (std::string bad : {"SSH-2.0-OpenSSH\r\n\r\n", "HTTP/1.1 2x0 OK\r\n\r\n",
                          "HTTP/1.1 200 OK\r\nContent-Length: 12a\r\n\r\n",
                          "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"}) {
    HttpResponseParser p;
    p.reset();
    EXPECT_EQ(p.feed(bad.data(), bad.size()), Progress::kError) << bad;
  }
  HttpResponseParser p;
  p.reset();
  std::string huge =
      "HTTP/1.1 200 OK\r\nX: " + std::string(HttpResponseParser::kMaxHeaderBytes, 'a');
  EXPECT_EQ(p.feed(huge.data(), huge.size()), Progress::kError);
}

// Feeds the whole text at once and byte by byte; both must agree.
Progress feed_whole_and_bytewise(const std::string& text, bool head_request = false) {
  HttpResponseParser whole, bytewise;
  whole.reset(head_request);
  bytewise.reset(head_request);
  Progress a = whole.feed(text.data(), text.size());
  Progress b = feed_in_steps(bytewise, text, 1);
  EXPECT_EQ(a, b) << text;
  return a;
}

TEST(HttpResponseParser, ContentLengthThatOverflowsIsAnError) {
  // 2^64 + 1 used to wrap to 1, and "x" made a complete 200.
  EXPECT_EQ(
      feed_whole_and_bytewise("HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551617\r\n\r\nx"),
      Progress::kError);
  EXPECT_EQ(
      feed_whole_and_bytewise("HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551615\r\n\r\nx"),
      Progress::kError);
  EXPECT_EQ(feed_whole_and_bytewise("HTTP/1.1 200 OK\r\nContent-Length: " + std::string(200, '9') +
                                    "\r\n\r\nx"),
            Progress::kError);
}

TEST(HttpResponseParser, ContentLengthAboveTheBoundIsAnError) {
  const uint64_t bound = HttpResponseParser::kMaxBodyBytes;
  std::string at = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(bound) + "\r\n\r\nx";
  std::string above =
      "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(bound + 1) + "\r\n\r\nx";
  EXPECT_EQ(feed_whole_and_bytewise(at), Progress::kNeedMore);
  EXPECT_EQ(feed_whole_and_bytewise(above), Progress::kError);
}

TEST(HttpResponseParser, ConflictingContentLengthsAreAnError) {
  EXPECT_EQ(feed_whole_and_bytewise(
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\nhello"),
            Progress::kError);
  // The same value twice is harmless (RFC 9112, section 6.3).
  EXPECT_EQ(feed_whole_and_bytewise(
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\ncontent-length: 2\r\n\r\nok"),
            Progress::kComplete);
  for (const char* bad : {"-1", "+2", "2 2", "0x10", ""})
    EXPECT_EQ(feed_whole_and_bytewise("HTTP/1.1 200 OK\r\nContent-Length: " + std::string(bad) +
                                      "\r\n\r\nok"),
              Progress::kError)
        << bad;
}

TEST(HttpResponseParser, StatusOutside100To599IsAnError) {
  // 999 used to be recorded as 599.
  for (const char* bad :
       {"HTTP/1.1 999 Weird\r\n\r\n", "HTTP/1.1 600 X\r\n\r\n", "HTTP/1.1 099 X\r\n\r\n",
        "HTTP/1.1 000 X\r\n\r\n", "HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 20 OK\r\n\r\n", "HTTP/1.9 200 OK\r\nContent-Length: 0\r\n\r\n"})
    EXPECT_EQ(feed_whole_and_bytewise(bad), Progress::kError) << bad;
  for (int status : {100 + 1, 200, 404, 599}) {  // 101 is final; 1xx others are interim
    HttpResponseParser p;
    p.reset();
    std::string r = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: 0\r\n\r\n";
    ASSERT_EQ(p.feed(r.data(), r.size()), Progress::kComplete) << status;
    EXPECT_EQ(p.status(), status);
  }
  // No reason phrase at all is allowed.
  EXPECT_EQ(feed_whole_and_bytewise("HTTP/1.1 204\r\n\r\n"), Progress::kComplete);
}

TEST(HttpResponseParser, ChunkSizesThatOverflowOrExceedTheBoundAreErrors) {
  const std::string head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (const char* bad :
       {"10000000000000001\r\n", "FFFFFFFFFFFFFFFF\r\n", "-1\r\n", ";x\r\n", "\r\n", "1 0\r\n"}) {
    Progress p = feed_whole_and_bytewise(head + bad);
    EXPECT_EQ(p, Progress::kError) << bad;
  }
  char above[32];
  std::snprintf(above, sizeof above, "%llx\r\n",
                static_cast<unsigned long long>(HttpResponseParser::kMaxBodyBytes + 1));
  EXPECT_EQ(feed_whole_and_bytewise(head + above), Progress::kError);
  // Leading zeros are not an overflow.
  EXPECT_EQ(feed_whole_and_bytewise(head + std::string(40, '0') + "1\r\nx\r\n0\r\n\r\n"),
            Progress::kComplete);
}

TEST(HttpResponseParser, EndlessChunkLinesAndTrailersAreErrors) {
  const std::string head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
  std::string long_extension = head + "5;" + std::string(HttpResponseParser::kMaxHeaderBytes, 'e');
  EXPECT_EQ(feed_whole_and_bytewise(long_extension), Progress::kError);
  std::string long_trailer =
      head + "0\r\nX-T: " + std::string(HttpResponseParser::kMaxHeaderBytes, 't');
  EXPECT_EQ(feed_whole_and_bytewise(long_trailer), Progress::kError);
}

TEST(HttpResponseParser, ChunkedOnlyWhenItIsTheFinalCoding) {
  // RFC 9112, section 6.3: chunked last means chunked; another final coding
  // means the body runs to the end of the connection.
  HttpResponseParser p;
  p.reset();
  std::string r = "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n";
  EXPECT_EQ(p.feed(r.data(), r.size()), Progress::kComplete);
  EXPECT_EQ(p.body_bytes(), 2u);
  p.reset();
  r = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\nContent-Length: 2\r\n\r\nokmore";
  EXPECT_EQ(p.feed(r.data(), r.size()), Progress::kNeedMore);
  EXPECT_TRUE(p.body_until_close());
  EXPECT_TRUE(p.connection_close());
}

TEST(HttpResponseParser, AnErrorIsFinalUntilReset) {
  HttpResponseParser p;
  p.reset();
  std::string bad = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz";
  ASSERT_EQ(p.feed(bad.data(), bad.size()), Progress::kError);
  std::string more = "0\r\n\r\n";  // would complete the body were the error forgotten
  EXPECT_EQ(p.feed(more.data(), more.size()), Progress::kError);
  p.reset();
  std::string good = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
  EXPECT_EQ(p.feed(good.data(), good.size()), Progress::kComplete);
}

}  // namespace
}  // namespace stackplan::load
