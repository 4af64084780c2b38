// Text, Markdown and CSV tables, and the JSON document.
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <numeric>
#include <optional>

#include "core/text_width.h"
#include "report/cost_report.h"
#include "report/markdown.h"

namespace stackplan::cost {
namespace {

using report::markdown_cell;

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

nlohmann::json curve_json(const std::vector<BreakEvenResult::Point>& curve) {
  auto out = nlohmann::json::array();
  for (const auto& p : curve)
    out.push_back({{"orders_per_month", p.orders_per_month},
                   {"cost_below_usd", money_json(p.cost_below)},
                   {"cost_above_usd", money_json(p.cost_above)}});
  return out;
}

constexpr size_t kColumnGap = 2;         // spaces between two columns
constexpr size_t kDetailIndent = 4;      // a detail line under its row
constexpr size_t kNoteIndent = 8;        // "  note: "
constexpr size_t kMinWrappedWidth = 24;  // a wrapped column is never narrower

// The widest word of text: a wrapped column is never narrower, so a path, a
// URL or a catalog id is never cut (it may push its line past 100 columns).
size_t widest_word(const std::string& text) {
  size_t widest = 0;
  for (const auto& word : wrap_words(text, 1)) widest = std::max(widest, display_width(word));
  return widest;
}

// The columns of a text table, narrowed as Table says (report/cost_report.h).
std::string text_table(const Table& t) {
  const size_t columns = t.header.size();
  auto right = [&](size_t i) { return i < t.right_aligned.size() && t.right_aligned[i]; };
  auto cell = [&](const std::vector<std::string>& row, size_t i) -> const std::string& {
    static const std::string kEmpty;
    return i < row.size() ? row[i] : kEmpty;
  };
  std::vector<size_t> w(columns, 0);
  for (size_t i = 0; i < columns; ++i) w[i] = display_width(t.header[i]);
  for (const auto& row : t.rows)
    for (size_t i = 0; i < columns; ++i) w[i] = std::max(w[i], display_width(cell(row, i)));
  std::vector<size_t> words(columns, 0);  // each column's widest word
  for (size_t i = 0; i < columns; ++i) {
    words[i] = widest_word(t.header[i]);
    for (const auto& row : t.rows) words[i] = std::max(words[i], widest_word(cell(row, i)));
  }
  auto span = [&](const std::vector<size_t>& cols) {
    size_t total = 0;
    for (size_t c : cols) total += w[c];
    return total + (cols.empty() ? 0 : kColumnGap * (cols.size() - 1));
  };

  std::vector<size_t> shown(columns);
  std::iota(shown.begin(), shown.end(), size_t{0});
  const bool detail_below = span(shown) > kTextColumns && t.detail_column &&
                            *t.detail_column < columns && *t.detail_column >= t.key_columns;
  if (detail_below) shown.erase(shown.begin() + static_cast<std::ptrdiff_t>(*t.detail_column));
  // A header wider than its column's cells wraps at spaces ("Growth (1,000
  // users)" over "$519.33").
  if (span(shown) > kTextColumns)
    for (size_t c : shown) {
      size_t narrowest = 0;
      for (const auto& row : t.rows) narrowest = std::max(narrowest, display_width(cell(row, c)));
      narrowest = std::max(narrowest, widest_word(t.header[c]));
      w[c] = std::min(w[c], narrowest);
    }
  // The widest text column wraps, when that alone makes the table fit and
  // leaves it kMinWrappedWidth wide: one long cell (a note-like item) should
  // not split a table that otherwise fits.
  if (span(shown) > kTextColumns) {
    const size_t excess = span(shown) - kTextColumns;
    std::optional<size_t> widest;
    for (size_t c : shown)
      if (!right(c) && (!widest || w[c] > w[*widest])) widest = c;
    if (widest && w[*widest] >= excess + std::max(kMinWrappedWidth, words[*widest]))
      w[*widest] -= excess;
  }
  const size_t key_count = std::min(t.key_columns, shown.size());
  const std::vector<size_t> keys(shown.begin(),
                                 shown.begin() + static_cast<std::ptrdiff_t>(key_count));
  std::vector<std::vector<size_t>> bands(1);
  for (size_t i = key_count; i < shown.size(); ++i) {
    std::vector<size_t> candidate = keys;
    candidate.insert(candidate.end(), bands.back().begin(), bands.back().end());
    candidate.push_back(shown[i]);
    if (!bands.back().empty() && span(candidate) > kTextColumns) bands.emplace_back();
    bands.back().push_back(shown[i]);
  }

  std::string out = wrap_paragraph("", t.title, 0);
  for (size_t b = 0; b < bands.size(); ++b) {
    std::vector<size_t> cols = keys;
    cols.insert(cols.end(), bands[b].begin(), bands[b].end());
    // Only the last column of a band can overflow it (bands add columns while
    // they fit): it wraps in what the others leave.
    std::vector<size_t> width(cols.size());
    for (size_t i = 0; i < cols.size(); ++i) width[i] = w[cols[i]];
    if (span(cols) > kTextColumns) {
      const size_t others = span(cols) - w[cols.back()];
      // A word longer than this overflows its own line only.
      width.back() = std::max(kMinWrappedWidth, others < kTextColumns ? kTextColumns - others : 0);
    }
    auto emit = [&](const std::vector<std::string>& row) {
      std::vector<std::vector<std::string>> cells;
      size_t height = 1;
      for (size_t i = 0; i < cols.size(); ++i) {
        cells.push_back(wrap_words(cell(row, cols[i]), width[i]));
        height = std::max(height, cells.back().size());
      }
      for (size_t l = 0; l < height; ++l) {
        std::string line;
        for (size_t i = 0; i < cols.size(); ++i) {
          const std::string& part = l < cells[i].size() ? cells[i][l] : "";
          line += (i ? std::string(kColumnGap, ' ') : "") + pad_to(part, width[i], right(cols[i]));
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
      }
      if (detail_below && b == 0 && &row != &t.header && !cell(row, *t.detail_column).empty())
        out += wrap_paragraph(std::string(kDetailIndent, ' '), cell(row, *t.detail_column),
                              kDetailIndent + 2);
    };
    if (b) out += "\n";
    emit(t.header);
    for (const auto& row : t.rows) emit(row);
  }
  for (const auto& n : t.notes) out += wrap_paragraph("  note: ", n, kNoteIndent);
  return out;
}

}  // namespace

std::string render_table(const Table& t, Format format) {
  std::string out;
  const size_t columns = t.header.size();
  auto right = [&](size_t i) { return i < t.right_aligned.size() && t.right_aligned[i]; };
  if (format == Format::kCsv) {
    out += csv_field("table") + ",";
    for (size_t i = 0; i < columns; ++i)
      out += csv_field(t.header[i]) + (i + 1 < columns ? "," : "\n");
    for (const auto& row : t.rows) {
      out += csv_field(t.title) + ",";
      for (size_t i = 0; i < columns; ++i)
        out += csv_field(i < row.size() ? row[i] : "") + (i + 1 < columns ? "," : "\n");
    }
    return out;
  }
  if (format == Format::kMarkdown) {
    out += "### " + t.title + "\n\n|";
    for (const auto& h : t.header) out += " " + markdown_cell(h) + " |";
    out += "\n|";
    for (size_t i = 0; i < columns; ++i) out += right(i) ? "---:|" : "---|";
    out += "\n";
    for (const auto& row : t.rows) {
      out += "|";
      for (size_t i = 0; i < columns; ++i)
        out += " " + markdown_cell(i < row.size() ? row[i] : "") + " |";
      out += "\n";
    }
    if (!t.notes.empty()) out += "\n";
    for (const auto& n : t.notes) out += "- " + n + "\n";
    return out;
  }
  return text_table(t);
}

std::string money_json(Money amount) { return format_fixed_point(amount.micros(), 6, 2, false); }

nlohmann::json bill_json(const Bill& b) {
  using nlohmann::json;
  json bill{{"platform", b.platform},
            {"region", b.region},
            {"total_usd", money_json(b.total())},
            {"lines", json::array()},
            {"notes", b.notes}};
  for (const auto& l : b.lines)
    bill["lines"].push_back({{"component", l.component},
                             {"item", l.item},
                             {"used", l.used.value_f()},
                             {"free", l.free.value_f()},
                             {"billed", l.billed.value_f()},
                             {"unit", l.unit},
                             {"unit_price_usd", format_fixed_point(l.price.picos(), 12, 2, false)},
                             {"per", l.per},
                             {"amount_usd", money_json(l.amount)},
                             {"catalog", l.ref},
                             {"source", l.source},
                             {"note", l.note},
                             {"unverified", l.unverified}});
  return bill;
}

std::string render_json(const CostReport& r) {
  using nlohmann::json;
  json doc;
  doc["scenario"] = r.scenario;
  doc["currency"] = "USD";
  doc["bills"] = json::array();
  for (const auto& b : r.bills) {
    doc["bills"].push_back(bill_json(b));
  }
  doc["errors"] = json::array();
  for (const auto& [platform, why] : r.failed)
    doc["errors"].push_back({{"platform", platform}, {"message", why}});
  if (r.stages) {
    json stages{{"names", json::array()}, {"users", json::array()}, {"platforms", json::array()}};
    for (const auto& s : r.stages->stages) {
      stages["names"].push_back(s.name);
      stages["users"].push_back(s.users ? json(*s.users) : json(nullptr));
    }
    for (const auto& ps : r.stages->platforms) {
      json p{{"platform", ps.platform}, {"totals_usd", json::array()}, {"error", ps.error}};
      for (const auto& b : ps.bills) p["totals_usd"].push_back(money_json(b.total()));
      stages["platforms"].push_back(p);
    }
    doc["stages"] = stages;
  }
  if (r.tco) {
    json tco{{"months", r.tco->months},
             {"hourly_rate_usd", money_json(r.tco->hourly_rate)},
             {"options", json::array()}};
    for (const auto& row : r.tco->rows)
      tco["options"].push_back(
          {{"name", row.name},
           {"build_hours", row.build_hours.value_f()},
           {"build_usd", money_json(row.build)},
           {"infrastructure_per_month_usd", money_json(row.infrastructure_per_month)},
           {"infrastructure_usd", money_json(row.infrastructure)},
           {"maintenance_usd", money_json(row.maintenance)},
           {"on_call_usd", money_json(row.on_call)},
           {"total_usd", money_json(row.total)},
           {"infrastructure_source", row.infrastructure_source}});
    doc["tco"] = tco;
  }
  doc["break_even"] = json::array();
  for (const auto& b : r.break_even)
    doc["break_even"].push_back(
        {{"name", b.name},
         {"cheaper_below", b.cheaper_below},
         {"cheaper_above", b.cheaper_above},
         {"orders_per_month", b.orders_per_month ? json(*b.orders_per_month) : json(nullptr)},
         {"cost_below_usd", money_json(b.cost_below_at)},
         {"cost_above_usd", money_json(b.cost_above_at)},
         {"search_up_to", b.search_up_to},
         {"curve", curve_json(b.curve)}});
  doc["payback"] = json::array();
  for (const auto& p : r.payback)
    doc["payback"].push_back({{"name", p.name},
                              {"rewrite_cost_usd", money_json(p.rewrite_cost)},
                              {"monthly_saving_usd", money_json(p.monthly_saving)},
                              {"months", p.months.value_f()}});
  // Names and URLs come from the user and may hold bytes that are not UTF-8:
  // replaced with U+FFFD rather than thrown.
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace stackplan::cost
