// The width of text output: every command's default text fits a terminal of
// kTextColumns columns (wide layouts are behind flags such as
// `--locust-compatible`). Widths count code points, which is the column count
// for the Latin, punctuation and box text the reports print; a name with
// double-width characters may come out a little wider.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace stackplan {

inline constexpr size_t kTextColumns = 100;

inline bool is_utf8_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Columns taken by text: its code points.
inline size_t display_width(std::string_view text) {
  size_t n = 0;
  for (unsigned char c : text)
    if (!is_utf8_continuation(c)) ++n;
  return n;
}

// text padded with spaces to width columns, on the right (left-aligned) or on
// the left (right-aligned); text already as wide is returned as it is.
inline std::string pad_to(std::string_view text, size_t width, bool align_right) {
  const size_t used = display_width(text);
  const std::string fill(width > used ? width - used : 0, ' ');
  return align_right ? fill + std::string(text) : std::string(text) + fill;
}

// The byte offset where the code point numbered `columns` starts (text.size()
// when the text is shorter), so a cut never splits a UTF-8 sequence.
inline size_t byte_offset_of_column(std::string_view text, size_t columns) {
  size_t seen = 0;
  for (size_t i = 0; i < text.size(); ++i)
    if (!is_utf8_continuation(static_cast<unsigned char>(text[i])) && seen++ == columns) return i;
  return text.size();
}

// text cut to at most width columns by replacing its middle with "...": both
// ends of a path ("/api/v2/.../orders/{id}") say more than either end alone.
inline std::string truncate_middle(std::string_view text, size_t width) {
  constexpr std::string_view kEllipsis = "...";
  const size_t used = display_width(text);
  if (used <= width) return std::string(text);
  if (width <= kEllipsis.size()) return std::string(kEllipsis.substr(0, width));
  const size_t keep = width - kEllipsis.size();
  const size_t head = (keep + 1) / 2, tail = keep - head;
  const std::string_view start = text.substr(0, byte_offset_of_column(text, head));
  const std::string_view end = text.substr(byte_offset_of_column(text, used - tail));
  return std::string(start) + std::string(kEllipsis) + std::string(end);
}

// text broken at spaces into lines of at most width columns (a word longer
// than width gets a line of its own, cut nowhere: a URL stays copyable).
inline std::vector<std::string> wrap_words(std::string_view text, size_t width) {
  std::vector<std::string> lines;
  std::string line;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(start, end - start);
    if (!word.empty()) {
      if (!line.empty() && display_width(line) + 1 + display_width(word) > width) {
        lines.push_back(line);
        line.clear();
      }
      line += (line.empty() ? "" : " ") + std::string(word);
    }
    start = end + 1;
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

// A paragraph wrapped at spaces to width columns: its first line after
// first_prefix, the others after indent spaces; each line ends with "\n".
inline std::string wrap_paragraph(std::string_view first_prefix, std::string_view text,
                                  size_t indent, size_t width = kTextColumns) {
  const size_t prefix = std::max(display_width(first_prefix), indent);
  const auto lines = wrap_words(text, width > prefix ? width - prefix : 1);
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i)
    out += (i ? std::string(indent, ' ') : std::string(first_prefix)) + lines[i] + "\n";
  return out;
}

}  // namespace stackplan
