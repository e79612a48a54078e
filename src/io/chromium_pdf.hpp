// Printing an HTML file to PDF with headless Chromium (the browser the set-up installs), and reading back where a
// PDF that Chromium wrote puts the targets of its internal links, so a contents list can give their pages.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace eb::io {

// The Chromium executable: $ECOBARRIER_CHROMIUM when set, else the first of chromium, chromium-browser,
// google-chrome-stable and google-chrome on PATH. IoError naming what was looked for when there is none.
std::string find_chromium();

// The PDF bytes of the page `html` (self-contained: it is printed from a temporary file) printed by Chromium
// (`chromium` from find_chromium) in headless mode, with a throwaway profile and without the browser's own header and
// footer (the page's CSS sets the page size, margins and page numbers). IoError when Chromium cannot start, exits with
// an error, runs past `timeout_seconds` (it is then killed with all its processes) or writes no PDF; the message
// carries the end of Chromium's output.
std::string print_html_to_pdf(const std::string& chromium, std::string_view html, int timeout_seconds);

// The page (1-based) of each named destination of a PDF written by Chromium: the elements that the document's
// "#id" links point at, by id. Chromium (Skia) writes the /Dests dictionary and the page tree as plain objects.
// Empty when the PDF has no named destinations; InputError when it has some but its page tree cannot be read.
std::map<std::string, int> pdf_destination_pages(std::string_view pdf);

}  // namespace eb::io
