// The API's submission endpoints (docs/api.md "Accounts, sessions and submissions"): list, read, submit, approve
// and return, each a call of the submission runs (app/runs/submission) for the signed-in account.
#pragma once

#include <nlohmann/json.hpp>

#include "app/runs/account/principal.hpp"
#include "app/serve/http_server.hpp"
#include "store/workspace.hpp"

namespace eb::app::serve {

// The answer to a request for /api/v1/submissions or below; `body` is the request's body as AccountApi parsed and
// checked it (an empty object when there was none). Errors of the runs are thrown as they are (the caller,
// AccountApi, maps them to their statuses).
Response answer_submissions(store::Workspace& ws, const runs::Principal& who, const Request& request,
                            const nlohmann::json& body);

}  // namespace eb::app::serve
