// Who may do what (data/standards/access_roles.csv): for each action and role, the scope in which the role may do
// it. The matrix is policy kept as data, so a department changes it in one file; the server's checks and the
// security tests both read it (docs/security.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace eb::standards {

// none: never; own: only the account's own things (its submissions, its tokens, the patrols of the chief it is);
// subtree: things of the account's home unit and of the units under it; all: anywhere.
enum class AccessScope { none, own, subtree, all };

// The roles an account may have, in the table's column order (not "anonymous": that is no account).
const std::vector<std::string>& account_roles();
bool is_account_role(std::string_view role);
// The actions of the table, in its row order.
const std::vector<std::string>& access_actions();
// The scope of `role` (an account role or "anonymous") for `action`; throws std::invalid_argument for an action or
// role the table does not know (a programming error: every caller names a row of the table).
AccessScope access_scope(std::string_view role, std::string_view action);
std::string_view scope_name(AccessScope scope);

}  // namespace eb::standards
