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

}  // namespace
}  // namespace stackplan::load
