#include "app/runs/account/access.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "standards/access.hpp"
#include "store/admin_store.hpp"

namespace eb::app::runs {

bool unit_within(store::Workspace& ws, const std::string& unit, const std::string& root) {
  if (unit == root) return true;
  for (const auto& a : store::ancestors_of(ws, unit))
    if (a.code == root) return true;
  return false;
}

bool has_access(store::Workspace& ws, const std::optional<Principal>& who, std::string_view action,
                const std::string& unit_code, bool own) {
  const standards::AccessScope scope = standards::access_scope(who ? who->role : "anonymous", action);
  switch (scope) {
    case standards::AccessScope::none:
      return false;
    case standards::AccessScope::all:
      return true;
    case standards::AccessScope::own:
      return own;
    case standards::AccessScope::subtree:
      return own || (who && unit_within(ws, unit_code, who->unit_code));
  }
  return false;
}

bool may_ever(const std::optional<Principal>& who, std::string_view action) {
  return standards::access_scope(who ? who->role : "anonymous", action) != standards::AccessScope::none;
}

void require_access(store::Workspace& ws, const std::optional<Principal>& who, std::string_view action,
                    const std::string& unit_code, bool own) {
  if (has_access(ws, who, action, unit_code, own)) return;
  if (!who) throw AuthError(fmt::format("sign in first: {} needs an account", action));
  throw PermissionError(fmt::format("account \"{}\" (role {}, unit {}) may not {} for unit {}", who->name, who->role,
                                    who->unit_code, action, unit_code));
}

}  // namespace eb::app::runs
