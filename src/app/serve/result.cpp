#include "app/serve/result.hpp"

#include <algorithm>

namespace eb::app::serve {

Result table_result(const Table& t, Lang lang, const std::vector<std::string>& notes) {
  Result r;
  const bool zh = lang == Lang::zh;
  r.title = zh ? t.title_zh : t.title_en;
  r.columns = json::array();
  for (const auto& c : t.columns)
    r.columns.push_back(
        {{"key", c.key}, {"label", zh ? c.label_zh : c.label_en}, {"label_zh", c.label_zh}, {"label_en", c.label_en}});
  r.rows = table_json(t);
  r.notes = notes;
  return r;
}

Result document_result(const Document& doc, Lang lang, const std::string& part) {
  // A part's key as the CLI writes it: only a keyed document's parts carry theirs.
  const auto key_of = [&](const std::string& key) { return doc.keyed ? key : std::string(); };
  const auto answer = std::find_if(doc.parts.begin(), doc.parts.end(),
                                   [&](const auto& p) { return part.empty() || key_of(p.first) == part; });
  if (answer == doc.parts.end()) throw ApiError(404, "no_result", "the command produced no table");
  // Notes as the CLI prints them, one line each without the line's end.
  std::vector<std::string> notes;
  for (const auto& n : doc.notes) notes.push_back(n.ends_with('\n') ? n.substr(0, n.size() - 1) : n);
  Result r = table_result(answer->second, lang, notes);
  if (!part.empty()) return r;
  for (auto p = doc.parts.begin(); p != doc.parts.end(); ++p) {
    if (p == answer) continue;
    const Result other = table_result(p->second, lang);
    r.also.push_back(
        {{"key", key_of(p->first)}, {"title", other.title}, {"columns", other.columns}, {"rows", other.rows}});
  }
  return r;
}

json table_envelope(const Result& result, const Query& q) {
  const std::size_t page = std::stoul(q.at("page")), size = std::stoul(q.at("page_size"));
  const std::size_t total = result.rows.size();
  const std::size_t pages = std::max<std::size_t>(1, (total + size - 1) / size);
  json rows = json::array();
  for (std::size_t i = (page - 1) * size; i < std::min(total, page * size); ++i) rows.push_back(result.rows[i]);
  json query = json::object();
  for (const auto& [k, v] : q) query[k] = v;
  json body = {{"title", result.title},
               {"lang", q.at("lang")},
               {"columns", result.columns},
               {"rows", std::move(rows)},
               {"notes", result.notes},
               {"page", {{"page", page}, {"page_size", size}, {"total_rows", total}, {"pages", pages}}},
               {"query", std::move(query)}};
  if (!result.also.empty()) body["also"] = result.also;
  return body;
}

Response json_response(int status, const json& body, const std::string& cache_control) {
  Response r;
  r.status = status;
  r.cache_control = cache_control;
  r.body = std::make_shared<const std::string>(json_text(body) + "\n");
  return r;
}

Response error_response(const ApiError& e) {
  json err = {{"status", e.status}, {"code", e.code}, {"message", e.what()}};
  if (!e.parameter.empty()) err["parameter"] = e.parameter;
  if (!e.field.empty()) err["field"] = e.field;
  return json_response(e.status, json{{"error", err}}, "no-store");
}

}  // namespace eb::app::serve
