// Ingest benchmark: parses a CNEMC wide file into the long (one value per entry) batch.
//
//   bench_ingest FILE [--repeat N]
//
// The file is read into memory once (eb::io::FileBuffer); read_cnemc_wide then parses it N times on the
// calling thread. Prints one line of JSON with the best (minimum) and median wall time and the throughput
// derived from the best time. MB are 10^6 bytes of text as parsed (after inflation for .gz).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "io/file_buffer.hpp"
#include "io/observation_layouts.hpp"

namespace {

constexpr int kDefaultRepeat = 7;

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr, "bench_ingest: %s\nusage: bench_ingest FILE [--repeat N]   (default N=%d)\n", why,
               kDefaultRepeat);
  std::exit(2);
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20)
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
        else
          out += c;
    }
  }
  out += '"';
  return out;
}

// Folds every column of the batch into one number so that no part of the parse can be discarded.
double checksum(const eb::io::ObservationBatch& b) {
  double sum = 0;
  for (const double v : b.values) sum += v;
  std::size_t keys = b.rejections.size() + b.missing + b.rows_read;
  for (std::size_t i = 0; i < b.size(); ++i)
    keys += b.station(i) + b.parameter(i) + static_cast<std::size_t>(b.averaging(i)) +
            static_cast<std::size_t>(b.time(i)) + b.flag(i).size() + b.line(i) + b.column(i);
  return sum + static_cast<double>(keys % 1000003);
}

}  // namespace

int main(int argc, char** argv) {
  std::string file;
  int repeat = kDefaultRepeat;
  bool validate = false;  // also order by series and check in-file duplicates, as an import does
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--repeat") {
      if (i + 1 >= argc) usage("--repeat needs a number");
      char* end = nullptr;
      const long n = std::strtol(argv[++i], &end, 10);
      if (end == argv[i] || *end != '\0' || n < 1 || n > 100000) usage("--repeat must be a whole number >= 1");
      repeat = static_cast<int>(n);
    } else if (arg == "--validate") {
      validate = true;
    } else if (arg == "-h" || arg == "--help") {
      usage("benchmark of eb::io::read_cnemc_wide");
    } else if (!arg.empty() && arg.front() == '-') {
      usage("unknown option");
    } else if (file.empty()) {
      file = std::string(arg);
    } else {
      usage("only one FILE may be given");
    }
  }
  if (file.empty()) usage("missing FILE");

  try {
    const eb::io::FileBuffer buffer(file);
    const std::string_view text = buffer.text();

    std::vector<double> seconds;
    seconds.reserve(static_cast<std::size_t>(repeat));
    std::size_t values = 0;
    std::size_t rejections = 0;
    double check = 0;
    for (int r = 0; r < repeat; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      const eb::io::ObservationBatch batch =
          validate ? eb::io::read_observations(text, file, eb::io::ObservationLayout::cnemc_wide)
                   : eb::io::read_cnemc_wide(text, file);
      const auto t1 = std::chrono::steady_clock::now();
      seconds.push_back(std::chrono::duration<double>(t1 - t0).count());
      // Outside the timed region: the batch is consumed, then freed at the end of the iteration.
      check += checksum(batch);
      if (r == 0) {
        values = batch.size();
        rejections = batch.rejections.size();
      } else if (batch.size() != values) {
        std::fprintf(stderr, "bench_ingest: repetition %d found %zu values, the first found %zu\n", r + 1, batch.size(),
                     values);
        return 1;
      }
    }

    std::vector<double> sorted = seconds;
    std::sort(sorted.begin(), sorted.end());
    const double best = sorted.front();
    const std::size_t n = sorted.size();
    const double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    const double mb = static_cast<double>(text.size()) / 1e6;

    std::string times;
    for (std::size_t i = 0; i < seconds.size(); ++i) times += fmt::format("{}{:.6f}", i ? "," : "", seconds[i]);

    fmt::print(
        "{{\"engine\":\"{}\",\"file\":{},\"bytes\":{},\"values\":{},\"rejections\":{},"
        "\"repeat\":{},\"best_s\":{:.6f},\"median_s\":{:.6f},\"values_per_s\":{:.0f},\"mb_per_s\":{:.2f},"
        "\"times_s\":[{}],\"checksum\":{:.17g}}}\n",
        validate ? "ecobarrier read_observations (parse+order+duplicates)" : "ecobarrier read_cnemc_wide",
        json_string(file), text.size(), values, rejections, repeat, best, median, static_cast<double>(values) / best,
        mb / best, times, check / repeat);
    return 0;
  } catch (const eb::Error& e) {
    std::fprintf(stderr, "bench_ingest: %s\n", e.what());
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_ingest: %s\n", e.what());
    return 1;
  }
}
