// A result as an Excel workbook (libxlsxwriter): the tables as people see them, one sheet per part, and a notes
// sheet with the document's notes (provenance, rules, SYNTHETIC marks) and what produced it. The CLI writes one
// for `--format xlsx` / `-o FILE.xlsx` (Context::present), the API for `format=xlsx`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/table/lang.hpp"
#include "app/table/table.hpp"

namespace eb::app {

// The bytes of an .xlsx file of `doc` in `lang`. Each part is a sheet named after its title (its key, or
// 结果/result when it has neither): the language's column labels (with units where the document puts them there)
// as a bold header row, frozen,
// with an autofilter; numbers as numbers, shown with the column's decimals ("0.0"); text as text (never run as a
// formula); empty cells empty; columns as wide as their widest text (CJK characters count two). A last sheet
// 说明/notes holds `produced_by` (the command line or API request), each sheet's full title, and the notes.
// IoError when the workbook cannot be written (no space for the temporary file).
std::string xlsx_workbook(const Document& doc, Lang lang, std::string_view produced_by);

// A sheet name Excel accepts, unique among `taken` (compared without case, as Excel does), which it joins: at most
// 31 characters (a longer title without its parenthesised qualifiers, then cut), none of []:*?/\, no leading or
// trailing apostrophe, not empty (`fallback` then).
std::string xlsx_sheet_name(std::string_view wanted, std::string_view fallback, std::vector<std::string>& taken);

}  // namespace eb::app
