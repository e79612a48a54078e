#include "standards/access.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "standards/tables.hpp"

namespace eb::standards {

namespace {

struct Matrix {
  std::vector<std::string> roles, actions;
  std::map<std::pair<std::string, std::string>, AccessScope, std::less<>> scope;  // (action, role)
};

AccessScope parse_scope(const std::string& text) {
  if (text == "none") return AccessScope::none;
  if (text == "own") return AccessScope::own;
  if (text == "subtree") return AccessScope::subtree;
  if (text == "all") return AccessScope::all;
  throw std::logic_error("access_roles.csv: unknown scope \"" + text + "\"");
}

const Matrix& matrix() {
  static const Matrix m = [] {
    const DataTable& t = DataTable::get("access_roles.csv");
    Matrix out;
    for (const auto& c : t.columns())
      if (c != "action" && c != "description" && c != "anonymous") out.roles.push_back(c);
    for (std::size_t r = 0; r < t.size(); ++r) {
      const std::string& action = t.at(r, "action");
      out.actions.push_back(action);
      for (const auto& role : out.roles) out.scope[{action, role}] = parse_scope(t.at(r, role));
      out.scope[{action, "anonymous"}] = parse_scope(t.at(r, "anonymous"));
    }
    return out;
  }();
  return m;
}

}  // namespace

const std::vector<std::string>& account_roles() { return matrix().roles; }

bool is_account_role(std::string_view role) {
  const auto& roles = matrix().roles;
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

const std::vector<std::string>& access_actions() { return matrix().actions; }

AccessScope access_scope(std::string_view role, std::string_view action) {
  const auto& m = matrix();
  const auto it = m.scope.find(std::pair<std::string, std::string>(action, role));
  if (it == m.scope.end())
    throw std::invalid_argument("access_roles.csv has no scope for action \"" + std::string(action) + "\" and role \"" +
                                std::string(role) + "\"");
  return it->second;
}

std::string_view scope_name(AccessScope scope) {
  switch (scope) {
    case AccessScope::none:
      return "none";
    case AccessScope::own:
      return "own";
    case AccessScope::subtree:
      return "subtree";
    case AccessScope::all:
      return "all";
  }
  return "none";
}

}  // namespace eb::standards
