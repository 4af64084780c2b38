// `stackplan plan` for a terminal: every line fits kWidth columns.
#include <fmt/format.h>

#include <algorithm>

#include "report/plan_format.h"
#include "report/plan_report.h"

namespace stackplan::report {
namespace {

namespace pf = plan_format;

// The width of a terminal nobody has to resize.
constexpr size_t kWidth = 100;
// A column squeezed to fit keeps at least this much of its text.
constexpr size_t kMinSqueezedColumn = 12;
constexpr const char* kIndent = "  ";

size_t width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// The first `w` columns of s, "..." marking the cut.
std::string clip(const std::string& s, size_t w) {
  if (width(s) <= w) return s;
  const std::string kEllipsis = "...";
  std::string out;
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80 && ++n > w - kEllipsis.size()) break;
    out += s[i];
  }
  return out + kEllipsis;
}

// Words of `text` in lines of at most kWidth columns, the first after
// `first`, the rest after `rest` (both spaces or a marker).
std::string wrap(const std::string& text, const std::string& first, const std::string& rest) {
  std::string out, line = first;
  bool line_empty = true;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    if (!line_empty && width(line) + 1 + width(word) > kWidth) {
      out += line + "\n";
      line = rest;
      line_empty = true;
    }
    line += (line_empty ? "" : " ") + word;
    line_empty = false;
    // A word wider than a line (a path, a long name) is cut across lines.
    while (width(line) > kWidth) {
      const std::string head = clip(line, kWidth + 3);  // kWidth columns, then "..."
      const std::string kept = head.substr(0, head.size() - 3);
      out += kept + "\n";
      line = rest + line.substr(kept.size());
    }
  }
  return out + line + "\n";
}

struct TextTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> right;  // per column
  // The columns that give up width, widest first, when the table is wider
  // than kWidth.
  std::vector<size_t> squeeze;
};

std::string render(const TextTable& t, const std::string& indent) {
  const size_t columns = t.header.size();
  std::vector<size_t> w(columns, 0);
  for (size_t i = 0; i < columns; ++i) w[i] = width(t.header[i]);
  for (const auto& row : t.rows)
    for (size_t i = 0; i < columns && i < row.size(); ++i) w[i] = std::max(w[i], width(row[i]));
  size_t total = width(indent) + 2 * (columns - 1);
  for (size_t x : w) total += x;
  while (total > kWidth) {
    size_t widest = columns;
    for (size_t c : t.squeeze)
      if (c < columns && w[c] > kMinSqueezedColumn && (widest == columns || w[c] > w[widest]))
        widest = c;
    if (widest == columns) break;  // every squeezable column at its floor
    --w[widest];
    --total;
  }
  std::string out;
  auto emit = [&](const std::vector<std::string>& row) {
    std::string line = indent;
    for (size_t i = 0; i < columns; ++i) {
      const std::string cell = clip(i < row.size() ? row[i] : "", w[i]);
      const std::string fill(w[i] - width(cell), ' ');
      line += (i ? "  " : "") + (i < t.right.size() && t.right[i] ? fill + cell : cell + fill);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += clip(line, kWidth) + "\n";
  };
  emit(t.header);
  for (const auto& row : t.rows) emit(row);
  return out;
}

// A table with a column per case: when the cases do not fit side by side,
// they are shown in blocks, each repeating the first `leading` columns, so no
// case's figures are cut off.
std::string render_in_blocks(const TextTable& t, const std::string& indent, size_t leading) {
  const size_t columns = t.header.size();
  std::vector<size_t> w(columns, 0);
  for (size_t i = 0; i < columns; ++i) w[i] = width(t.header[i]);
  for (const auto& row : t.rows)
    for (size_t i = 0; i < columns && i < row.size(); ++i) w[i] = std::max(w[i], width(row[i]));
  size_t lead_width = width(indent);
  for (size_t i = 0; i < leading && i < columns; ++i) lead_width += w[i] + (i ? 2 : 0);
  std::string out;
  size_t next = leading;
  while (next < columns) {
    std::vector<size_t> block;
    size_t used = lead_width;
    while (next < columns && (block.empty() || used + 2 + w[next] <= kWidth)) {
      used += 2 + w[next];
      block.push_back(next++);
    }
    TextTable part;
    for (size_t i = 0; i < leading; ++i) part.squeeze.push_back(i);
    auto take = [&](const std::vector<std::string>& row) {
      std::vector<std::string> cells(row.begin(), row.begin() + static_cast<long>(leading));
      for (size_t c : block) cells.push_back(c < row.size() ? row[c] : "");
      return cells;
    };
    part.header = take(t.header);
    for (const auto& row : t.rows) part.rows.push_back(take(row));
    for (size_t i = 0; i < leading; ++i) part.right.push_back(i < t.right.size() && t.right[i]);
    for (size_t c : block) part.right.push_back(c < t.right.size() && t.right[c]);
    out += render(part, indent);
  }
  return out;
}

std::string bill_table(const plan::PlanSpec& spec, const plan::Option& o) {
  TextTable t;
  t.header = {"component", "item"};
  t.right = {false, false};
  for (size_t c = 0; c < o.bills.size(); ++c) {
    t.header.push_back(pf::case_name(spec, c));
    t.right.push_back(true);
  }
  for (const auto& row : pf::bill_rows(o.bills)) {
    std::vector<std::string> cells = {row.component, row.item};
    for (const auto& a : row.amounts) cells.push_back(a ? pf::usd(*a) : "-");
    t.rows.push_back(std::move(cells));
  }
  std::vector<std::string> total = {"total", ""};
  for (const auto& b : o.bills) total.push_back(pf::usd(b.total()));
  t.rows.push_back(std::move(total));
  return render_in_blocks(t, std::string(kIndent) + kIndent, 2);
}

std::string figures_table(const plan::PlanSpec& spec, const plan::Option& o) {
  const auto kind = o.candidate.kind;
  TextTable t;
  t.header = {"simulated"};
  t.right = {false};
  for (size_t c = 0; c < o.cases.size(); ++c) {
    t.header.push_back(pf::case_name(spec, c));
    t.right.push_back(true);
  }
  t.header.emplace_back("target");
  t.right.push_back(false);
  for (const auto& row : pf::figure_rows(kind, o.cases)) {
    std::vector<std::string> cells = {row.label};
    for (const auto& c : o.cases) cells.push_back(pf::figure_value(row, c, kind));
    cells.push_back(pf::target_limit(row.target, o.cases));
    t.rows.push_back(std::move(cells));
  }
  return render_in_blocks(t, std::string(kIndent) + kIndent, 1);
}

// Why a case could not be judged on a simulation, when it could not.
std::string unsimulated_cases(const plan::PlanSpec& spec, const plan::Option& o,
                              const std::string& indent) {
  std::string out;
  for (size_t c = 0; c < o.cases.size(); ++c) {
    const auto& outcome = o.cases[c];
    if (outcome.pruned)
      out += wrap("case " + pf::case_name(spec, c) + " not simulated: " + outcome.pruned_because,
                  indent, indent + kIndent);
    else if (!outcome.failed_because.empty())
      out += wrap("case " + pf::case_name(spec, c) + " failed: " + outcome.failed_because, indent,
                  indent + kIndent);
  }
  return out;
}

std::string option_with_misses(const plan::PlanSpec& spec, const plan::Option& o,
                               const std::string& indent) {
  const std::string deeper = indent + kIndent;
  std::string out =
      wrap(fmt::format("{}: {}/month", pf::option_title(spec, o), pf::usd(o.reference_monthly)),
           indent + "- ", deeper);
  if (!o.bill_error.empty())
    out += wrap("cannot be priced: " + o.bill_error, deeper, deeper + kIndent);
  for (const auto& m : o.misses) out += wrap(pf::miss_text(m), deeper, deeper + kIndent);
  return out + unsimulated_cases(spec, o, deeper);
}

std::string platform_section(const plan::PlanSpec& spec, const plan::PlatformAnswer& p) {
  std::string out = "\n" + p.platform + "\n";
  if (p.best) {
    const auto& b = *p.best;
    out += wrap(fmt::format("Cheapest meeting every target in every case: {}, {}/month in case {}",
                            b.candidate.describe(spec), pf::usd(b.reference_monthly),
                            pf::case_label(spec, spec.reference_case)),
                kIndent, std::string(kIndent) + kIndent);
    out += bill_table(spec, b);
    for (size_t c = 0; c < b.bills.size(); ++c)
      for (const auto& note : b.bills[c].notes)
        out += wrap("note (" + pf::case_name(spec, c) + "): " + note,
                    std::string(kIndent) + kIndent, std::string(kIndent) + kIndent + kIndent);
    out += figures_table(spec, b);
  } else {
    out += wrap("No configuration meets every target: " + p.none_because, kIndent,
                std::string(kIndent) + kIndent);
  }
  if (!p.cheaper_failing.empty()) {
    out += std::string(kIndent) + (p.best ? "Cheaper, but failing:" : "Closest, failing:") + "\n";
    for (const auto& o : p.cheaper_failing)
      out += option_with_misses(spec, o, std::string(kIndent) + kIndent);
  }
  return out;
}

std::string least_regret_section(const plan::PlanSpec& spec, const plan::LeastRegret& lr) {
  std::string out = "\nLeast regret across platforms\n";
  out += wrap(fmt::format("{}: {}/month in case {}; {}", pf::option_title(spec, lr.option),
                          pf::usd(lr.option.reference_monthly),
                          pf::case_label(spec, spec.reference_case), pf::regret_summary(lr)),
              kIndent, std::string(kIndent) + kIndent);
  out += wrap(lr.reason, kIndent, std::string(kIndent) + kIndent);
  TextTable t;
  t.header = {"case", "bill", "regret"};
  t.right = {false, true, true};
  for (size_t c = 0; c < lr.regret.size(); ++c)
    t.rows.push_back({pf::case_name(spec, c),
                      c < lr.option.bills.size() ? pf::usd(lr.option.bills[c].total()) : "-",
                      pf::usd(lr.regret[c])});
  return out + render(t, std::string(kIndent) + kIndent);
}

std::string sensitivity_section(const std::vector<plan::SensitivityRow>& rows) {
  TextTable t;
  t.header = {"input", "low", "high", "$/month", "swing", "targets"};
  t.right = {false, false, false, true, true, false};
  t.squeeze = {0, 1, 2, 5};
  for (const auto& r : rows)
    t.rows.push_back(
        {r.input, r.low_label, r.high_label,
         pf::optional_usd(r.monthly_low) + " -> " + pf::optional_usd(r.monthly_high),
         pf::usd(r.swing),
         pf::targets_verdict(r.outcome_low) + " / " + pf::targets_verdict(r.outcome_high)});
  return "\n" +
         wrap(
             "Sensitivity of the chosen option (one input at a time from low to high, the others "
             "as in the reference case)",
             "", kIndent) +
         render(t, kIndent);
}

}  // namespace

std::string plan_text(const plan::PlanResult& r) {
  const auto& spec = r.spec;
  const auto& s = r.search;
  std::string out = wrap(fmt::format("stackplan plan: {} ({})", r.scenario, r.file), "", kIndent);
  std::string cases;
  for (size_t c = 0; c < spec.cases.size(); ++c) cases += (c ? ", " : "") + pf::case_label(spec, c);
  std::string head = "Cases (every answer must hold in all): " + cases + ".";
  if (spec.budget) head += " Budget: " + pf::usd(*spec.budget) + "/month in every case.";
  out += wrap(head, "", kIndent);

  for (const auto& p : s.platforms) out += platform_section(spec, p);

  if (s.least_regret) {
    out += least_regret_section(spec, *s.least_regret);
  } else {
    out += "\n" + wrap("Nothing meets every target: " + s.infeasible_because, "", kIndent);
    if (s.closest) {
      out += "Closest:\n";
      out += option_with_misses(spec, *s.closest, kIndent);
    }
  }

  if (!r.volume_flips.empty() || !r.peak_flips.empty()) {
    out += "\nFlip points (where the recommendation changes)\n";
    for (const auto& f : r.volume_flips) out += wrap(pf::flip_text(f), kIndent, "      ");
    for (const auto& f : r.peak_flips) out += wrap(pf::flip_text(f), kIndent, "      ");
  }
  if (!r.sensitivity.empty()) out += sensitivity_section(r.sensitivity);
  if (!r.payback.empty()) {
    out += "\nVariants\n";
    for (const auto& p : r.payback) out += wrap(pf::payback_text(spec, p), kIndent, "      ");
  }
  if (!r.notes.empty()) {
    out += "\nNotes\n";
    for (const auto& n : r.notes) out += wrap(n, "  - ", "    ");
  }
  out += "\n" + wrap("Search: " + pf::search_summary(s.stats), "", kIndent);
  return out;
}

}  // namespace stackplan::report
