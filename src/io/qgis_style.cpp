#include "io/qgis_style.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace eb::io {

namespace {

// The QGIS release whose file structure these styles follow; any QGIS 3 reads them.
constexpr const char* kQgisVersion = "3.28.0-Firenze";

std::string xml_escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
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
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// "#RRGGBB" as QGIS's "r,g,b,a".
std::string qgis_rgba(const std::string& hex) {
  if (hex.size() != 7 || hex[0] != '#') throw std::invalid_argument("colour is not #RRGGBB: " + hex);
  const auto channel = [&](std::size_t at) { return std::stoi(hex.substr(at, 2), nullptr, 16); };
  return fmt::format("{},{},{},255", channel(1), channel(3), channel(5));
}

std::string option(const char* name, const std::string& value) {
  return fmt::format(R"(            <Option type="QString" name="{}" value="{}"/>)", name, xml_escape(value)) + "\n";
}

std::string symbol_xml(const VectorStyle& s, const std::string& name, const std::string& colour) {
  std::string out;
  switch (s.geometry) {
    case StyleGeometry::point:
      out += fmt::format(R"(      <symbol type="marker" name="{}" alpha="1" clip_to_extent="1" force_rhr="0">)", name);
      out +=
          "\n        <layer class=\"SimpleMarker\" pass=\"0\" enabled=\"1\" locked=\"0\">\n          <Option "
          "type=\"Map\">\n";
      out += option("color", qgis_rgba(colour));
      out += option("name", "circle");
      out += option("outline_color", qgis_rgba(s.outline_colour));
      out += option("outline_style", "solid");
      out += option("outline_width", fmt::format("{:g}", s.outline_width_mm));
      out += option("outline_width_unit", "MM");
      out += option("size", "2.6");
      out += option("size_unit", "MM");
      break;
    case StyleGeometry::line:
      out += fmt::format(R"(      <symbol type="line" name="{}" alpha="1" clip_to_extent="1" force_rhr="0">)", name);
      out +=
          "\n        <layer class=\"SimpleLine\" pass=\"0\" enabled=\"1\" locked=\"0\">\n          <Option "
          "type=\"Map\">\n";
      out += option("line_color", qgis_rgba(colour));
      out += option("line_style", "solid");
      out += option("line_width", fmt::format("{:g}", s.outline_width_mm));
      out += option("line_width_unit", "MM");
      break;
    case StyleGeometry::polygon:
      out += fmt::format(R"(      <symbol type="fill" name="{}" alpha="1" clip_to_extent="1" force_rhr="0">)", name);
      out +=
          "\n        <layer class=\"SimpleFill\" pass=\"0\" enabled=\"1\" locked=\"0\">\n          <Option "
          "type=\"Map\">\n";
      out += option("color", qgis_rgba(s.fill ? colour : "#FFFFFF"));
      out += option("outline_color", qgis_rgba(s.fill ? s.outline_colour : colour));
      out += option("outline_style", "solid");
      out += option("outline_width", fmt::format("{:g}", s.outline_width_mm));
      out += option("outline_width_unit", "MM");
      out += option("style", s.fill ? "solid" : "no");
      break;
  }
  out += "          </Option>\n        </layer>\n      </symbol>\n";
  return out;
}

std::string labeling_xml(const VectorStyle& s) {
  if (s.label_field.empty()) return "";
  return fmt::format(
      R"(  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fieldName="{}" isExpression="0" fontFamily="Noto Sans CJK SC" fontSize="9" fontSizeUnit="Point" textColor="35,35,35,255" textOpacity="1">
        <text-buffer bufferDraw="1" bufferSize="0.8" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="1"/>
      </text-style>
      <placement placement="{}" dist="0" priority="5"/>
      <rendering obstacle="1" drawLabels="1" labelPerPart="0" mergeLines="0" scaleVisibility="0"/>
    </settings>
  </labeling>
)",
      xml_escape(s.label_field), s.geometry == StyleGeometry::polygon ? 1 : 0);
}

int geometry_code(StyleGeometry g) { return g == StyleGeometry::point ? 0 : g == StyleGeometry::line ? 1 : 2; }

std::vector<std::string> split_value(const std::string& value, std::size_t parts) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i + 1 < parts; ++i) {
    const auto slash = value.find('/', start);
    if (slash == std::string::npos) throw std::invalid_argument("category value " + value + " has too few parts");
    out.push_back(value.substr(start, slash - start));
    start = slash + 1;
  }
  out.push_back(value.substr(start));
  return out;
}

std::string sld_symbolizer(const VectorStyle& s, const std::string& colour) {
  const std::string stroke = fmt::format(
      "<se:Stroke><se:SvgParameter name=\"stroke\">{}</se:SvgParameter><se:SvgParameter "
      "name=\"stroke-width\">{:g}</se:SvgParameter></se:Stroke>",
      s.geometry == StyleGeometry::polygon && !s.fill ? colour : s.outline_colour, s.outline_width_mm * 3.78);
  switch (s.geometry) {
    case StyleGeometry::point:
      return fmt::format(
          "<se:PointSymbolizer><se:Graphic><se:Mark><se:WellKnownName>circle</se:WellKnownName><se:Fill><se:"
          "SvgParameter name=\"fill\">{}</se:SvgParameter></se:Fill>{}</se:Mark><se:Size>10</se:Size></se:Graphic></"
          "se:PointSymbolizer>",
          colour, stroke);
    case StyleGeometry::line:
      return fmt::format(
          "<se:LineSymbolizer><se:Stroke><se:SvgParameter name=\"stroke\">{}</se:SvgParameter></se:Stroke></"
          "se:LineSymbolizer>",
          colour);
    case StyleGeometry::polygon:
      return fmt::format(
          "<se:PolygonSymbolizer>{}{}</se:PolygonSymbolizer>",
          s.fill ? fmt::format("<se:Fill><se:SvgParameter name=\"fill\">{}</se:SvgParameter></se:Fill>", colour)
                 : std::string(),
          stroke);
  }
  return "";
}

}  // namespace

std::string category_expression(const std::vector<std::string>& fields) {
  if (fields.size() == 1) return fields.front();
  std::string out;
  for (const std::string& f : fields) out += (out.empty() ? "" : " || '/' || ") + ("coalesce(\"" + f + "\", '')");
  return out;
}

std::string vector_qml(const VectorStyle& s) {
  std::string out = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n";
  out += fmt::format(R"(<qgis version="{}" styleCategories="Symbology|Labeling" labelsEnabled="{}">)", kQgisVersion,
                     s.label_field.empty() ? 0 : 1);
  out += "\n";
  if (s.category_fields.empty()) {
    out += R"(  <renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0">)";
    out += "\n    <symbols>\n" + symbol_xml(s, "0", s.fill ? s.fill_colour : s.outline_colour) + "    </symbols>\n";
  } else {
    out += fmt::format(
        R"(  <renderer-v2 type="categorizedSymbol" attr="{}" symbollevels="0" enableorderby="0" forceraster="0">)",
        xml_escape(category_expression(s.category_fields)));
    out += "\n    <categories>\n";
    for (std::size_t i = 0; i < s.categories.size(); ++i)
      out += fmt::format(R"(      <category render="true" symbol="{}" value="{}" label="{}" type="string"/>)", i,
                         xml_escape(s.categories[i].value), xml_escape(s.categories[i].name(s.zh))) +
             "\n";
    out += "    </categories>\n    <symbols>\n";
    for (std::size_t i = 0; i < s.categories.size(); ++i)
      out += symbol_xml(s, std::to_string(i), s.categories[i].colour);
    out += "    </symbols>\n    <source-symbol>\n" + symbol_xml(s, "0", "#BDBDBD") + "    </source-symbol>\n";
  }
  out += "  </renderer-v2>\n";
  out += labeling_xml(s);
  out += fmt::format("  <layerGeometryType>{}</layerGeometryType>\n</qgis>\n", geometry_code(s.geometry));
  return out;
}

std::string vector_sld(const VectorStyle& s) {
  std::string out = R"(<?xml version="1.0" encoding="UTF-8"?>
<StyledLayerDescriptor xmlns="http://www.opengis.net/sld" version="1.1.0" xmlns:ogc="http://www.opengis.net/ogc" xmlns:se="http://www.opengis.net/se" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.opengis.net/sld http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd">
)";
  out += fmt::format("  <NamedLayer>\n    <se:Name>{0}</se:Name>\n    <UserStyle>\n      <se:Name>{0}</se:Name>\n",
                     xml_escape(s.layer));
  out += "      <se:FeatureTypeStyle>\n";
  if (s.category_fields.empty()) {
    out += "        <se:Rule><se:Name>" + xml_escape(s.layer) + "</se:Name>" +
           sld_symbolizer(s, s.fill ? s.fill_colour : s.outline_colour) + "</se:Rule>\n";
  }
  for (const standards::StyleClass& c : s.categories) {
    const auto values = split_value(c.value, s.category_fields.size());
    std::string filter;
    for (std::size_t i = 0; i < values.size(); ++i)
      filter += fmt::format(
          "<ogc:PropertyIsEqualTo><ogc:PropertyName>{}</ogc:PropertyName><ogc:Literal>{}</ogc:Literal></"
          "ogc:PropertyIsEqualTo>",
          xml_escape(s.category_fields[i]), xml_escape(values[i]));
    if (values.size() > 1) filter = "<ogc:And>" + filter + "</ogc:And>";
    out += fmt::format(
        "        <se:Rule><se:Name>{0}</se:Name><se:Description><se:Title>{0}</se:Title></se:Description><ogc:Filter "
        "xmlns:ogc=\"http://www.opengis.net/ogc\">{1}</ogc:Filter>{2}</se:Rule>\n",
        xml_escape(c.name(s.zh)), filter, sld_symbolizer(s, c.colour));
  }
  if (!s.label_field.empty()) {
    out += fmt::format(
        "        <se:Rule><se:TextSymbolizer><se:Label><ogc:PropertyName>{}</ogc:PropertyName></se:Label><se:Font><se:"
        "SvgParameter name=\"font-size\">12</se:SvgParameter></se:Font><se:Halo><se:Radius>1</se:Radius><se:Fill><se:"
        "SvgParameter name=\"fill\">#FFFFFF</se:SvgParameter></se:Fill></se:Halo></se:TextSymbolizer></se:Rule>\n",
        xml_escape(s.label_field));
  }
  out += "      </se:FeatureTypeStyle>\n    </UserStyle>\n  </NamedLayer>\n</StyledLayerDescriptor>\n";
  return out;
}

std::string paletted_raster_qml(const std::vector<standards::StyleClass>& classes, bool zh) {
  std::string out = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n";
  out += fmt::format(R"(<qgis version="{}" styleCategories="Symbology">)", kQgisVersion);
  out += R"(
  <pipe>
    <rasterrenderer type="paletted" band="1" opacity="1" alphaBand="-1" nodataColor="">
      <rasterTransparency/>
      <colorPalette>
)";
  for (const standards::StyleClass& c : classes)
    out += fmt::format(R"(        <paletteEntry value="{}" color="{}" alpha="255" label="{}"/>)", xml_escape(c.value),
                       xml_escape(c.colour), xml_escape(c.name(zh))) +
           "\n";
  out += R"(      </colorPalette>
    </rasterrenderer>
    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
    <huesaturation saturation="0" grayscaleMode="0" invertColors="0" colorizeOn="0" colorizeRed="255" colorizeGreen="128" colorizeBlue="128" colorizeStrength="100"/>
    <rasterresampler maxOversampling="2"/>
    <resamplingStage>resamplingFilter</resamplingStage>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
)";
  return out;
}

}  // namespace eb::io
