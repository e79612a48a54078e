#include "io/chromium_pdf.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <sstream>
#include <thread>
#include <vector>

#include "core/error.hpp"

extern char** environ;

namespace eb::io {

namespace fs = std::filesystem;

namespace {

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The last `n` bytes of Chromium's output, for an error message.
std::string tail_of(const std::string& text, std::size_t n = 600) {
  return text.size() <= n ? text : "..." + text.substr(text.size() - n);
}

// A temporary directory removed with everything in it when the print is done, however it ends.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "ecobarrier-print-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw IoError(tmpl + ": cannot create a temporary directory for Chromium");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Runs `argv` in a process group of its own with stdout and stderr to `log`; kills the whole group (Chromium starts
// helper processes) when it runs past the timeout. Returns the exit status as waitpid gives it.
int run_with_timeout(const std::vector<std::string>& argv, const fs::path& log, int timeout_seconds, bool& timed_out) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, args[0], &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) throw IoError(argv[0] + ": cannot start Chromium: " + std::strerror(rc));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  timed_out = false;
  for (;;) {
    // WNOWAIT: the exited browser stays a zombie, so its process group id cannot be reused before the helpers that
    // may outlive it (they would keep the profile folder busy) are killed with the group.
    siginfo_t info{};
    const int rc_wait = waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT);
    if (rc_wait < 0 && errno != EINTR) throw IoError(argv[0] + ": lost track of Chromium: " + std::strerror(errno));
    if (rc_wait == 0 && info.si_pid == pid) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(-pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

bool executable(const fs::path& p) { return !p.empty() && ::access(p.c_str(), X_OK) == 0 && !fs::is_directory(p); }

}  // namespace

std::string find_chromium() {
  if (const char* env = std::getenv("ECOBARRIER_CHROMIUM"); env && *env) {
    if (!executable(env))
      throw IoError(std::string("ECOBARRIER_CHROMIUM=") + env +
                    ": not an executable file (Chromium is needed for --pdf)");
    return env;
  }
  static const char* const kNames[] = {"chromium", "chromium-browser", "google-chrome-stable", "google-chrome"};
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "");
  std::vector<std::string> search;
  for (std::string dir; std::getline(dirs, dir, ':');)
    if (!dir.empty()) search.push_back(dir);
  for (const char* name : kNames)
    for (const auto& dir : search)
      if (const fs::path p = fs::path(dir) / name; executable(p)) return p.string();
  throw IoError(
      "--pdf needs Chromium: none of chromium, chromium-browser, google-chrome-stable, google-chrome is on PATH "
      "(install it with scripts/setup, or set ECOBARRIER_CHROMIUM to the browser's path)");
}

std::string print_html_to_pdf(const std::string& chromium, std::string_view html, int timeout_seconds) {
  TempDir tmp;
  const fs::path page = tmp.path() / "print.html", pdf = tmp.path() / "print.pdf", log = tmp.path() / "chromium.log";
  {
    std::ofstream out(page, std::ios::binary);
    out.write(html.data(), static_cast<std::streamsize>(html.size()));
    if (!out.flush()) throw IoError(page.string() + ": cannot write the page to print (disk full?)");
  }
  const std::string html_path = page.string();
  const std::vector<std::string> argv = {chromium,
                                         "--headless=new",
                                         "--no-sandbox",
                                         "--disable-gpu",
                                         "--disable-background-networking",
                                         "--disable-component-update",
                                         "--disable-sync",
                                         "--no-first-run",
                                         "--user-data-dir=" + (tmp.path() / "profile").string(),
                                         "--no-pdf-header-footer",
                                         "--print-to-pdf=" + pdf.string(),
                                         "file://" + html_path};
  bool timed_out = false;
  const int status = run_with_timeout(argv, log, timeout_seconds, timed_out);
  const std::string output = read_all(log);
  if (timed_out)
    throw IoError(chromium + ": printing " + html_path + " took longer than " + std::to_string(timeout_seconds) +
                  " s and was stopped: " + tail_of(output));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw IoError(chromium + ": printing " + html_path + " failed (exit status " +
                  std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status)) +
                  "): " + tail_of(output));
  std::string bytes = fs::exists(pdf) ? read_all(pdf) : std::string();
  if (bytes.compare(0, 5, "%PDF-") != 0)
    throw IoError(chromium + ": printing " + html_path + " wrote no PDF: " + tail_of(output));
  return bytes;
}

std::map<std::string, int> pdf_destination_pages(std::string_view pdf) {
  // Every "N 0 obj << ... >>" with its dictionary text, nested dictionaries included; streams are skipped by
  // the matching of << and >>. Chromium writes no object streams for the page tree and the destinations.
  const std::string text(pdf);
  std::map<int, std::string> objects;
  for (std::size_t at = text.find(" 0 obj"); at != std::string::npos; at = text.find(" 0 obj", at + 6)) {
    std::size_t first = at;
    while (first > 0 && std::isdigit(static_cast<unsigned char>(text[first - 1]))) --first;
    if (first == at) continue;
    std::size_t open = at + 6;
    while (open < text.size() && std::isspace(static_cast<unsigned char>(text[open]))) ++open;
    if (text.compare(open, 2, "<<") != 0) continue;
    int depth = 0;
    std::size_t end = open;
    for (; end + 1 < text.size(); ++end) {
      if (text[end] == '<' && text[end + 1] == '<') {
        ++depth;
        ++end;
      } else if (text[end] == '>' && text[end + 1] == '>') {
        ++end;
        if (--depth == 0) break;
      }
    }
    if (depth != 0) continue;  // a stray " 0 obj" inside binary stream data
    objects[std::stoi(text.substr(first, at - first))] = text.substr(open, end + 1 - open);
  }
  // The named destinations: /Dests N 0 R in the catalogue, a dictionary of /name [page 0 R /XYZ x y z].
  static const std::regex kDestsRef(R"(/Dests\s+(\d+)\s+0\s+R)");
  std::smatch m;
  const auto catalog = std::find_if(objects.begin(), objects.end(), [](const auto& o) {
    return o.second.find("/Type /Catalog") != std::string::npos || o.second.find("/Type/Catalog") != std::string::npos;
  });
  if (catalog == objects.end()) throw InputError("PDF: no document catalogue");
  if (!std::regex_search(catalog->second, m, kDestsRef)) return {};
  const auto dests = objects.find(std::stoi(m[1].str()));
  if (dests == objects.end()) throw InputError("PDF: the /Dests dictionary cannot be read");
  // The pages in order: walk the page tree from its root (the /Pages node without /Parent).
  static const std::regex kKids(R"(/Kids\s*\[([^\]]*)\])"), kRef(R"((\d+)\s+0\s+R)");
  int root = -1;
  static const std::regex kPagesNode(R"(/Type\s*/Pages\b)");
  for (const auto& [num, dict] : objects)
    if (std::regex_search(dict, kPagesNode) && dict.find("/Parent") == std::string::npos) root = num;
  if (root < 0) throw InputError("PDF: no page tree");
  std::map<int, int> page_of_object;
  int pages = 0;
  // Depth first, children in their /Kids order.
  const std::function<void(int, int)> walk = [&](int node, int depth) {
    if (depth > 64) throw InputError("PDF: the page tree is too deep");
    const auto obj = objects.find(node);
    if (obj == objects.end()) throw InputError("PDF: page tree object " + std::to_string(node) + " cannot be read");
    std::smatch kids;
    if (!std::regex_search(obj->second, kids, kKids)) {
      page_of_object[node] = ++pages;
      return;
    }
    const std::string list = kids[1].str();
    for (auto it = std::sregex_iterator(list.begin(), list.end(), kRef); it != std::sregex_iterator(); ++it)
      walk(std::stoi((*it)[1].str()), depth + 1);
  };
  walk(root, 0);
  std::map<std::string, int> out;
  static const std::regex kDest(R"(/([^\s/\[\]<>()]+)\s*\[\s*(\d+)\s+0\s+R)");
  const std::string& d = dests->second;
  for (auto it = std::sregex_iterator(d.begin(), d.end(), kDest); it != std::sregex_iterator(); ++it)
    if (const auto p = page_of_object.find(std::stoi((*it)[2].str())); p != page_of_object.end())
      out[(*it)[1].str()] = p->second;
  return out;
}

}  // namespace eb::io
