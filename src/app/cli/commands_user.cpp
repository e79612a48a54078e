// ecobarrier user add | list | disable | enable | passwd | set (docs/security.md)
#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "app/cli/context.hpp"
#include "app/runs/account/account.hpp"
#include "core/error.hpp"

namespace eb::app {

namespace {

// One line of standard input, without its line end; on a terminal asked for with the echo off. The password never
// appears on the command line (where `ps` and the shell's history would show it).
std::string read_password() {
  const bool terminal = ::isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (terminal) {
    std::cerr << "password: " << std::flush;
    if (::tcgetattr(STDIN_FILENO, &saved) == 0) {
      termios quiet = saved;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
  }
  std::string line;
  const bool got = static_cast<bool>(std::getline(std::cin, line));
  if (terminal) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << "\n";
  }
  if (!got && line.empty()) throw UsageError("--password-stdin: no password on standard input");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

void add_user_commands(CLI::App& app, Context& ctx) {
  auto* user = app.add_subcommand("user", "Accounts of the shared service (serve): roles scoped to a unit");
  user->require_subcommand(1);
  user->footer(
      "Roles (data/standards/access_roles.csv; docs/security.md): admin, analyst (reads all), reporter (submits for\n"
      "its unit and those under it), approver (approves its unit's and children's submissions), chief (its own\n"
      "patrols), reviewer (data review), viewer. Every change is in the audit log (ecobarrier audit list).");

  struct AddOptions {
    runs::UserAddRequest req;
    std::string chief;
    bool password_stdin = false;
  };
  auto add = std::make_shared<AddOptions>();
  auto* add_cmd = user->add_subcommand("add", "Add an account");
  add_cmd->add_option("WS", add->req.ws, "Workspace")->required();
  add_cmd->add_option("NAME", add->req.name, "Login name (letters, digits, . _ -)")->required();
  add_cmd->add_option("--role", add->req.role, "admin, analyst, reporter, approver, chief, reviewer or viewer")
      ->required();
  add_cmd->add_option("--unit", add->req.unit_code, "Home unit (GB/T 2260 code): the subtree the account acts in")
      ->required();
  add_cmd->add_option("--chief", add->chief, "Role chief: the chief id (chief import) the account is");
  add_cmd->add_flag("--password-stdin", add->password_stdin, "Read the password from standard input (required)")
      ->required();
  add_cmd->add_option("--by", add->req.by, "Who adds it (the audit log's actor; default $ECOBARRIER_ACTOR or $USER)");
  add_cmd->footer(
      "Example:\n  printf '%s\\n' \"$PASSWORD\" | ecobarrier user add ws.gpkg wang.li --role reporter --unit 150102 "
      "--password-stdin\n\nPasswords: at least 10 characters, not the name; stored as an Argon2id hash (libsodium).");
  add_cmd->callback([add, &ctx] {
    if (!add->chief.empty()) add->req.chief_id = add->chief;
    add->req.password = read_password();
    runs::run_user_add(add->req, ctx.run_env());
    std::cerr << fmt::format("{} {} ({}, {})\n", ctx.lang() == Lang::zh ? "已添加账户" : "account added", add->req.name,
                             add->req.role, add->req.unit_code);
  });

  auto ws_list = std::make_shared<std::string>();
  auto* list = user->add_subcommand("list", "The accounts, their roles, units, state and live tokens");
  list->add_option("WS", *ws_list, "Workspace")->required();
  list->callback([ws_list, &ctx] {
    ctx.present(runs::user_list_document(runs::run_user_list(*ws_list, ctx.run_env()), ctx.lang()));
  });

  auto change = [&](const char* name, const char* help) {
    auto req = std::make_shared<runs::UserChangeRequest>();
    auto* cmd = user->add_subcommand(name, help);
    cmd->add_option("WS", req->ws, "Workspace")->required();
    cmd->add_option("NAME", req->name, "The account")->required();
    cmd->add_option("--by", req->by, "Who changes it (the audit log's actor)");
    return std::make_pair(cmd, req);
  };
  {
    const auto made = change("disable", "Disable an account (its sessions and tokens are revoked)");
    auto* cmd = made.first;
    const auto req = made.second;
    cmd->callback([req, &ctx] {
      req->disabled = true;
      runs::run_user_change(*req, ctx.run_env());
    });
  }
  {
    const auto made = change("enable", "Enable a disabled account");
    auto* cmd = made.first;
    const auto req = made.second;
    cmd->callback([req, &ctx] {
      req->disabled = false;
      runs::run_user_change(*req, ctx.run_env());
    });
  }
  {
    const auto made = change("passwd", "Set a new password (read from standard input; revokes every token)");
    auto* cmd = made.first;
    const auto req = made.second;
    auto flag = std::make_shared<bool>(false);
    cmd->add_flag("--password-stdin", *flag, "Read the password from standard input (required)")->required();
    cmd->callback([req, flag, &ctx] {
      req->password = read_password();
      runs::run_user_change(*req, ctx.run_env());
    });
  }
  {
    const auto made = change("set", "Change an account's role, unit or chief (revokes every token)");
    auto* cmd = made.first;
    const auto req = made.second;
    auto role = std::make_shared<std::string>(), unit = std::make_shared<std::string>(),
         chief = std::make_shared<std::string>();
    cmd->add_option("--role", *role, "New role");
    cmd->add_option("--unit", *unit, "New home unit");
    cmd->add_option("--chief", *chief, "New chief id (role chief)");
    cmd->callback([req, role, unit, chief, &ctx] {
      if (role->empty() && unit->empty() && chief->empty())
        throw UsageError("user set: give --role, --unit or --chief");
      if (!role->empty()) req->role = *role;
      if (!unit->empty()) req->unit_code = *unit;
      if (!chief->empty()) req->chief_id = *chief;
      runs::run_user_change(*req, ctx.run_env());
    });
  }
}

}  // namespace eb::app
