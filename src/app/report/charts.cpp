#include "app/report/charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "app/report/bulletin.hpp"
#include "engine/vector/map_projection.hpp"
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

std::string map_note_text(const std::string& configured, bool zh) {
  if (!configured.empty()) return configured;
  return zh ? "边界为示意，非标准地图（未经审图，无审图号），不作为国界和行政区域界线的依据。"
            : "Boundaries are schematic and not from a standard map (not reviewed, no map approval number 审图号); "
              "not an authority on national or administrative borders.";
}

double scale_bar_length_m(double max_metres) {
  if (!(max_metres >= 1000)) return 1000;
  const double p = std::pow(10.0, std::floor(std::log10(max_metres)));
  for (double m : {5.0, 2.0, 1.0})
    if (m * p <= max_metres) return m * p;
  return p;
}

namespace {

// The drawn width of `text` at `font_size` px: CJK characters a full em, others about half (the browsers' sans
// fonts), to keep labels apart and wrap the note.
double text_width(std::string_view text, double font_size) {
  double em = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    em += len >= 3 ? 1.0 : 0.56;
    i += len;
  }
  return em * font_size;
}

// `text` in lines no wider than `max_width` px: broken at the last space or after the last Chinese comma,
// semicolon or enumeration comma that fits, else between two characters (CJK needs no space to break).
std::vector<std::string> wrap_text(const std::string& text, double font_size, double max_width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t break_at = std::string::npos, resume_at = 0;  // in `line`: where to cut, where the next line starts
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    const std::string_view ch(text.data() + i, len);
    line += ch;
    i += len;
    if (ch == " ") {
      break_at = line.size() - 1;
      resume_at = line.size();
    } else if (ch == "，" || ch == "；" || ch == "、") {
      break_at = resume_at = line.size();
    }
    if (text_width(line, font_size) > max_width) {
      if (break_at == std::string::npos || break_at == 0) break_at = resume_at = line.size() - len;
      lines.push_back(line.substr(0, break_at));
      line = line.substr(resume_at);
      break_at = std::string::npos;
    }
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

struct LabelBox {
  double x0, y0, x1, y1;
  bool overlaps(const LabelBox& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

std::string degrees(double v, bool lon) {
  const char* hemisphere = lon ? (v < 0 ? "W" : "E") : (v < 0 ? "S" : "N");
  return fmt::format("{:.1f}°{}", std::fabs(v), hemisphere);
}

}  // namespace

std::string choropleth_map(const std::vector<MapUnit>& units, const MapOptions& o) {
  if (!o.classes) throw std::logic_error("choropleth_map: no classes");
  const int width = 660, legend_w = 210, margin = 10;
  engine::LonLatExtent lonlat{std::numeric_limits<double>::max(), std::numeric_limits<double>::max(),
                              std::numeric_limits<double>::lowest(), std::numeric_limits<double>::lowest()};
  const auto widen = [&](double lon, double lat) -> engine::PlanePoint {
    lonlat.min_lon = std::min(lonlat.min_lon, lon);
    lonlat.max_lon = std::max(lonlat.max_lon, lon);
    lonlat.min_lat = std::min(lonlat.min_lat, lat);
    lonlat.max_lat = std::max(lonlat.max_lat, lat);
    return {lon, lat};
  };
  for (const auto& u : units)
    if (!u.wkb.empty()) engine::plane_outline(u.wkb, widen, 0);
  if (lonlat.min_lon > lonlat.max_lon) return "";

  // Equal area: a unit's share of the page is its share of the ground.
  const engine::EqualAreaProjection projection(engine::albers_fitted_to(lonlat));
  double min_x = std::numeric_limits<double>::max(), max_x = std::numeric_limits<double>::lowest(), min_y = min_x,
         max_y = max_x;
  const auto projected_extent = [&](double lon, double lat) {
    const auto p = projection.forward(lon, lat);
    min_x = std::min(min_x, p.first);
    max_x = std::max(max_x, p.first);
    min_y = std::min(min_y, p.second);
    max_y = std::max(max_y, p.second);
    return p;
  };
  for (const auto& u : units)
    if (!u.wkb.empty()) engine::plane_outline(u.wkb, projected_extent, 0);
  const double map_w = width - legend_w - 2 * margin;
  // The map fills its width, unless that would make it taller than 520 px (a region long from north to south).
  const double px_per_m = map_w / std::max({max_x - min_x, (max_y - min_y) * map_w / 520, 1.0});
  const double map_h = (max_y - min_y) * px_per_m;
  const double top = 34;  // room for the north arrow above the outlines
  auto px = [&](double lon, double lat) -> engine::PlanePoint {
    const auto p = projection.forward(lon, lat);
    return {margin + (p.first - min_x) * px_per_m, top + (max_y - p.second) * px_per_m};
  };

  // Under the map: the scale bar, then the projection and the note, wrapped to the page.
  const double note_font = 10, note_line = 13;
  const auto& par = projection.parameters();
  const std::string projection_text =
      o.zh ? fmt::format("投影：Albers 等积圆锥投影（WGS 84 椭球，中央经线 {}，标准纬线 {}、{}）",
                         degrees(par.lon_0, true), degrees(par.lat_1, false), degrees(par.lat_2, false))
           : fmt::format(
                 "Projection: Albers equal-area conic (WGS 84 ellipsoid, central meridian {}, standard "
                 "parallels {} and {})",
                 degrees(par.lon_0, true), degrees(par.lat_1, false), degrees(par.lat_2, false));
  std::vector<std::string> under = wrap_text(projection_text, note_font, width - 2 * margin);
  for (auto& line : wrap_text(o.note, note_font, width - 2 * margin)) under.push_back(std::move(line));
  const standards::MapClasses& classes = *o.classes;
  const std::vector<std::string> legend_note = wrap_text(o.legend_note, 10, legend_w - 10);
  // The hollow units' line is long (the dashboard's words): wrapped to the legend's width beside its swatch.
  const std::vector<std::string> partial_lines = wrap_text(o.partial_label, 12, legend_w - 30);
  const double legend_bottom = 20 + 14.0 * static_cast<double>(legend_note.size()) +
                               20.0 * static_cast<double>(classes.classes.size() + 1 + !partial_lines.empty()) +
                               14.0 * static_cast<double>(partial_lines.size() > 1 ? partial_lines.size() - 1 : 0) + 6;
  // The notes span the page's width: below the map and the legend both.
  const double scale_y = std::max(top + map_h, legend_bottom) + 22;
  const int height = static_cast<int>(scale_y + 10 + note_line * static_cast<double>(under.size()));

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

  // Labels at a point inside each unit, on a white halo; one that would cover a placed label moves up or down a
  // line (the first free place), and stays where it is when none is free, the halo keeping it legible.
  const double label_font = 10;
  std::vector<LabelBox> placed;
  s += "<g class=\"map-labels\" font-size=\"10\" text-anchor=\"middle\" stroke=\"#ffffff\" stroke-width=\"3\" "
       "stroke-linejoin=\"round\" paint-order=\"stroke\">";
  for (const auto& u : units) {
    if (u.wkb.empty() || u.name.empty()) continue;
    const auto at = engine::plane_label_point(u.wkb, px);
    if (!at) continue;
    const double half_w = text_width(u.name, label_font) / 2 + 1;
    LabelBox box{};
    for (double dy : {0.0, 11.0, -11.0, 22.0, -22.0}) {
      box = {at->first - half_w, at->second + dy - 8, at->first + half_w, at->second + dy + 3};
      if (std::none_of(placed.begin(), placed.end(), [&](const LabelBox& b) { return b.overlaps(box); })) break;
      if (dy == -22.0) box = {at->first - half_w, at->second - 8, at->first + half_w, at->second + 3};
    }
    placed.push_back(box);
    s += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" data-code=\"{}\">{}</text>", at->first, box.y1 - 3,
                     html_escape(u.code), html_escape(u.name));
  }
  s += "</g>";

  // North arrow in the top-left corner, turned to the direction of true north at the map's centre (a conic's
  // meridians converge: north is upright only on the central meridian).
  const double centre_lon = (lonlat.min_lon + lonlat.max_lon) / 2, centre_lat = (lonlat.min_lat + lonlat.max_lat) / 2;
  const double north = projection.north_bearing_deg(centre_lon, centre_lat);
  s += fmt::format(
      "<g class=\"north-arrow\" transform=\"translate({} {}) rotate({:.1f})\"><title>{}</title>"
      "<path d=\"M0 -13L6 7L0 3L-6 7Z\" fill=\"#1d2733\"/><text x=\"0\" y=\"-16\" text-anchor=\"middle\" "
      "font-size=\"11\" font-weight=\"600\">{}</text></g>",
      margin + 14, 30, north, o.zh ? "指北针" : "north arrow", o.zh ? "北" : "N");

  // Scale bar: a round length in projected kilometres, at most a quarter of the map's width. An equal-area conic
  // keeps areas, not distances: the bar is true along the standard parallels and within a few percent elsewhere
  // in a region this size.
  const double bar_m = scale_bar_length_m(map_w / 4 / px_per_m), bar_px = bar_m * px_per_m;
  const double bx = margin + 4;
  const std::string km = num(bar_m / 1000);
  s += fmt::format(
      "<g class=\"scale-bar\" font-size=\"10\" fill=\"#1d2733\"><title>{}</title>"
      "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"4\" fill=\"#1d2733\"/>"
      "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"4\" fill=\"#ffffff\" stroke=\"#1d2733\" "
      "stroke-width=\"0.8\"/>"
      "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">0</text>"
      "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{} km</text></g>",
      o.zh ? "比例尺" : "scale bar", bx, scale_y, bar_px / 2, bx + bar_px / 2, scale_y, bar_px / 2, bx, scale_y - 3,
      bx + bar_px, scale_y - 3, km);
  double ny = scale_y + 4 + note_line;
  s += "<g class=\"map-note\" font-size=\"10\" fill=\"#52606d\">";
  for (const auto& line : under) {
    s += fmt::format("<text x=\"{}\" y=\"{:.1f}\">{}</text>", margin, ny, html_escape(line));
    ny += note_line;
  }
  s += "</g>";

  // Legend: every class with its range and label, then "no data".
  const int lx = width - legend_w + 6;
  int ly = 20;
  s += fmt::format("<text x=\"{}\" y=\"{}\" font-weight=\"600\">{}</text>", lx, ly, html_escape(o.legend_title));
  for (const auto& line : legend_note) {
    ly += 14;
    s += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"10\" fill=\"#b3261e\">{}</text>", lx, ly, html_escape(line));
  }
  for (std::size_t c = 0; c < classes.classes.size(); ++c) {
    const auto& cls = classes.classes[c];
    ly += 20;
    s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"14\" fill=\"{}\" stroke=\"#9aa5b1\"/>", lx, ly - 11,
                     cls.colour);
    s += fmt::format("<text x=\"{}\" y=\"{}\">{} <tspan font-size=\"10\" fill=\"#52606d\">{}</tspan></text>", lx + 20,
                     ly, html_escape(class_range(classes, c)), html_escape(o.zh ? cls.label_zh : cls.label_en));
  }
  if (!partial_lines.empty()) {
    ly += 20;
    s += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"14\" fill=\"#ffffff\" stroke=\"#52606d\" "
        "stroke-dasharray=\"3 2\"/>",
        lx, ly - 11);
    for (std::size_t i = 0; i < partial_lines.size(); ++i) {
      if (i) ly += 14;
      s += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>", lx + 20, ly, html_escape(partial_lines[i]));
    }
  }
  ly += 20;
  s += fmt::format(
      "<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"14\" fill=\"#e6e6e6\" stroke=\"#9aa5b1\"/><text x=\"{}\" "
      "y=\"{}\">{}</text>",
      lx, ly - 11, lx + 20, ly, html_escape(o.no_data_label));
  return s + "</svg>";
}

}  // namespace eb::app::report
