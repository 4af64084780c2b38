#include "report/html_document.h"

#include <algorithm>
#include <cctype>

#include "report/html_assets.h"
#include "report/markdown.h"

namespace stackplan::report {
namespace {

using nlohmann::json;

// Laid out for a laptop's width: one column, tables scroll sideways rather
// than squeeze, and every chart has a fixed height so it never collapses.
constexpr const char* kStyle = R"css(
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: #1d2430; margin: 0; background: #f6f7f9; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 26px; margin: 8px 0 4px; }
h2 { font-size: 20px; margin: 36px 0 8px; border-bottom: 2px solid #d8dde6; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 22px 0 6px; }
p { margin: 6px 0; max-width: 80em; }
pre { background: #fff; border: 1px solid #d8dde6; padding: 10px 12px; overflow-x: auto;
      font-size: 13px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }
figure { margin: 0; background: #fff; border: 1px solid #d8dde6; border-radius: 6px;
         padding: 10px 12px 12px; }
figcaption { font-weight: 600; margin-bottom: 6px; }
summary { cursor: pointer; margin: 6px 0; }
.chart-box { position: relative; height: 300px; }
figure.wide { grid-column: 1 / -1; }
figure.wide .chart-box { height: 460px; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; background: #fff; margin: 4px 0 12px; font-size: 13.5px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid #d8dde6; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #eef1f5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
#errors { color: #a40000; }
footer { margin-top: 40px; font-size: 12px; color: #5a6372; }
)css";

// Builds every chart from the embedded data, then marks each canvas with what
// it drew (data-rendered, data-series, data-points) so a headless browser can
// check the page through its DOM; any script error is listed in #errors.
constexpr const char* kScript = R"js(
(function () {
  'use strict';
  var errors = document.getElementById('errors');
  function fail(message) {
    var item = document.createElement('li');
    item.textContent = message;
    errors.appendChild(item);
    errors.hidden = false;
  }
  window.addEventListener('error', function (e) { fail(String(e.message)); });
  var consoleError = console.error;
  console.error = function () {
    fail(Array.prototype.join.call(arguments, ' '));
    consoleError.apply(console, arguments);
  };
  var palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2',
                 '#7f7f7f', '#bcbd22', '#17becf', '#393b79', '#637939', '#8c6d31', '#843c39'];
  function axis(spec, stacked, numeric) {
    var a = { title: { display: true, text: spec.title, font: { weight: 'bold' } },
              stacked: stacked };
    if (typeof spec.suggested_min === 'number') a.suggestedMin = spec.suggested_min;
    if (typeof spec.suggested_max === 'number') a.suggestedMax = spec.suggested_max;
    if (spec.logarithmic) a.type = 'logarithmic';
    else if (numeric) { a.type = 'linear'; a.beginAtZero = true; }
    return a;
  }
  function valueCount(data) {
    var n = 0;
    data.forEach(function (v) {
      var y = (v !== null && typeof v === 'object') ? v.y : v;
      if (typeof y === 'number' && isFinite(y)) n += 1;
    });
    return n;
  }
  // A decade below the smallest value, so the shortest bar still shows.
  function logFloor(series) {
    var least = Infinity;
    series.forEach(function (s) {
      s.data.forEach(function (v) {
        var y = (v !== null && typeof v === 'object') ? v.y : v;
        if (typeof y === 'number' && y > 0) least = Math.min(least, y);
      });
    });
    return isFinite(least) ? Math.pow(10, Math.floor(Math.log10(least)) - 1) : undefined;
  }
  function build(spec) {
    var canvas = document.getElementById(spec.id);
    var numericX = spec.labels.length === 0;
    // Past the palette, hues a golden angle apart: no two series share a color.
    function color(i, alpha) {
      if (i < palette.length) return palette[i] + (alpha < 1 ? '40' : '');
      return 'hsla(' + ((i * 137.5) % 360) + ', 60%, 45%, ' + alpha + ')';
    }
    var datasets = spec.series.map(function (s, i) {
      return { label: s.name, data: s.data, type: s.kind || undefined,
               yAxisID: s.right_axis ? 'y2' : 'y', borderColor: color(i, 1),
               backgroundColor: spec.type === 'bar' ? color(i, 1) : color(i, 0.25),
               borderWidth: spec.type === 'bar' ? 0 : 2,
               pointRadius: s.markers_only ? 7 : (numericX && s.data.length > 40 ? 0 : 3),
               pointStyle: s.markers_only ? 'rectRot' : 'circle',
               showLine: !s.markers_only, fill: false, tension: 0, skipNull: true };
    });
    var scales = { x: axis(spec.x, spec.stacked, numericX), y: axis(spec.y, spec.stacked, true) };
    if (spec.y.logarithmic) scales.y.min = logFloor(spec.series);
    if (spec.horizontal) scales = { y: scales.x, x: scales.y };
    if (spec.y_right) {
      scales.y2 = axis(spec.y_right, false, true);
      scales.y2.position = 'right';
      scales.y2.grid = { drawOnChartArea: false };
    }
    var chart = new Chart(canvas, {
      type: spec.type,
      data: { labels: numericX ? undefined : spec.labels, datasets: datasets },
      options: { animation: false, indexAxis: spec.horizontal ? 'y' : 'x', responsive: true, maintainAspectRatio: false,
                 interaction: { mode: 'nearest', intersect: false },
                 plugins: { legend: { position: 'bottom' } }, scales: scales }
    });
    var drawn = 0, points = 0;
    chart.data.datasets.forEach(function (d, i) {
      drawn += chart.getDatasetMeta(i).data.length;
      points += valueCount(d.data);
    });
    canvas.dataset.series = spec.series.map(function (s) { return s.name; }).join('|');
    canvas.dataset.points = String(points);
    canvas.dataset.rendered = drawn > 0 && points > 0 ? 'true' : 'empty';
  }
  var report = JSON.parse(document.getElementById('report-data').textContent);
  report.charts.forEach(function (spec) {
    try { build(spec); } catch (e) { fail(spec.id + ': ' + e.message); }
  });
  document.body.dataset.chartsDone = 'true';
})();
)js";

// JSON inside <script> must not close the element: "</" becomes "<\/".
// JSON made safe inside <script>: '<', '>' and '&' only occur within its
// strings, where \u escapes mean the same to JSON.parse, and without them no
// user text (`</script>`, `<!--<script>`) can end or stall the script element.
std::string script_safe(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else {
      out += c;
    }
  }
  return out;
}

bool looks_numeric(const std::string& cell) {
  if (cell.empty()) return false;
  for (char c : cell)
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == ',' || c == '-' ||
          c == '$' || c == '%' || c == ' ' || c == 's' || c == 'm'))
      return false;
  return std::isdigit(static_cast<unsigned char>(cell.back())) || cell.back() == '%' ||
         cell.back() == 's';
}

void append_table_html(std::string& out, const DocTable& t) {
  out += "<div class=\"table-wrap\"><table>\n";
  if (!t.caption.empty()) out += "<caption>" + html_escape(t.caption) + "</caption>\n";
  out += "<thead><tr>";
  for (const auto& h : t.header) out += "<th>" + html_escape(h) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : t.rows) {
    out += "<tr>";
    for (const auto& cell : row)
      out += (looks_numeric(cell) ? "<td class=\"num\">" : "<td>") + html_escape(cell) + "</td>";
    out += "</tr>\n";
  }
  out += "</tbody></table></div>\n";
}

// A chart with many series (a bill of many line items) takes the page's
// width, so its legend wraps into a few rows rather than squeezing the plot.
constexpr size_t kWideChartSeries = 8;
bool is_wide(const Chart& c) { return c.wide || c.series.size() > kWideChartSeries; }

// Horizontal bars: a row per category, so one bar is not a wall of colour.
constexpr int kBarRowPx = 34;
constexpr int kBarChartFramePx = 110;  // axis, its title and the legend
std::string box_style(const Chart& c) {
  if (!c.horizontal) return "";
  const int rows = static_cast<int>(c.labels.size());
  return " style=\"height: " + std::to_string(kBarChartFramePx + kBarRowPx * std::max(rows, 2)) +
         "px\"";
}

// `canvas_id` is unique in the page (two cost outputs both have a bills
// chart); data-chart keeps the chart's kind for whoever reads the page.
void append_chart_html(std::string& out, const Chart& c, const std::string& canvas_id) {
  out += std::string(is_wide(c) ? "<figure class=\"wide\">" : "<figure>") + "<figcaption>" +
         html_escape(c.title) + "</figcaption><div class=\"chart-box\"" + box_style(c) +
         "><canvas id=\"" + html_escape(canvas_id) + "\" data-chart=\"" + html_escape(c.id) +
         "\" class=\"chart\" role=\"img\" aria-label=\"" + html_escape(c.title) +
         "\"></canvas></div></figure>\n";
}

}  // namespace

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

json axis_json(const ChartAxis& a, std::optional<double> suggested_min = std::nullopt,
               std::optional<double> suggested_max = std::nullopt) {
  json out{{"title", a.title}, {"logarithmic", a.logarithmic}};
  if (suggested_min) out["suggested_min"] = *suggested_min;
  if (suggested_max) out["suggested_max"] = *suggested_max;
  return out;
}

}  // namespace

json chart_json(const Chart& c) {
  json series = json::array();
  for (const auto& s : c.series)
    series.push_back({{"name", s.name},
                      {"data", s.data},
                      {"right_axis", s.right_axis},
                      {"kind", s.kind},
                      {"markers_only", s.markers_only}});
  json out{{"id", c.id},
           {"title", c.title},
           {"type", c.type},
           {"labels", c.labels},
           {"x", axis_json(c.x)},
           {"y", axis_json(c.y, c.y_suggested_min, c.y_suggested_max)},
           {"stacked", c.stacked},
           {"horizontal", c.horizontal},
           {"series", std::move(series)}};
  if (c.y_right) out["y_right"] = axis_json(*c.y_right);
  return out;
}

constexpr const char* kHeading = "stackplan report";

std::string render_html(const Document& doc) {
  json data{{"charts", json::array()}};
  std::string body;
  for (size_t section = 0; section < doc.sections.size(); ++section) {
    const DocSection& s = doc.sections[section];
    body += "<section id=\"section-" + std::to_string(section + 1) + "\">\n<h2>" +
            html_escape(s.title) + "</h2>\n";
    for (const auto& p : s.paragraphs) body += "<p>" + html_escape(p) + "</p>\n";
    // Folded: a page of capacity arithmetic would push the charts off the first screen.
    if (!s.preformatted.empty())
      body += "<details><summary>" + html_escape(s.preformatted_title) + "</summary><pre>" +
              html_escape(s.preformatted) + "</pre></details>\n";
    if (!s.charts.empty()) {
      body += "<div class=\"charts\">\n";
      for (const auto& c : s.charts) {
        const std::string canvas_id = c.id + "-" + std::to_string(section + 1);
        append_chart_html(body, c, canvas_id);
        json spec = chart_json(c);
        spec["id"] = canvas_id;
        data["charts"].push_back(std::move(spec));
      }
      body += "</div>\n";
    }
    for (const auto& t : s.tables) append_table_html(body, t);
    body += "</section>\n";
  }
  // Names come from the user's files and may hold bytes that are not UTF-8.
  const std::string data_text =
      script_safe(data.dump(-1, ' ', false, json::error_handler_t::replace));
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>" + html_escape(doc.title) + "</title>\n<style>" + kStyle + "</style>\n";
  // The tab's title names the contents; the page's heading does not repeat
  // the section headings under it, but lists them when there are several.
  out += "</head>\n<body>\n<main>\n<h1>" + std::string(kHeading) + "</h1>\n";
  if (doc.sections.size() > 1) {
    out += "<nav><ul class=\"contents\">\n";
    for (size_t section = 0; section < doc.sections.size(); ++section)
      out += "<li><a href=\"#section-" + std::to_string(section + 1) + "\">" +
             html_escape(doc.sections[section].title) + "</a></li>\n";
    out += "</ul></nav>\n";
  }
  out += "<ul id=\"errors\" hidden></ul>\n" + body;
  out += "<footer>Charts drawn by Chart.js, embedded in this file under its license:";
  out += "<details><summary>license</summary><pre>" +
         html_escape(std::string(chart_library_license())) + "</pre></details></footer>\n";
  out +=
      "</main>\n<script id=\"report-data\" type=\"application/json\">" + data_text + "</script>\n";
  out += "<script>\n" + std::string(chart_library_js()) + "\n</script>\n";
  out += "<script>" + std::string(kScript) + "</script>\n</body>\n</html>\n";
  return out;
}

std::string render_markdown(const Document& doc) {
  std::string out = "# " + std::string(kHeading) + "\n";
  if (doc.sections.size() > 1) {
    out += "\n";
    for (const auto& s : doc.sections) out += "- " + markdown_cell(s.title) + "\n";
  }
  for (const auto& s : doc.sections) {
    out += "\n## " + s.title + "\n";
    for (const auto& p : s.paragraphs) out += "\n" + p + "\n";
    if (!s.preformatted.empty())
      out += "\n" + s.preformatted_title + ":\n\n```\n" + s.preformatted + "```\n";
    for (const auto& t : s.tables) {
      out += "\n";
      if (!t.caption.empty()) out += "**" + markdown_cell(t.caption) + "**\n\n";
      out += "|";
      for (const auto& h : t.header) out += " " + markdown_cell(h) + " |";
      out += "\n|";
      for (size_t i = 0; i < t.header.size(); ++i) out += "---|";
      out += "\n";
      for (const auto& row : t.rows) {
        out += "|";
        for (const auto& cell : row) out += " " + markdown_cell(cell) + " |";
        out += "\n";
      }
    }
  }
  return out;
}

}  // namespace stackplan::report
