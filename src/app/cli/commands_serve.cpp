// ecobarrier serve: the HTTP JSON API over a workspace and the dashboard (docs/api.md, docs/dashboard.md).
#include <fmt/format.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "app/cli/context.hpp"
#include "app/serve/api.hpp"
#include "app/table/lang.hpp"
#include "core/error.hpp"

namespace eb::app {

namespace {

volatile std::sig_atomic_t stop_requested = 0;
void on_signal(int) { stop_requested = 1; }

// The built dashboard: $ECOBARRIER_WEB_DIR, else web/dist beside the bundled data (the source tree).
std::string default_static_dir() {
  if (const char* env = std::getenv("ECOBARRIER_WEB_DIR"); env && *env) return env;
  const auto dist = std::filesystem::path(Context::data_dir()).parent_path() / "web" / "dist";
  return std::filesystem::exists(dist / "index.html") ? dist.string() : std::string();
}

// The rasters /api/v1/raster/zonal may name: a rasters/ folder beside the workspace, when there is one.
std::string default_rasters_dir(const std::string& ws) {
  const auto dir = std::filesystem::absolute(ws).parent_path() / "rasters";
  return std::filesystem::is_directory(dir) ? dir.string() : std::string();
}

// A PEM file for --tls-cert or --tls-key: its text, which must hold a block whose label ends with `label_end`
// ("CERTIFICATE", "PRIVATE KEY"); else a UsageError naming the option and the file.
std::string read_pem(const std::string& option, const std::string& file, const std::string& label_end) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad())
    throw UsageError(fmt::format("{} {}: cannot read the file ({})", option, file,
                                 std::filesystem::exists(file) ? "permission denied?" : "no such file"));
  const std::string pem = text.str();
  const std::size_t begin = pem.find("-----BEGIN ");
  const std::size_t end = begin == std::string::npos ? begin : pem.find("-----", begin + 11);
  if (end == std::string::npos || !std::string_view(pem).substr(begin + 11, end - begin - 11).ends_with(label_end)) {
    const char* expected = label_end == "CERTIFICATE" ? "certificate" : "private key";
    throw UsageError(
        fmt::format("{} {}: not a PEM file with a {} (-----BEGIN ...{}-----)", option, file, expected, label_end));
  }
  return pem;
}

}  // namespace

struct ServeRequest {
  std::string ws, bind = "127.0.0.1", registry, static_dir, rasters, map_note;
  std::string tls_cert, tls_key;  // PEM files; both or neither
  int port = 8080;
  int threads = 0;
  serve::ServerLimits limits;
  serve::AccountApi::Limits accounts;
  bool no_warm = false;
};

void run_serve(Context& ctx, const ServeRequest& req) {
  const Lang l = ctx.lang();
  // The certificate and key are read (and checked to be PEM) before the workspace is opened and warmed, so that a
  // wrong path fails at once.
  serve::ServerTls tls;
  if (req.tls_cert.empty() != req.tls_key.empty())
    throw UsageError("--tls-cert and --tls-key go together: give both (TLS) or neither (plain HTTP)");
  if (!req.tls_cert.empty()) {
    tls.cert_pem = read_pem("--tls-cert", req.tls_cert, "CERTIFICATE");
    tls.key_pem = read_pem("--tls-key", req.tls_key, "PRIVATE KEY");
  }
  serve::ApiOptions options;
  options.workspace = req.ws;
  options.registry = req.registry;
  if (options.registry.empty()) {
    const std::string demo = Context::data_dir() + "/assessment/registry_demo.csv";
    if (std::filesystem::exists(demo)) options.registry = demo;
  }
  options.static_dir = req.static_dir.empty() ? default_static_dir() : req.static_dir;
  if (!options.static_dir.empty() && !std::filesystem::exists(std::filesystem::path(options.static_dir) / "index.html"))
    throw UsageError(
        fmt::format("--static: no index.html in {} (build the dashboard: scripts/setup)", options.static_dir));
  options.rasters = req.rasters.empty() ? default_rasters_dir(req.ws) : req.rasters;
  options.account_limits = req.accounts;
  options.map_note = req.map_note;
  // As many writer connections as requests the account pool handles at once.
  options.account_limits.connections = req.limits.account_threads;
  serve::Api api(options);
  if (!req.no_warm) {
    const int n = api.warm();
    ctx.note(fmt::format(fmt::runtime(tr(l, "已预先计算 {} 个仪表盘请求", "{} dashboard answers computed ahead")), n));
  }
  serve::ServerLimits limits = req.limits;
  limits.threads = static_cast<unsigned>(req.threads);
  auto start = [&] {
    try {
      return std::make_unique<serve::HttpServer>(
          req.bind, static_cast<std::uint16_t>(req.port), [&api](const serve::Request& r) { return api.handle(r); },
          limits, tls);
    } catch (const UsageError& e) {
      if (!tls.enabled()) throw;
      throw UsageError(fmt::format("--tls-cert {} --tls-key {}: {}", req.tls_cert, req.tls_key, e.what()));
    }
  };
  const std::unique_ptr<serve::HttpServer> started = start();
  const serve::HttpServer& server = *started;
  if (options.static_dir.empty())
    ctx.note(tr(l, "未找到仪表盘（web/dist），只提供 API", "no dashboard found (web/dist): serving the API only"));
  if (options.registry.empty())
    ctx.note(tr(l, "未指定指标登记表：排名接口返回 404", "no indicator registry: the ranking endpoints answer 404"));
  if (req.bind == "0.0.0.0" && limits.allowed_hosts.empty())
    ctx.note(tr(l, "监听所有地址且未指定 --allowed-host：接受任何 Host 头",
                "listening on every address without --allowed-host: any Host header is accepted"));
  if (!server.tls() && !req.bind.starts_with("127."))
    ctx.note(tr(l, "未启用 TLS 却监听非回环地址：登录密码和令牌以明文传输（--tls-cert/--tls-key）",
                "listening beyond loopback without TLS: passwords and tokens travel in clear (--tls-cert/--tls-key)"));
  if (server.limits().connections < limits.connections)
    ctx.note(
        fmt::format(fmt::runtime(tr(l, "打开文件数上限只允许 {} 个连接", "the open-file limit allows {} connections")),
                    server.limits().connections));
  // The URL line is what scripts and tests wait for: on stdout, flushed, whatever --quiet says.
  std::cout << (server.tls() ? "serving https://" : "serving http://") << req.bind << ":" << server.port() << "/"
            << std::endl;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  while (!stop_requested) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ctx.note(tr(l, "已停止", "stopped"));
}

void add_serve_command(CLI::App& app, Context& ctx) {
  auto req = std::make_shared<ServeRequest>();
  auto* cmd = app.add_subcommand("serve", "HTTP JSON API over a workspace, and the dashboard");
  cmd->add_option("WS", req->ws, "Workspace")->required();  // a GeoPackage or a PostgreSQL connection string
  cmd->add_option("--port", req->port, "Port (0: any free port)")->capture_default_str()->check(CLI::Range(0, 65535));
  cmd->add_option("--bind", req->bind, "Address to listen on")->capture_default_str();
  cmd->add_option("--registry", req->registry,
                  "Indicator registry for /ranking and /progress (default: the demo registry)");
  cmd->add_option("--map-note", req->map_note,
                  "Note under the maps: map approval number (审图号) and boundary source (default: boundaries are "
                  "schematic)");
  cmd->add_option("--static", req->static_dir, "The built dashboard (default: web/dist of the source tree)");
  cmd->add_option("--rasters", req->rasters,
                  "Folder of rasters /api/v1/raster/zonal may name (default: rasters/ beside the workspace)")
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--server-threads", req->threads, "Threads answering requests (0: one per core)")
      ->capture_default_str();
  serve::ServerLimits& lim = req->limits;
  cmd->add_option("--idle-timeout", lim.timeout_s,
                  "Seconds a connection may stay idle or stall mid-request before it is closed")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--header-timeout", lim.header_timeout_s,
                  "Seconds a request line and headers may take, counted from the connection's opening or its last "
                  "answer, however slowly they trickle in (0: no deadline)")
      ->capture_default_str()
      ->check(CLI::Range(0, 3600));
  cmd->add_option("--max-connections", lim.connections,
                  "Open connections in all (lowered to what the open-file limit allows)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--max-connections-per-client", lim.connections_per_client,
                  "Open connections per client address (0: no limit)")
      ->capture_default_str();
  cmd->add_option("--rate-limit", lim.rate_limit, "Requests per second per client address, sustained (0: no limit)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e6));
  cmd->add_option("--rate-burst", lim.rate_burst, "Requests per client address in a burst above --rate-limit")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000000));
  cmd->add_option("--compute-threads", lim.compute_threads,
                  "Answers computed at the same time (cache misses of the expensive endpoints)")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  cmd->add_option("--compute-queue", lim.compute_queue,
                  "Answers waiting to be computed; beyond, requests are answered 503 with Retry-After")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000));
  cmd->add_option("--allowed-host", lim.allowed_hosts,
                  "A Host header value (without port) to answer besides the bind address (and localhost when bound to "
                  "loopback); repeatable; \"*\": any. Others: 421")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->allow_extra_args(false);
  cmd->add_option("--max-body", lim.max_body,
                  "Bytes of a POST or DELETE body; larger: 413 (a declared length at once, a chunked body when it "
                  "passes the limit)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{0}, std::size_t{1} << 30));
  cmd->add_option("--write-rate-limit", lim.write_rate_limit,
                  "POST and DELETE requests per second per client address, sustained, besides --rate-limit (0: no "
                  "limit)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e6));
  cmd->add_option("--write-rate-burst", lim.write_rate_burst,
                  "POST and DELETE requests per client address in a burst above --write-rate-limit")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000000));
  cmd->add_option("--login-rate", req->accounts.logins_per_minute,
                  "Logins a minute per client address (POST /api/v1/auth/login), whatever the names; beyond: 429 "
                  "(0: no limit; the accounts' own lock after failed logins stays)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e6));
  cmd->add_option("--account-threads", lim.account_threads,
                  "Logins, token and submission requests handled at the same time (each login hashes in 64 MiB)")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  cmd->add_option("--tls-cert", req->tls_cert,
                  "PEM certificate (chain) to serve HTTPS with; needs --tls-key. Answers then carry HSTS");
  cmd->add_option("--tls-key", req->tls_key, "PEM private key of --tls-cert (unencrypted)");
  cmd->add_flag("--no-warm", req->no_warm, "Do not compute the dashboard's answers before listening");
  cmd->footer(
      "Example:\n  ecobarrier serve ws.gpkg --port 8080\n\n"
      "  ecobarrier serve ws.gpkg --bind 0.0.0.0 --port 8443 --tls-cert cert.pem --tls-key key.pem\n\n"
      "Prints \"serving http://ADDRESS:PORT/\" (https with --tls-cert) when ready; stops on Ctrl-C. API: /api/v1/... "
      "(docs/api.md),\n"
      "its description: /api/openapi.json; the dashboard: / .");
  cmd->callback([req, &ctx] { run_serve(ctx, *req); });
}

}  // namespace eb::app
