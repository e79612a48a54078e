// A table answer of the API before pagination: a run's document as the envelope shows it (docs/api.md, "Table
// envelope").
#pragma once

#include <string>
#include <vector>

#include "app/serve/http_server.hpp"
#include "app/serve/parameters.hpp"
#include "app/table/table.hpp"

namespace eb::app::serve {

struct Result {
  json title, columns, rows, notes;
  json also = json::array();  // the document's other tables, whole
};

// One table with its title and column labels in `lang` (both languages' labels besides) and the given notes.
Result table_result(const Table& t, Lang lang, const std::vector<std::string>& notes = {});

// A run's document as the API answers it: the first part (or the part keyed `part`) is the answer, with the
// document's notes; when no part is named, every other part comes whole under "also" (the ledger's mine-restoration
// balance, say), keyed as the CLI's JSON keys it (parts of a keyed document by their key, others by ""). A 404 when
// the document has no such part.
Result document_result(const Document& doc, Lang lang, const std::string& part = {});

// A JSON answer (the body as one line of text) with its status and Cache-Control.
Response json_response(int status, const json& body, const std::string& cache_control = "no-cache");
// The one error shape: {"error": {status, code, message[, parameter][, field]}}, never stored by a cache.
Response error_response(const ApiError& e);

// One page of a result in the envelope {title, lang, columns, rows, notes, page, query[, also]}.
json table_envelope(const Result& result, const Query& q);

}  // namespace eb::app::serve
