// GeoJSON geometry text from WKB, for the HTTP API's layers (units, protected areas).
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace eb::io {

// The geometry as a GeoJSON object (RFC 7946: lon/lat), coordinates rounded to `decimals` (5: about 1 m).
// Throws InputError for bytes that are not WKB.
std::string geojson_geometry(std::span<const std::uint8_t> wkb, int decimals = 5);

}  // namespace eb::io
