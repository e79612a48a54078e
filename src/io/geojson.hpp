// GeoJSON geometries and WKB: text from WKB for the HTTP API's layers (units, protected areas), and WKB from the
// geometries clients submit (a project's outline, a patrol's track).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace eb::io {

// The geometry as a GeoJSON object (RFC 7946: lon/lat), coordinates rounded to `decimals` (5: about 1 m).
// Throws InputError for bytes that are not WKB.
std::string geojson_geometry(std::span<const std::uint8_t> wkb, int decimals = 5);

// A GeoJSON geometry object (RFC 7946: lon/lat WGS 84) as 2D ISO WKB, when its type is one of `types`
// ("Polygon", "MultiPolygon", "LineString", "MultiLineString", ...), every coordinate is a longitude -180..180 and
// a latitude -90..90, every line has at least 2 points and every ring at least 4. Throws InputError saying which
// of these fails (without a field name: the caller adds it).
std::vector<std::uint8_t> wkb_from_geojson(const std::string& geometry, const std::vector<std::string_view>& types);

}  // namespace eb::io
