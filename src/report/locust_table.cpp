#include "report/locust_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "core/text_width.h"

namespace stackplan::report {
namespace {

constexpr int kTypeWidth = 8;
constexpr int kNameWidth = 80;  // Locust's STATS_NAME_WIDTH off a terminal
constexpr int kSummaryNameWidth = kNameWidth - kTypeWidth + 4;  // 76

// Locust's statistics for one row, from the histogram.
struct LocustNumbers {
  double avg = 0, min = 0, max = 0, median = 0;
  std::vector<double> percentiles;
};

LocustNumbers locust_numbers(const LocustRow& row, LocustMode mode) {
  LocustNumbers n;
  const Histogram* h = row.latency_ns;
  if (!h || h->count() == 0) {
    n.percentiles.assign(locust_percentiles().size(), 0);
    return n;
  }
  n.avg = h->mean() / 1e6;
  n.min = static_cast<double>(h->min()) / 1e6;
  n.max = static_cast<double>(h->max()) / 1e6;
  if (mode == LocustMode::kExact) {
    n.median = static_cast<double>(h->quantile(0.5)) / 1e6;
    for (double p : locust_percentiles())
      n.percentiles.push_back(static_cast<double>(h->quantile(p)) / 1e6);
    return n;
  }
  std::map<int64_t, uint64_t> rounded;  // Locust's response_times dict
  if (row.locust_times) {
    row.locust_times->for_each([&](int64_t ms, uint64_t count) { rounded[ms] += count; });
  } else {
    h->for_each_bucket([&](uint64_t value_ns, uint64_t count) {
      rounded[load::LocustRoundedTimes::round_like_locust(static_cast<double>(value_ns) / 1e6)] +=
          count;
    });
  }
  const uint64_t total = h->count();
  // median_from_dict, clamped to [min, max] as StatsEntry.median_response_time does.
  double pos = (static_cast<double>(total) - 1) / 2;
  for (const auto& [ms, count] : rounded) {
    n.median = static_cast<double>(ms);
    if (pos < static_cast<double>(count)) break;
    pos -= static_cast<double>(count);
  }
  n.median = std::clamp(n.median, n.min, n.max);
  // calculate_response_time_percentile: not clamped, so it can exceed the max.
  for (double p : locust_percentiles()) {
    auto wanted = static_cast<uint64_t>(static_cast<double>(total) * p);
    uint64_t processed = 0;
    double value = 0;
    for (auto it = rounded.rbegin(); it != rounded.rend(); ++it) {
      processed += it->second;
      if (total - processed <= wanted) {
        value = static_cast<double>(it->first);
        break;
      }
    }
    n.percentiles.push_back(value);
  }
  return n;
}

// A millisecond value in a column of the given width.
std::string cell(double ms, int width, LocustMode mode) {
  return fmt::format("{:>{}}", latency_ms_text(ms, mode), width);
}

std::string type_label(const LocustRow& row, bool summary_table) {
  // Locust writes "GET " in the first table and "GET" in the second; both pad to 8.
  if (row.method.empty()) return "";
  return summary_table ? row.method + " " : row.method;
}

std::string summary_line(const LocustRow& row, double seconds, LocustMode mode) {
  LocustNumbers n = locust_numbers(row, mode);
  double fail_ratio = row.requests
                          ? static_cast<double>(row.failures) / static_cast<double>(row.requests)
                          : (row.failures ? 1.0 : 0.0);
  double rps = seconds > 0 ? static_cast<double>(row.requests) / seconds : 0;
  double fps = seconds > 0 ? static_cast<double>(row.failures) / seconds : 0;
  std::string fails = fmt::format("{}({:.2f}%)", row.failures, fail_ratio * 100);
  return fmt::format("{:<{}} {:<{}} {:>7} {:>12} |{} {} {}{} | {:>7.2f} {:>11.2f}",
                     type_label(row, true), kTypeWidth, row.name, kSummaryNameWidth, row.requests,
                     fails, cell(n.avg, 7, mode), cell(n.min, 7, mode), cell(n.max, 7, mode),
                     cell(n.median, 7, mode), rps, fps);
}

std::string percentile_line(const LocustRow& row, LocustMode mode) {
  LocustNumbers n = locust_numbers(row, mode);
  std::string line = fmt::format("{:<{}} {:<{}} {}", type_label(row, false), kTypeWidth, row.name,
                                 kNameWidth, cell(n.percentiles[0], 8, mode));
  for (size_t i = 1; i < n.percentiles.size(); ++i) line += " " + cell(n.percentiles[i], 6, mode);
  line += fmt::format(" {:>6}", row.requests);
  return line;
}

// Locust's own layout, byte for byte.
std::string locust_layout(const std::vector<LocustRow>& rows, const LocustRow& total,
                          const LocustOptions& options, const std::vector<LocustError>& errors) {
  const LocustMode mode = options.mode;
  const double seconds = options.measured_time.seconds_f();
  std::string out;
  out += fmt::format("{:<{}} {:<{}} {:>7} {:>12} |{:>7} {:>7} {:>7}{:>7} | {:>7} {:>11}\n", "Type",
                     kTypeWidth, "Name", kSummaryNameWidth, "# reqs", "# fails", "Avg", "Min",
                     "Max", "Med", "req/s", "failures/s");
  std::string separator = fmt::format(
      "{}|{}|{}|{}|{}|{}|{}|{}|{}|{}\n", std::string(8, '-'), std::string(kSummaryNameWidth, '-'),
      std::string(7, '-'), std::string(13, '-'), std::string(7, '-'), std::string(7, '-'),
      std::string(7, '-'), std::string(7, '-'), std::string(8, '-'), std::string(11, '-'));
  out += separator;
  for (const auto& row : rows) out += summary_line(row, seconds, mode) + "\n";
  out += separator;
  out += summary_line(total, seconds, mode) + "\n\n";

  out += "Response time percentiles (approximated)\n";
  std::string header =
      fmt::format("{:<{}} {:<{}} {:>8}", "Type", kTypeWidth, "Name", kNameWidth, "50%");
  for (const char* label :
       {"66%", "75%", "80%", "90%", "95%", "98%", "99%", "99.9%", "99.99%", "100%", "# reqs"})
    header += fmt::format(" {:>6}", label);
  out += header + "\n";
  std::string pseparator =
      std::string(kTypeWidth, '-') + "|" + std::string(kNameWidth, '-') + "|" + std::string(8, '-');
  for (size_t i = 0; i < locust_percentiles().size(); ++i) pseparator += "|" + std::string(6, '-');
  pseparator += "\n";
  out += pseparator;
  for (const auto& row : rows)
    if (row.latency_ns && row.latency_ns->count()) out += percentile_line(row, mode) + "\n";
  out += pseparator;
  if (total.latency_ns && total.latency_ns->count()) out += percentile_line(total, mode) + "\n";
  out += "\n";

  if (!errors.empty()) {
    out += "Error report\n";
    out += fmt::format("{:<18} {:<100}\n", "# occurrences", "Error");
    std::string eseparator =
        std::string(18, '-') + "|" + std::string(80 + kNameWidth - 19, '-') + "\n";
    out += eseparator;
    for (const auto& e : errors)
      out += fmt::format("{:<18} {:<100}\n", e.occurrences,
                         (e.method.empty() ? "" : e.method + " ") + e.name + ": " + e.error);
    out += eseparator + "\n";
  }
  return out;
}

// One column of a compact table: as wide as its header and widest cell.
struct Column {
  std::string header;
  bool align_right = true;
  bool starts_group = false;       // preceded by " | " rather than " "
  std::vector<std::string> cells;  // one per row, the total row last

  size_t width() const {
    size_t w = display_width(header);
    for (const auto& c : cells) w = std::max(w, display_width(c));
    return w;
  }
};

size_t table_width(const std::vector<Column>& columns) {
  size_t w = 0;
  for (size_t i = 0; i < columns.size(); ++i)
    w += columns[i].width() + (i == 0 ? 0 : columns[i].starts_group ? 3 : 1);
  return w;
}

std::string render_line(const std::vector<Column>& columns, const std::vector<size_t>& widths,
                        size_t row /* npos: the header */) {
  std::string line;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i) line += columns[i].starts_group ? " | " : " ";
    const std::string& text = row == std::string::npos ? columns[i].header : columns[i].cells[row];
    line += pad_to(text, widths[i], columns[i].align_right);
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line + "\n";
}

// Header, separator, the rows, separator, the total row (the last cells).
std::string render_columns(const std::vector<Column>& columns) {
  std::vector<size_t> widths;
  for (const auto& c : columns) widths.push_back(c.width());
  std::string separator;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i) separator += columns[i].starts_group ? "-|-" : "-";
    separator += std::string(widths[i], '-');
  }
  separator += "\n";
  const size_t rows = columns.front().cells.size();
  std::string out = render_line(columns, widths, std::string::npos) + separator;
  for (size_t r = 0; r + 1 < rows; ++r) out += render_line(columns, widths, r);
  out += separator;
  if (rows) out += render_line(columns, widths, rows - 1);
  return out;
}

// The percentiles the compact table shows: the body, the tail and the max.
const std::vector<std::pair<double, const char*>>& compact_percentiles() {
  static const std::vector<std::pair<double, const char*>> kShown = {
      {0.50, "50%"}, {0.75, "75%"},    {0.90, "90%"}, {0.95, "95%"},
      {0.99, "99%"}, {0.999, "99.9%"}, {1.0, "100%"}};
  return kShown;
}

// A name column no narrower than this, however wide the numbers: below it a
// truncated path no longer says which endpoint it is.
constexpr size_t kMinCompactNameWidth = 16;

// The type and name columns, names cut in the middle to name_width.
std::pair<Column, Column> key_columns(const std::vector<const LocustRow*>& rows,
                                      size_t name_width) {
  Column type{"Type", false, false, {}}, name{"Name", false, false, {}};
  for (const LocustRow* row : rows) {
    type.cells.push_back(row->method);
    name.cells.push_back(truncate_middle(row->name, name_width));
  }
  return {type, name};
}

// Columns the type, the spaces and the numbers take in one table, all but the name.
size_t width_besides_name(const Column& type, const std::vector<Column>& numbers) {
  return type.width() + 1 + (numbers.front().starts_group ? 3 : 1) + table_width(numbers);
}

std::vector<Column> summary_numbers(const std::vector<const LocustRow*>& rows, double seconds,
                                    LocustMode mode) {
  std::vector<Column> c = {{"# reqs", true, false, {}}, {"# fails", true, false, {}},
                           {"Avg", true, true, {}},     {"Min", true, false, {}},
                           {"Max", true, false, {}},    {"Med", true, false, {}},
                           {"req/s", true, true, {}},   {"fails/s", true, false, {}}};
  for (const LocustRow* row : rows) {
    const LocustNumbers n = locust_numbers(*row, mode);
    const double ratio =
        row->requests ? static_cast<double>(row->failures) / static_cast<double>(row->requests)
                      : (row->failures ? 1.0 : 0.0);
    c[0].cells.push_back(std::to_string(row->requests));
    c[1].cells.push_back(fmt::format("{}({:.2f}%)", row->failures, ratio * 100));
    c[2].cells.push_back(latency_ms_text(n.avg, mode));
    c[3].cells.push_back(latency_ms_text(n.min, mode));
    c[4].cells.push_back(latency_ms_text(n.max, mode));
    c[5].cells.push_back(latency_ms_text(n.median, mode));
    const auto per_second = [&](uint64_t count) {
      return fmt::format("{:.2f}", seconds > 0 ? static_cast<double>(count) / seconds : 0.0);
    };
    c[6].cells.push_back(per_second(row->requests));
    c[7].cells.push_back(per_second(row->failures));
  }
  return c;
}

std::vector<Column> percentile_numbers(const std::vector<const LocustRow*>& rows, LocustMode mode) {
  std::vector<Column> c;
  for (const auto& [p, label] : compact_percentiles()) c.push_back({label, true, false, {}});
  c.front().starts_group = true;
  c.push_back({"# reqs", true, false, {}});
  const auto& all = locust_percentiles();
  for (const LocustRow* row : rows) {
    const LocustNumbers n = locust_numbers(*row, mode);
    for (size_t i = 0; i < compact_percentiles().size(); ++i) {
      const size_t at = static_cast<size_t>(
          std::find(all.begin(), all.end(), compact_percentiles()[i].first) - all.begin());
      c[i].cells.push_back(latency_ms_text(n.percentiles[at], mode));
    }
    c.back().cells.push_back(std::to_string(row->requests));
  }
  return c;
}

std::vector<Column> with_keys(std::pair<Column, Column> keys, std::vector<Column> numbers) {
  std::vector<Column> all = {std::move(keys.first), std::move(keys.second)};
  for (auto& c : numbers) all.push_back(std::move(c));
  return all;
}

// The same statistics in at most kTextColumns columns: each column as wide as
// its widest cell, seven percentiles of Locust's eleven, and a name longer
// than the room left cut in its middle ("/api/v2/...{id}/items").
std::string compact_layout(const std::vector<LocustRow>& rows, const LocustRow& total,
                           const LocustOptions& options, const std::vector<LocustError>& errors) {
  const LocustMode mode = options.mode;
  std::vector<const LocustRow*> all, timed;  // timed: the rows with a percentile line
  for (const auto& row : rows) {
    all.push_back(&row);
    if (row.latency_ns && row.latency_ns->count()) timed.push_back(&row);
  }
  all.push_back(&total);
  // The percentile table's last row is the Aggregated one, under the second
  // separator; without times in total no row has any.
  if (total.latency_ns && total.latency_ns->count())
    timed.push_back(&total);
  else
    timed.clear();

  const auto summary = summary_numbers(all, options.measured_time.seconds_f(), mode);
  const auto percentiles = percentile_numbers(timed, mode);
  const Column type = key_columns(all, 0).first;
  const size_t besides_name =
      std::max(width_besides_name(type, summary), width_besides_name(type, percentiles));
  size_t longest_name = display_width("Name");
  for (const LocustRow* row : all) longest_name = std::max(longest_name, display_width(row->name));
  const size_t room = besides_name < kTextColumns ? kTextColumns - besides_name : 0;
  const size_t name_width = std::min(longest_name, std::max(room, kMinCompactNameWidth));

  std::string out = render_columns(with_keys(key_columns(all, name_width), summary)) + "\n";
  out += "Response time percentiles (approximated)\n";
  out += render_columns(with_keys(key_columns(timed, name_width), percentiles)) + "\n";

  if (!errors.empty()) {
    constexpr size_t kCountWidth = 13;  // "# occurrences"
    const std::string indent(kCountWidth + 2, ' ');
    out += "Error report\n" + pad_to("# occurrences", kCountWidth, false) + "  Error\n";
    const std::string separator = std::string(kCountWidth, '-') + "-|-" +
                                  std::string(kTextColumns - kCountWidth - 3, '-') + "\n";
    out += separator;
    for (const auto& e : errors) {
      const std::string what = (e.method.empty() ? "" : e.method + " ") + e.name + ": " + e.error;
      const size_t room = kTextColumns - indent.size();
      const auto lines = wrap_words(what, room);
      out += pad_to(std::to_string(e.occurrences), kCountWidth, false) + "  " +
             truncate_middle(lines.front(), room) + "\n";
      for (size_t i = 1; i < lines.size(); ++i)
        out += indent + truncate_middle(lines[i], room) + "\n";
    }
    out += separator + "\n";
  }
  return out;
}

}  // namespace

std::string latency_ms_text(double ms, LocustMode mode) {
  if (mode == LocustMode::kLocust) return fmt::format("{}", static_cast<int64_t>(ms));
  if (ms < 100) return fmt::format("{:.2f}", ms);
  if (ms < 1000) return fmt::format("{:.1f}", ms);
  return fmt::format("{:.0f}", ms);
}

LocustRow row_from_request_name(const std::string& request_name) {
  LocustRow row;
  auto space = request_name.find(' ');
  if (space != std::string::npos && space > 0 && space < kTypeWidth) {
    row.method = request_name.substr(0, space);
    row.name = request_name.substr(space + 1);
  } else {
    row.name = request_name;
  }
  return row;
}

const std::vector<double>& locust_percentiles() {
  static const std::vector<double> kPercentiles = {0.50, 0.66, 0.75,  0.80,   0.90, 0.95,
                                                   0.98, 0.99, 0.999, 0.9999, 1.0};
  return kPercentiles;
}

std::string locust_tables(std::vector<LocustRow> rows, const LocustRow& total,
                          const LocustOptions& options, const std::vector<LocustError>& errors) {
  std::stable_sort(rows.begin(), rows.end(), [](const LocustRow& a, const LocustRow& b) {
    return std::tie(a.name, a.method) < std::tie(b.name, b.method);
  });
  return options.layout == LocustLayout::kLocust ? locust_layout(rows, total, options, errors)
                                                 : compact_layout(rows, total, options, errors);
}

}  // namespace stackplan::report
