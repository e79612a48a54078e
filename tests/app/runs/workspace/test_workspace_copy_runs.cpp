#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "app/runs/support/workspace_fixture.hpp"
#include "app/runs/workspace/workspace_copy.hpp"
#include "core/error.hpp"
#include "io/station_list.hpp"
#include "store/station_store.hpp"

namespace eb::app::runs {

namespace {

// Records the steps a run announces.
class RecordingProgress final : public ProgressSink {
 public:
  struct Task final : ProgressTask {
    RecordingProgress& owner;
    explicit Task(RecordingProgress& o) : owner(o) {}
    void update(std::size_t done) override { owner.last_done = done; }
    void finish() override { ++owner.finished; }
  };
  std::unique_ptr<ProgressTask> begin(std::string_view, std::string_view label_en, std::size_t total) override {
    labels.emplace_back(label_en);
    totals.push_back(total);
    return std::make_unique<Task>(*this);
  }
  std::vector<std::string> labels;
  std::vector<std::size_t> totals;
  std::size_t last_done = 0;
  int finished = 0;
};

// The demo's leagues and one station with 12000 hourly PM2.5 values (500 days): one table big enough to show.
class CopySource {
 public:
  CopySource() {
    store::Workspace ws(path_.path(), store::Workspace::Open::existing);
    store::import_stations(ws, io::read_station_list("code,name,city,lon,lat\n1090A,a,c,111.6,40.8\n", "s.csv"), "air");
    std::string text = "date,hour,type,1090A\n";
    int rows = 0;
    for (int year = 2019; year <= 2020 && rows < 12000; ++year)
      for (int month = 1; month <= 12 && rows < 12000; ++month)
        for (int day = 1; day <= 28 && rows < 12000; ++day)
          for (int hour = 0; hour < 24; ++hour, ++rows)
            text += fmt::format("{}{:02d}{:02d},{},PM2.5,{}\n", year, month, day, hour, 10 + rows % 97);
    test::import_observation_file(ws, path_.write("obs.csv", text), io::ObservationLayout::cnemc_wide);
  }
  const std::string& path() const { return path_.path(); }
  std::string beside(const std::string& name) const {
    return (std::filesystem::path(path()).parent_path() / name).string();
  }

 private:
  test::UnitWorkspace path_;
};

}  // namespace

TEST(WorkspaceCopyRuns, CopiesShowsTheBigTablesProgressAndTabulatesEveryTable) {
  CopySource src;
  const std::string dst = src.beside("copy.gpkg");
  RecordingProgress progress;
  RunEnv env;
  env.progress = &progress;
  const auto r = run_workspace_copy({src.path(), dst}, env);
  EXPECT_EQ(progress.labels, (std::vector<std::string>{"copying observation", "verifying observation"}));
  EXPECT_EQ(progress.totals, (std::vector<std::size_t>{12000, 12000}));
  EXPECT_EQ(progress.last_done, 12000u);
  EXPECT_EQ(progress.finished, 2);

  const Document doc = workspace_copy_document(r, Lang::en);
  const Table& t = doc.parts.at(0).second;
  ASSERT_EQ(t.rows.size(), r.tables.size());
  bool saw_observation = false;
  for (const auto& row : t.rows) {
    if (std::get<std::string>(row[0].value) != "observation") continue;
    saw_observation = true;
    EXPECT_EQ(std::get<std::int64_t>(row[1].value), 12000);
    EXPECT_EQ(std::get<std::string>(row[2].value).size(), 16u);
  }
  EXPECT_TRUE(saw_observation);
  ASSERT_EQ(doc.notes.size(), 2u);
  EXPECT_NE(doc.notes[0].find("each table's count and checksum verified"), std::string::npos) << doc.notes[0];
  EXPECT_NE(doc.notes[1].find(r.checksum), std::string::npos);
}

TEST(WorkspaceCopyRuns, AnInterruptedCopyLeavesNoDestination) {
  CopySource src;
  const std::string dst = src.beside("stopped.gpkg");
  RecordingProgress progress;
  std::atomic<bool> cancel{true};
  RunEnv env;
  env.progress = &progress;
  env.cancel = &cancel;
  EXPECT_THROW(run_workspace_copy({src.path(), dst}, env), Interrupted);
  EXPECT_NE(::access(dst.c_str(), F_OK), 0);
}

}  // namespace eb::app::runs
