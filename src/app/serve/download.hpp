// A table endpoint's result as a file to download: format=csv|xlsx (docs/api.md, "Downloads").
#pragma once

#include <string>

#include "app/serve/parameters.hpp"
#include "app/serve/result.hpp"

namespace eb::app::serve {

// "csv" or "xlsx" when the query of a table route asks for a download; empty for the JSON envelope.
std::string download_format(const Query& q);

// The whole result (not a page) as the file's bytes. csv: the answer's table with its column keys as header, UTF-8
// with a BOM (what Excel needs to read Chinese); xlsx: a workbook with a sheet for the answer and one for each table
// under "also", the labels in the query's language as headers, and a notes sheet with the notes and the request.
// The result holds its tables as JSON: CSV writes its numbers as the JSON has them (shortest form: 35, not 35.0);
// the workbook shows a column's numbers with as many decimals as its values carry.
std::string download_body(const Result& result, const std::string& format, const std::string& route_path,
                          const Query& q);
// text/csv; charset=utf-8 or the XLSX media type.
std::string download_content_type(const std::string& format);
// attachment; filename="v1-air-assessment-2016.xlsx": the path after /api/ with - for /, and the period if any.
std::string download_disposition(const std::string& format, const std::string& route_path, const Query& q);

}  // namespace eb::app::serve
