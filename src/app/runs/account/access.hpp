// The one place a run asks whether an account may do an action on a thing of a unit: the role's scope from
// data/standards/access_roles.csv (standards/access.hpp), applied to the account's home unit and the
// workspace's hierarchy (docs/security.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "app/runs/account/principal.hpp"
#include "store/workspace.hpp"

namespace eb::app::runs {

// Whether `unit` is `root` or a unit under it in the workspace's hierarchy.
bool unit_within(store::Workspace& ws, const std::string& unit, const std::string& root);

// Whether `who` (none: an anonymous visitor) may do `action` on a thing of `unit_code`; `own` says whether the
// thing is the account's own (its submission, its token, a patrol of the chief it is): the `own` scope allows only
// those, `subtree` those of the home unit and below (own things outside it included), `all` everything.
bool has_access(store::Workspace& ws, const std::optional<Principal>& who, std::string_view action,
                const std::string& unit_code, bool own = false);
// As has_access; throws AuthError when nobody is signed in and the action needs an account, PermissionError
// naming the action and the unit otherwise.
void require_access(store::Workspace& ws, const std::optional<Principal>& who, std::string_view action,
                    const std::string& unit_code, bool own = false);
// Whether the role may do the action anywhere at all (scope other than none): what a list endpoint checks before
// it filters rows with has_access.
bool may_ever(const std::optional<Principal>& who, std::string_view action);

}  // namespace eb::app::runs
