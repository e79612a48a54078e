#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "io/chromium_pdf.hpp"

namespace eb::io {

// The objects as Chromium (Skia) writes them: a two-level page tree (Skia groups pages under intermediate /Pages
// nodes), page dictionaries with nested dictionaries, a content stream in between, the /Dests dictionary.
constexpr std::string_view kPdf =
    "%PDF-1.4\n"
    "1 0 obj\n<</Type /Catalog\n/Pages 9 0 R\n/Dests 12 0 R>>\nendobj\n"
    "2 0 obj\n<</Type /Page\n/Resources <</Font <</F1 5 0 R>>>>\n/Parent 10 0 R>>\nendobj\n"
    "3 0 obj\n<</Type /Page\n/Resources <</Font <</F1 5 0 R>>>>\n/Parent 10 0 R>>\nendobj\n"
    "4 0 obj\n<</Length 12>> stream\nq >> << BT Q\nendstream\nendobj\n"
    "6 0 obj\n<</Type /Page\n/Parent 11 0 R>>\nendobj\n"
    "9 0 obj\n<</Type /Pages\n/Count 3\n/Kids [10 0 R 11 0 R]>>\nendobj\n"
    "10 0 obj\n<</Type /Pages\n/Count 2\n/Parent 9 0 R\n/Kids [3 0 R 2 0 R]>>\nendobj\n"
    "11 0 obj\n<</Type /Pages\n/Count 1\n/Parent 9 0 R\n/Kids [6 0 R]>>\nendobj\n"
    "12 0 obj\n<</summary [3 0 R /XYZ 6 827.66998 0]\n/air [2 0 R /XYZ 6 400 0]\n/notes [6 0 R /XYZ 6 827 0]>>\n"
    "endobj\n%%EOF\n";

TEST(PdfDestinationPages, FollowsThePageTreeInOrder) {
  const auto pages = pdf_destination_pages(kPdf);
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_EQ(pages.at("summary"), 1);  // object 3 is the first kid of the first node
  EXPECT_EQ(pages.at("air"), 2);
  EXPECT_EQ(pages.at("notes"), 3);
}

TEST(PdfDestinationPages, NoNamedDestinationsIsEmpty) {
  EXPECT_TRUE(pdf_destination_pages("%PDF-1.4\n1 0 obj\n<</Type /Catalog\n/Pages 2 0 R>>\nendobj\n"
                                    "2 0 obj\n<</Type /Pages\n/Count 0\n/Kids []>>\nendobj\n")
                  .empty());
}

TEST(PdfDestinationPages, BrokenPageTreeIsAnError) {
  EXPECT_THROW(pdf_destination_pages("%PDF-1.4\n1 0 obj\n<</Type /Catalog\n/Dests 3 0 R>>\nendobj\n"
                                     "3 0 obj\n<</a [2 0 R /XYZ 0 0 0]>>\nendobj\n"),
               InputError);
  EXPECT_THROW(pdf_destination_pages("not a pdf"), InputError);
}

TEST(FindChromium, ExplicitPathMustBeExecutable) {
  ::setenv("ECOBARRIER_CHROMIUM", "/nonexistent/chromium", 1);
  EXPECT_THROW(find_chromium(), IoError);
  ::setenv("ECOBARRIER_CHROMIUM", "/bin/sh", 1);
  EXPECT_EQ(find_chromium(), "/bin/sh");
  ::unsetenv("ECOBARRIER_CHROMIUM");
}

namespace {

// A stand-in browser: a shell script with `body`, made executable, in a fresh temporary folder.
std::string fake_browser(const std::string& name, const std::string& body) {
  const auto dir = std::filesystem::temp_directory_path() / ("eb-fake-chromium-" + name);
  std::filesystem::create_directories(dir);
  const auto path = dir / "chromium";
  std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
  std::filesystem::permissions(path, std::filesystem::perms::owner_all);
  return path.string();
}

std::string message_of(const std::string& browser, int timeout_seconds) {
  try {
    print_html_to_pdf(browser, "<html></html>", timeout_seconds);
  } catch (const IoError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(PrintHtmlToPdf, FailingBrowserIsAnErrorWithItsOutput) {
  const std::string msg = message_of(fake_browser("fails", "echo 'cannot open display' >&2; exit 3"), 30);
  EXPECT_NE(msg.find("exit status 3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("cannot open display"), std::string::npos) << msg;
}

TEST(PrintHtmlToPdf, BrowserThatWritesNoPdfIsAnError) {
  const std::string msg = message_of(fake_browser("silent", "exit 0"), 30);
  EXPECT_NE(msg.find("wrote no PDF"), std::string::npos) << msg;
}

TEST(PrintHtmlToPdf, HangingBrowserIsStoppedAtTheTimeout) {
  // The script's child (sleep) is in the browser's process group and is killed with it.
  const std::string msg = message_of(fake_browser("hangs", "sleep 300"), 1);
  EXPECT_NE(msg.find("took longer than 1 s"), std::string::npos) << msg;
}

TEST(PrintHtmlToPdf, PdfWrittenWherePrintToPdfSays) {
  // The arguments Chromium gets: the output after --print-to-pdf=, the page as a file:// URL last.
  const std::string browser = fake_browser(
      "writes", R"(for a in "$@"; do case "$a" in --print-to-pdf=*) out="${a#--print-to-pdf=}";; esac; page="$a"; done
case "$page" in file://*) ;; *) exit 9;; esac
grep -q '<p>hello</p>' "${page#file://}" || exit 8
printf '%%PDF-1.4 fake' > "$out")");
  EXPECT_EQ(print_html_to_pdf(browser, "<p>hello</p>", 30), "%PDF-1.4 fake");
}

}  // namespace eb::io
