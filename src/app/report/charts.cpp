#include "app/report/charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "app/report/bulletin.hpp"
#include "engine/vector/outline.hpp"

namespace eb::app::report {

namespace {

double nice_ceiling(double max) {
  if (!(max > 0)) return 1;
  const double p = std::pow(10.0, std::floor(std::log10(max)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * p >= max) return m * p;
  return 10 * p;
}

std::string num(double v) {
  if (std::fabs(v - std::round(v)) < 1e-9) return fmt::format("{:.0f}", v);
  return fmt::format("{:.1f}", v);
}

std::string svg_open(int width, int height, const std::string& title) {
  return fmt::format(
      "<svg viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" "
      "font-size=\"12\" fill=\"#1d2733\"><title>{}</title>",
      width, height, width, height, html_escape(title));
}

// "≤ 15", "15–35", "> 70" for classes closed above; "< 60", "60–70", "≥ 95" for classes closed below.
std::string class_range(const standards::MapClasses& m, std::size_t i) {
  const auto& c = m.classes[i];
  if (!c.lower) return fmt::format("{} {}", m.upper_closed ? "≤" : "<", *c.upper);
  if (!c.upper) return fmt::format("{} {}", m.upper_closed ? ">" : "≥", *c.lower);
  return fmt::format("{}–{}", *c.lower, *c.upper);
}

}  // namespace

std::string bar_chart(const std::vector<BarDatum>& data, const BarChartOptions& o) {
  const int label_w = 150, value_w = 70, width = 660, row_h = 24, top = 28, bottom = 34;
  const int plot_w = width - label_w - value_w;
  const int height = top + bottom + row_h * static_cast<int>(std::max<std::size_t>(data.size(), 1));
  double max = o.reference.value_or(0);
  for (const auto& d : data) max = std::max(max, d.value);
  const double top_value = nice_ceiling(max * 1.05);
  auto x_of = [&](double v) { return label_w + plot_w * std::clamp(v / top_value, 0.0, 1.0); };
  std::string s = svg_open(width, height, o.title);
  // Grid and axis ticks.
  for (int i = 0; i <= 5; ++i) {
    const double v = top_value * i / 5, x = x_of(v);
    s += fmt::format("<line x1=\"{:.1f}\" y1=\"{}\" x2=\"{:.1f}\" y2=\"{}\" stroke=\"#d5dbe1\"/>", x, top - 4, x,
                     height - bottom);
    s += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" fill=\"#5b6673\">{}</text>", x,
                     height - bottom + 16, num(v));
  }
  s += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#5b6673\">{}</text>", label_w + plot_w / 2,
                   height - 4, html_escape(o.unit));
  for (std::size_t i = 0; i < data.size(); ++i) {
    const auto& d = data[i];
    const int y = top + row_h * static_cast<int>(i);
    const double w = x_of(d.value) - label_w;
    s +=
        fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", label_w - 8, y + 16, html_escape(d.label));
    s += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1.5\"/>",
        label_w, y + 4, std::max(w, 0.5), row_h - 8, d.hollow ? "#ffffff" : o.colour, o.colour);
    s += fmt::format("<text x=\"{:.1f}\" y=\"{}\">{}</text>", label_w + w + 5, y + 16, html_escape(d.value_text));
  }
  if (o.reference) {
    const double x = x_of(*o.reference);
    s += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"#b3261e\" stroke-width=\"1.5\" "
        "stroke-dasharray=\"5 3\"/><text x=\"{0:.1f}\" y=\"{3}\" text-anchor=\"middle\" fill=\"#b3261e\">{4}</text>",
        x, top - 4, height - bottom, top - 10, html_escape(o.reference_label));
  }
  return s + "</svg>";
}

std::string line_chart(const std::vector<LinePoint>& points, const LineChartOptions& o) {
  const int width = 660, height = 250, left = 56, right = 24, top = 24, bottom = 40;
  const int plot_w = width - left - right, plot_h = height - top - bottom;
  double max = o.reference.value_or(0);
  for (const auto& p : points) max = std::max(max, p.y);
  const double top_value = nice_ceiling(max * 1.1);
  const std::size_t n = points.size();
  auto x_of = [&](std::size_t i) { return left + (n <= 1 ? plot_w / 2.0 : plot_w * static_cast<double>(i) / (n - 1)); };
  auto y_of = [&](double v) { return top + plot_h * (1 - std::clamp(v / top_value, 0.0, 1.0)); };
  std::string s = svg_open(width, height, o.title);
  for (int i = 0; i <= 4; ++i) {
    const double v = top_value * i / 4, y = y_of(v);
    s += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#d5dbe1\"/>", left, y,
                     width - right, y);
    s += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" fill=\"#5b6673\">{}</text>", left - 6, y + 4,
                     num(v));
  }
  s += fmt::format(
      "<text x=\"12\" y=\"{}\" fill=\"#5b6673\" transform=\"rotate(-90 12 {})\" text-anchor=\"middle\">{}</text>",
      top + plot_h / 2, top + plot_h / 2, html_escape(o.unit));
  if (o.reference) {
    const double y = y_of(*o.reference);
    s += fmt::format(
        "<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#b3261e\" stroke-dasharray=\"5 3\"/>"
        "<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" fill=\"#b3261e\">{}</text>",
        left, y, width - right, y, width - right, y - 4, html_escape(o.reference_label));
  }
  std::string path;
  for (std::size_t i = 0; i < n; ++i)
    path += fmt::format("{}{:.1f},{:.1f}", i ? " L" : "M", x_of(i), y_of(points[i].y));
  if (n > 1) s += fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>", path, o.colour);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& p = points[i];
    s += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"{}\" stroke=\"{}\" stroke-width=\"2\"/>",
                     x_of(i), y_of(p.y), p.hollow ? "#ffffff" : o.colour, o.colour);
    s += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>", x_of(i), y_of(p.y) - 9,
                     html_escape(p.y_text));
    s += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" fill=\"#5b6673\">{}</text>", x_of(i),
                     height - bottom + 18, html_escape(p.x_label));
  }
  return s + "</svg>";
}

std::string stacked_bar_chart(const std::vector<StackedRow>& rows, const std::vector<std::string>& categories,
                              const std::vector<std::string>& colours, const std::string& title) {
  const int label_w = 150, width = 660, row_h = 24, top = 10, legend_h = 44;
  const int plot_w = width - label_w - 20;
  const int height = top + row_h * static_cast<int>(rows.size()) + legend_h;
  std::string s = svg_open(width, height, title);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const int y = top + row_h * static_cast<int>(i);
    s += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", label_w - 8, y + 16,
                     html_escape(rows[i].label));
    double x = label_w;
    for (std::size_t c = 0; c < rows[i].shares.size() && c < colours.size(); ++c) {
      const double w = plot_w * std::clamp(rows[i].shares[c], 0.0, 100.0) / 100;
      if (w <= 0) continue;
      s += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"><title>{} {:.1f}%</title></rect>", x,
          y + 4, w, row_h - 8, colours[c], html_escape(categories[c]), rows[i].shares[c]);
      if (w > 28)
        s += fmt::format(
            "<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" font-size=\"10\" fill=\"{}\">{:.0f}%</text>", x + w / 2,
            y + 15, c >= 3 ? "#ffffff" : "#1d2733", rows[i].shares[c]);
      x += w;
    }
  }
  const int ly = top + row_h * static_cast<int>(rows.size()) + 16;
  for (std::size_t c = 0; c < categories.size() && c < colours.size(); ++c) {
    const int lx = label_w + static_cast<int>(c) * 78;
    s +=
        fmt::format("<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"{}\">{}</text>",
                    lx, ly, colours[c], lx + 16, ly + 11, html_escape(categories[c]));
  }
  return s + "</svg>";
}

std::string choropleth_map(const std::vector<MapUnit>& units, const MapOptions& o) {
  const int width = 660, legend_w = 210;
  double min_lon = std::numeric_limits<double>::max(), max_lon = -min_lon, min_lat = min_lon, max_lat = -min_lon;
  auto extent = [&](double lon, double lat) -> engine::PlanePoint {
    min_lon = std::min(min_lon, lon);
    max_lon = std::max(max_lon, lon);
    min_lat = std::min(min_lat, lat);
    max_lat = std::max(max_lat, lat);
    return {lon, lat};
  };
  for (const auto& u : units)
    if (!u.wkb.empty()) engine::plane_outline(u.wkb, extent, 0);
  if (min_lon > max_lon) return "";
  const double k = std::cos((min_lat + max_lat) / 2 * 3.14159265358979323846 / 180);
  const double map_w = width - legend_w - 20;
  const double scale = map_w / std::max((max_lon - min_lon) * k, 1e-9);
  const int height = std::max(220, static_cast<int>((max_lat - min_lat) * scale) + 20);
  auto px = [&](double lon, double lat) -> engine::PlanePoint {
    return {10 + (lon - min_lon) * k * scale, 10 + (max_lat - lat) * scale};
  };
  if (!o.classes) throw std::logic_error("choropleth_map: no classes");
  const standards::MapClasses& classes = *o.classes;
  auto fill_of = [&](double v) {
    const auto cls = classes.classify(v);
    return cls ? classes.classes[*cls].colour : std::string("#e6e6e6");
  };
  std::string s = svg_open(width, height, o.title);
  for (const auto& u : units) {
    std::string d;
    if (u.wkb.empty()) continue;
    // Simplified on the page to about a pixel: finer detail cannot be seen and would only make the file larger.
    for (const auto& poly : engine::plane_outline(u.wkb, px, 0.6))
      for (const auto& ring : poly.rings) {
        for (std::size_t i = 0; i + 1 < ring.size(); ++i)
          d += fmt::format("{}{:.1f} {:.1f}", i ? "L" : "M", ring[i].first, ring[i].second);
        d += "Z";
      }
    if (d.empty()) continue;
    const std::string fill = u.value ? fill_of(*u.value) : "#e6e6e6";
    // Part of the period: hollow, the class colour on a dashed outline (the dashboard's rule).
    const bool hollow = u.value && u.partial;
    s += fmt::format(
        "<path d=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"{} fill-rule=\"evenodd\"{}><title>{}: "
        "{}</title></path>",
        d, hollow ? "#ffffff" : fill, hollow ? fill : "#ffffff", hollow ? "1.6" : "0.8",
        hollow ? " stroke-dasharray=\"3 2\"" : "", hollow ? " data-partial=\"yes\"" : "", html_escape(u.name),
        html_escape(u.value ? u.value_text : o.no_data_label));
  }
  // Legend: every class with its range and label, then "no data".
  const int lx = width - legend_w + 6;
  int ly = 20;
  s += fmt::format("<text x=\"{}\" y=\"{}\" font-weight=\"600\">{}</text>", lx, ly, html_escape(o.legend_title));
  for (std::size_t c = 0; c < classes.classes.size(); ++c) {
    const auto& cls = classes.classes[c];
    ly += 20;
    s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"14\" fill=\"{}\" stroke=\"#9aa5b1\"/>", lx, ly - 11,
                     cls.colour);
    s += fmt::format("<text x=\"{}\" y=\"{}\">{} <tspan font-size=\"10\" fill=\"#52606d\">{}</tspan></text>", lx + 20,
                     ly, html_escape(class_range(classes, c)), html_escape(o.zh ? cls.label_zh : cls.label_en));
  }
  if (!o.partial_label.empty()) {
    ly += 20;
    s += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"14\" fill=\"#ffffff\" stroke=\"#52606d\" "
        "stroke-dasharray=\"3 2\"/><text x=\"{}\" y=\"{}\">{}</text>",
        lx, ly - 11, lx + 20, ly, html_escape(o.partial_label));
  }
  ly += 20;
  s += fmt::format(
      "<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"14\" fill=\"#e6e6e6\" stroke=\"#9aa5b1\"/><text x=\"{}\" "
      "y=\"{}\">{}</text>",
      lx, ly - 11, lx + 20, ly, html_escape(o.no_data_label));
  return s + "</svg>";
}

}  // namespace eb::app::report
