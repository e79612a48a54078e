// io::AtomicFile on the real file system: a final output is published whole or not at all.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "core/error.hpp"
#include "io/atomic_file.hpp"

namespace eb::io {
namespace {

namespace fs = std::filesystem;

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("eb_atomic_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  static std::string read(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  static void put(const std::string& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }
  fs::path dir_;
};

TEST_F(AtomicFileTest, CommitPublishesTheWholeFileAndLeavesNoPart) {
  const auto out = path("out.csv");
  put(out, "previous\n");
  {
    AtomicFile f(out);
    f.stream() << "a,b\n1,2\n";
    EXPECT_EQ(read(out), "previous\n");  // the old content until the commit
    EXPECT_TRUE(fs::exists(AtomicFile::part_of(out)));
    f.commit();
  }
  EXPECT_EQ(read(out), "a,b\n1,2\n");
  EXPECT_FALSE(fs::exists(out + ".part"));
}

TEST_F(AtomicFileTest, NotCommittedLeavesTheOldFileAndRemovesThePart) {
  const auto out = path("out.csv");
  put(out, "previous\n");
  {
    AtomicFile f(out);
    f.stream() << "half";
  }  // an error unwound past it
  EXPECT_EQ(read(out), "previous\n");
  EXPECT_FALSE(fs::exists(out + ".part"));
}

TEST_F(AtomicFileTest, AStalePartOfAKilledRunIsRemovedBeforeWriting) {
  const auto out = path("bulletin.html");
  put(out + ".part", std::string(100000, 'x'));  // longer than what is written next
  AtomicFile::write(out, "<p>whole</p>");
  EXPECT_EQ(read(out), "<p>whole</p>");
  EXPECT_FALSE(fs::exists(out + ".part"));
  // remove_stale leaves anything but a regular file alone.
  fs::create_directory(path("x.part"));
  AtomicFile::remove_stale(path("x.part"));
  EXPECT_TRUE(fs::is_directory(path("x.part")));
}

TEST_F(AtomicFileTest, ADeviceIsWrittenInPlaceAndAFullDiskIsAnError) {
  EXPECT_TRUE(AtomicFile::is_stream("/dev/null"));
  EXPECT_FALSE(AtomicFile::is_stream(path("nothing-yet")));
  AtomicFile::write("/dev/null", "gone");
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  AtomicFile f("/dev/full");
  f.stream() << std::string(1 << 20, 'x');
  try {
    f.commit();
    FAIL() << "a write to a full disk was published";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("/dev/full: cannot write (disk full?)"), std::string::npos) << e.what();
  }
}

TEST_F(AtomicFileTest, AMissingFolderIsAnIoErrorNamingThePath) {
  const auto out = path("no/such/folder/out.csv");
  try {
    AtomicFile f(out);
    FAIL();
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find(out), std::string::npos) << e.what();
  }
}

// kill -9 in the middle of writing: the final name holds the old content (never part of the new one), the .part is
// left, and the next writer removes it and publishes a whole file.
TEST_F(AtomicFileTest, Kill9WhileWritingNeverLeavesHalfAFileUnderItsName) {
  const auto out = path("big.csv");
  put(out, "previous\n");
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    AtomicFile f(out);
    const std::string line(1023, 'v');
    for (;;) f.stream() << line << '\n';  // until killed
  }
  const auto part = out + ".part";
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  std::error_code ec;
  while ((!fs::exists(part) || fs::file_size(part, ec) < (1u << 20)) && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(read(out), "previous\n");
  ASSERT_TRUE(fs::exists(part));
  EXPECT_GE(fs::file_size(part), 1u << 20);
  AtomicFile::write(out, "new\n");
  EXPECT_EQ(read(out), "new\n");
  EXPECT_FALSE(fs::exists(part));
}

}  // namespace
}  // namespace eb::io
