#include "app/serve/submissions.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "app/runs/submission/submission.hpp"
#include "app/serve/parameters.hpp"
#include "app/serve/request_parsing.hpp"
#include "app/serve/result.hpp"
#include "app/table/table.hpp"
#include "core/error.hpp"

namespace eb::app::serve {

namespace {

Response json_answer(int status, const nlohmann::json& body) { return json_response(status, body, "no-store"); }

// The id of /api/v1/submissions/ID[/verb]; anything else names no submission.
std::int64_t submission_id(std::string_view text) {
  if (const auto id = positive_id(text)) return *id;
  throw NotFoundError(fmt::format("no submission \"{}\"", std::string(text.substr(0, 40))));
}

void method_must_be(const Request& request, std::initializer_list<const char*> methods) {
  for (const char* m : methods)
    if (request.method == m) return;
  throw ApiError(405, "method_not_allowed", fmt::format("{} does not take {}", request.path, request.method));
}

std::optional<std::string> query_text(const Request& request, const char* name) {
  const auto it = request.query.find(name);
  if (it == request.query.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

}  // namespace

Response answer_submissions(store::Workspace& ws, const runs::Principal& who, const Request& request,
                            const nlohmann::json& body) {
  constexpr std::string_view base = "/api/v1/submissions";
  const std::string_view rest = std::string_view(request.path).substr(base.size());
  if (rest.empty()) {
    if (request.method == "POST") {
      if (!body.contains("kind") || !body["kind"].is_string()) throw FieldError("kind", "kind: required");
      if (!body.contains("record") || !body["record"].is_object())
        throw FieldError("record", "record: required, a JSON object");
      const store::Submission s = runs::run_submit(ws, who, body["kind"].get<std::string>(), body["record"]);
      // A repeat of a waiting submission (a retry after a lost answer) is that submission, not a new one.
      return json_answer(s.repeated ? 200 : 201, runs::submission_json(s));
    }
    method_must_be(request, {"GET", "HEAD"});
    runs::SubmissionQuery q;
    q.status = query_text(request, "status");
    q.kind = query_text(request, "kind");
    q.unit = query_text(request, "unit");
    q.mine = query_text(request, "mine").value_or("0") == "1";
    // Pages as the table endpoints cut them (page from 1, page_size 1-1000, default 100), newest first.
    const int page = integer("page", query_text(request, "page").value_or("1"), 1, 1000000);
    const int page_size = integer("page_size", query_text(request, "page_size").value_or("100"), 1, 1000);
    const auto all = runs::run_submissions(ws, who, q);
    nlohmann::json rows = nlohmann::json::array();
    const std::size_t first = static_cast<std::size_t>(page - 1) * static_cast<std::size_t>(page_size);
    for (std::size_t i = first; i < all.size() && i < first + static_cast<std::size_t>(page_size); ++i)
      rows.push_back(runs::submission_json(all[i]));
    const std::size_t pages =
        (all.size() + static_cast<std::size_t>(page_size) - 1) / static_cast<std::size_t>(page_size);
    return json_answer(
        200, nlohmann::json{
                 {"submissions", rows},
                 {"page", {{"page", page}, {"page_size", page_size}, {"total_rows", all.size()}, {"pages", pages}}}});
  }
  if (rest.front() != '/') throw NotFoundError(fmt::format("no endpoint {}", request.path));
  std::string_view id_text = rest.substr(1);
  std::string_view verb;
  if (const std::size_t slash = id_text.find('/'); slash != std::string_view::npos) {
    verb = id_text.substr(slash + 1);
    id_text = id_text.substr(0, slash);
  }
  const std::int64_t id = submission_id(id_text);
  if (verb.empty()) {
    method_must_be(request, {"GET", "HEAD"});
    return json_answer(200, runs::submission_json(runs::run_submission(ws, who, id)));
  }
  if (verb == "approve") {
    method_must_be(request, {"POST"});
    return json_answer(200, runs::submission_json(runs::run_approve(ws, who, id)));
  }
  if (verb == "return") {
    method_must_be(request, {"POST"});
    std::string reason;
    if (body.contains("reason") && body["reason"].is_string()) reason = body["reason"].get<std::string>();
    return json_answer(200, runs::submission_json(runs::run_return(ws, who, id, reason)));
  }
  throw NotFoundError(fmt::format("no endpoint {}", request.path));
}

}  // namespace eb::app::serve
