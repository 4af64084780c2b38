// Rendering cost results as a text table, Markdown, JSON or CSV.
//
// The JSON names are stable and documented in docs/COST.md ("JSON output").
// Money is written there as exact decimal strings of dollars ("18.333337"):
// a consumer that wants cents rounds it itself.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cost/analysis.h"
#include "cost/bill.h"

namespace stackplan::cost {

enum class Format { kText, kMarkdown, kJson, kCsv };
std::optional<Format> parse_format(std::string_view name);

struct CostReport {
  std::string scenario;
  std::vector<Bill> bills;
  std::vector<std::pair<std::string, std::string>> failed;  // platform, why
  std::optional<StagesResult> stages;
  std::optional<TcoResult> tco;
  std::vector<BreakEvenResult> break_even;
  std::vector<PaybackResult> payback;
};

std::string render(const CostReport& report, Format format);
std::string render_json(const CostReport& report);
// One bill as `cost --format json` writes it in `bills` and `plan --json`
// in each option (one schema, docs/COST.md).
nlohmann::json bill_json(const Bill& bill);
// Money as every JSON output writes it: a decimal string of dollars with at
// least two decimals and no rounding ("1234.57", "0.008333").
std::string money_json(Money amount);

// "1,500,000 - 400,000 free = 1,100,000 GB-second x $0.0000166667 = $18.33"
std::string line_arithmetic(const BillLine& line);

// A simple table rendered in the three tabular formats.
//
// Text fits kTextColumns (core/text_width.h) columns; Markdown and CSV keep
// every column on one line. A text table wider than that is narrowed, in
// this order, until it fits:
// 1. the detail column, if any, leaves the table: its cell goes on an
//    indented line under its row ("quantity x unit price" under each line of
//    a bill);
// 2. headers wider than their column's cells wrap at spaces;
// 3. the widest left-aligned column wraps at spaces, when that alone makes
//    the table fit and leaves it kMinWrappedWidth (24) wide;
// 4. the other columns are split into bands printed one under the other,
//    each band repeating the first key_columns columns, so every row is
//    still named; a column too wide to share a band with the key columns
//    wraps its cells.
// The title and notes wrap at spaces too. No word is cut (a path or a
// catalog id stays whole): step 3 leaves alone a column it would make
// narrower than its longest word, and in step 4 a longer word overflows its
// own line.
struct Table {
  std::string title;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> right_aligned;  // per column
  std::vector<std::string> notes;   // printed under the table
  size_t key_columns = 1;           // repeated in every band of a split table
  std::optional<size_t> detail_column;
};
std::string render_table(const Table& table, Format format);

}  // namespace stackplan::cost
