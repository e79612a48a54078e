#include "app/runs/workspace/workspace_copy.hpp"

#include <fmt/format.h>

#include <memory>

namespace eb::app::runs {

namespace {

// Tables this big draw a progress bar; smaller ones go by too fast to see.
constexpr std::int64_t kProgressRows = 10000;

}  // namespace

WorkspaceCopyResult run_workspace_copy(const WorkspaceCopyRequest& req, const RunEnv& env) {
  std::unique_ptr<Step> step;
  std::string current;
  store::WorkspaceCopyOptions options;
  options.progress = [&](std::string_view phase, std::string_view table, std::int64_t done, std::int64_t total) {
    const std::string key = std::string(phase) + " " + std::string(table);
    if (key != current) {
      step.reset();
      current = key;
      if (total >= kProgressRows) {
        const bool copying = phase == "copy";
        step = std::make_unique<Step>(env, fmt::format("{} {}", copying ? "复制" : "校验", table),
                                      fmt::format("{} {}", copying ? "copying" : "verifying", table),
                                      static_cast<std::size_t>(total));
      }
    }
    if (step)
      step->update(static_cast<std::size_t>(done));
    else
      env.check_cancel();
  };
  return store::copy_workspace(req.source, req.destination, options);
}

Document workspace_copy_document(const WorkspaceCopyResult& r, Lang l) {
  Table t;
  t.title_zh = "工作空间复制";
  t.title_en = "Workspace copy";
  t.columns = {{"table", "表", "table"}, {"rows", "行数", "rows"}, {"checksum", "校验和", "checksum"}};
  for (const auto& c : r.tables) t.add({c.table, Cell(c.rows), c.sha256.substr(0, 16)});
  Document doc(std::move(t));
  std::int64_t rows = 0;
  for (const auto& c : r.tables) rows += c.rows;
  doc.note(fmt::format("{} → {}: {} {}, {} {} ({} {})", r.source, r.destination, r.tables.size(),
                       tr(l, "张表", "tables"), rows,
                       tr(l, "行，已逐表核对行数和校验和", "rows, each table's count and checksum verified"),
                       tr(l, "架构版本", "schema version"), r.schema_version));
  doc.note(fmt::format("{}: {}; {} {}", tr(l, "总校验和", "checksum"), r.checksum,
                       tr(l, "审计日志条目", "audit log entry"), r.audit_seq));
  if (!r.not_copied.empty()) {
    std::string list;
    for (const auto& n : r.not_copied) list += (list.empty() ? "" : ", ") + n;
    doc.note(
        fmt::format("{}: {}", tr(l, "未复制（目标架构中没有）", "not copied (not in the destination's schema)"), list));
  }
  return doc;
}

}  // namespace eb::app::runs
