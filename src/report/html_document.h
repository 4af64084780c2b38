// A report as a document: sections of prose, tables and charts, rendered
// either as one self-contained HTML file (the chart library, the data and
// the script that draws it all inline) or as Markdown tables for pull
// requests and documents (charts left out).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace stackplan::report {

struct DocTable {
  std::string caption;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

// One line of a chart: `data` is a list of numbers (one per label of a
// category axis) or of {x, y} points (a numeric x axis).
struct ChartSeries {
  std::string name;
  nlohmann::json data = nlohmann::json::array();
  bool right_axis = false;    // plotted against the chart's second y axis
  std::string kind;           // "" (the chart's type), "line" or "scatter"
  bool markers_only = false;  // points without a line (break-even marks)
};

// A line (or bars) named `name`; `right_axis` puts it on the second y axis.
inline ChartSeries series(std::string name, bool right_axis = false) {
  ChartSeries s;
  s.name = std::move(name);
  s.right_axis = right_axis;
  return s;
}
// Marked points without a line, e.g. break-even points.
inline ChartSeries markers(std::string name, nlohmann::json points) {
  ChartSeries s = series(std::move(name));
  s.data = std::move(points);
  s.kind = "scatter";
  s.markers_only = true;
  return s;
}

struct ChartAxis {
  std::string title;  // with its unit, e.g. "queue depth (messages)"
  bool logarithmic = false;
};

struct Chart {
  std::string id;  // the canvas id, unique in the document
  std::string title;
  std::string type = "line";        // "line" or "bar"
  std::vector<std::string> labels;  // a category x axis; empty: numeric x
  ChartAxis x, y;
  std::optional<ChartAxis> y_right;
  // The least range the value axis shows (it grows to fit the data), e.g.
  // ±tolerance so that a small error does not fill the chart.
  std::optional<double> y_suggested_min, y_suggested_max;
  bool stacked = false;
  bool horizontal = false;  // bars along x, the categories down the y axis
  bool wide = false;        // the page's whole width (long category labels)
  std::vector<ChartSeries> series;
};

struct DocSection {
  std::string title;
  std::vector<std::string> paragraphs;
  std::string preformatted;  // e.g. explain's plain-text account of the scenario
  std::string preformatted_title;
  std::vector<Chart> charts;
  std::vector<DocTable> tables;
};

struct Document {
  std::string title;
  std::vector<DocSection> sections;
};

// The chart's description for the page's script: what the browser test reads back.
nlohmann::json chart_json(const Chart& chart);

std::string render_html(const Document& doc);
std::string render_markdown(const Document& doc);

// "&", "<", ">", quotes escaped for HTML text and attributes.
std::string html_escape(const std::string& text);

}  // namespace stackplan::report
