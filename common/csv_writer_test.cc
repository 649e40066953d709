// Unit tests for RFC 4180 escaping, parsing and atomic file replacement.
#include "csv_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace pushbench {
namespace {

namespace fs = std::filesystem;
using Rows = std::vector<std::vector<std::string>>;

TEST(CsvWriterTest, LeavesPlainFieldsAlone) {
  for (const char* field : {"abc", "", "a b", " padded ", "1.5", "snake_case_us", "caf\xc3\xa9",
                            "tab\there", "semi;colon", "single'quote"}) {
    EXPECT_EQ(csv_escape(field), field);
  }
}

TEST(CsvWriterTest, QuotesFieldContainingComma) {
  EXPECT_EQ(csv_escape("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_escape(","), "\",\"");
}

TEST(CsvWriterTest, QuotesFieldContainingQuoteAndDoublesIt) {
  EXPECT_EQ(csv_escape("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_escape("\""), "\"\"\"\"");
}

TEST(CsvWriterTest, QuotesFieldContainingCarriageReturn) {
  EXPECT_EQ(csv_escape("a\rb"), "\"a\rb\"");
}

TEST(CsvWriterTest, QuotesFieldContainingLineFeed) {
  EXPECT_EQ(csv_escape("a\nb"), "\"a\nb\"");
  EXPECT_EQ(csv_escape("a\r\nb"), "\"a\r\nb\"");
}

TEST(CsvWriterTest, EndsLineWithCrlf) {
  EXPECT_EQ(csv_line({"a", "b,c", ""}), "a,\"b,c\",\r\n");
  EXPECT_EQ(csv_line({"x"}), "x\r\n");
  EXPECT_EQ(csv_line({""}), "\r\n");
  const std::string line = csv_line({"1", "two", "3.0"});
  ASSERT_GE(line.size(), 2u);
  EXPECT_EQ(line.substr(line.size() - 2), "\r\n");
  EXPECT_EQ(line.find('\n'), line.size() - 1);  // only the terminator
}

TEST(CsvWriterTest, RoundTripsTrickyFieldsThroughParse) {
  const Rows rows = {
      {"schema_version", "transport", "p50_us", "poll_interval_ms"},
      {"1", "ws", "12.5", ""},
      {"", "", ""},
      {""},
      {"a,b", "c,,d", ","},
      {"\"", "\"\"", "say \"hi\"", "\"quoted\""},
      {"line\nbreak", "cr\ronly", "crlf\r\nhere", "\n", "\r\n"},
      {" lead", "trail ", " , \" \r\n "},
      {"caf\xc3\xa9", "tab\there"},
  };
  std::string text;
  for (const auto& row : rows) {
    text += csv_line(row);
  }
  EXPECT_EQ(csv_parse(text), rows);
}

TEST(CsvWriterTest, RoundTripsEachTrickyFieldAlone) {
  for (const char* field :
       {"", ",", "\"", "\"\"", "a\"b", "\n", "\r", "\r\n", "x,\"y\"\r\nz", "\"\n\""}) {
    EXPECT_EQ(csv_parse(csv_line({field})), (Rows{{field}})) << "field=" << field;
  }
}

TEST(CsvWriterTest, ParsesLastRecordWithoutTerminator) {
  EXPECT_EQ(csv_parse("a,b\r\nc,d"), (Rows{{"a", "b"}, {"c", "d"}}));
}

TEST(CsvWriterTest, ParsesLineFeedTerminatedRecords) {
  EXPECT_EQ(csv_parse("a,b\nc,d\n"), (Rows{{"a", "b"}, {"c", "d"}}));
}

TEST(CsvWriterTest, ParsesEmptyTextAsNoRecords) { EXPECT_TRUE(csv_parse("").empty()); }

class CsvWriterFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "pushbench_csv_test.XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  static std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) {
      names.push_back(e.path().filename().string());
    }
    return names;
  }

  fs::path dir_;
};

TEST_F(CsvWriterFileTest, WritesContentToPath) {
  const fs::path path = dir_ / "results.csv";
  const std::string content = csv_line({"a", "b"}) + csv_line({"1", "x,y"});
  write_file_atomic(path.string(), content);
  EXPECT_EQ(read_all(path), content);
}

TEST_F(CsvWriterFileTest, WritesEmptyContent) {
  const fs::path path = dir_ / "empty.csv";
  write_file_atomic(path.string(), "");
  ASSERT_TRUE(fs::exists(path));
  EXPECT_EQ(fs::file_size(path), 0u);
}

TEST_F(CsvWriterFileTest, WritesLargeContentWithEveryByteValue) {
  std::string content;
  for (int i = 0; i < (1 << 20); ++i) {
    content.push_back(static_cast<char>(i % 256));
  }
  const fs::path path = dir_ / "big.bin";
  write_file_atomic(path.string(), content);
  EXPECT_EQ(read_all(path), content);
}

TEST_F(CsvWriterFileTest, ReplacesExistingFile) {
  const fs::path path = dir_ / "results.csv";
  {
    std::ofstream out(path, std::ios::binary);
    out << "old content that is longer than the new one\r\n";
  }
  write_file_atomic(path.string(), "new\r\n");
  EXPECT_EQ(read_all(path), "new\r\n");
  write_file_atomic(path.string(), "newer\r\n");
  EXPECT_EQ(read_all(path), "newer\r\n");
}

TEST_F(CsvWriterFileTest, LeavesNoTemporaryFilesBehind) {
  const fs::path path = dir_ / "results.csv";
  write_file_atomic(path.string(), "a\r\n");
  write_file_atomic(path.string(), "b\r\n");
  write_file_atomic((dir_ / "meta.json").string(), "{}");
  auto names = entries();
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"meta.json", "results.csv"}));
  for (const std::string& n : names) {
    EXPECT_EQ(n.find(".tmp."), std::string::npos) << n;
  }
}

TEST_F(CsvWriterFileTest, OverwritesStaleTemporaryFileLeftByCrashedWrite) {
  // A crash between open and rename leaves "<path>.tmp.<pid>"; a later write by a process with
  // the same pid must not keep its tail.
  const fs::path path = dir_ / "results.csv";
  const fs::path stale = dir_ / ("results.csv.tmp." + std::to_string(::getpid()));
  {
    std::ofstream out(stale, std::ios::binary);
    out << "stale bytes from an interrupted write, longer than the new content\r\n";
  }
  write_file_atomic(path.string(), "fresh\r\n");
  EXPECT_EQ(read_all(path), "fresh\r\n");
  EXPECT_FALSE(fs::exists(stale));
}

TEST_F(CsvWriterFileTest, ThrowsWhenDirectoryDoesNotExist) {
  const fs::path path = dir_ / "no_such_dir" / "results.csv";
  EXPECT_THROW(write_file_atomic(path.string(), "a\r\n"), std::runtime_error);
  EXPECT_FALSE(fs::exists(path));
  EXPECT_EQ(entries(), std::vector<std::string>{});
}

// --stats /dev/null once replaced the system's /dev/null with a regular file. A scratch character
// device (the null device's numbers, made in the temp dir: never the real /dev/null) must stay
// a device.
TEST_F(CsvWriterFileTest, WritesADeviceInPlace) {
  const fs::path dev = dir_ / "null";
  if (::mknod(dev.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0) {
    GTEST_SKIP() << "mknod needs CAP_MKNOD (run as root): " << std::strerror(errno);
  }
  write_file_atomic(dev.string(), "{\"stats\": 1}\n");
  struct stat st {};
  ASSERT_EQ(::stat(dev.c_str(), &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode)) << "the device was replaced";
  EXPECT_EQ(st.st_rdev, makedev(1, 3));
  EXPECT_EQ(entries(), std::vector<std::string>{"null"});  // no temporary file left
}

TEST_F(CsvWriterFileTest, WritesAFifoInPlace) {
  const fs::path fifo = dir_ / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0) << std::strerror(errno);
  // The reader end first (non-blocking), so the writer's open does not wait for one.
  const int rd = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  ASSERT_GE(rd, 0) << std::strerror(errno);
  write_file_atomic(fifo.string(), "through the pipe\r\n");
  char buf[64];
  const ssize_t n = ::read(rd, buf, sizeof buf);
  ::close(rd);
  const std::string got(buf, static_cast<size_t>(std::max<ssize_t>(n, 0)));
  EXPECT_EQ(got, "through the pipe\r\n");
  struct stat st {};
  ASSERT_EQ(::lstat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode)) << "the FIFO was replaced";
  EXPECT_EQ(entries(), std::vector<std::string>{"fifo"});
}

TEST_F(CsvWriterFileTest, RefusesADirectoryWithOneLine) {
  const fs::path sub = dir_ / "results.csv";
  fs::create_directory(sub);
  try {
    write_file_atomic(sub.string(), "a\r\n");
    FAIL() << "wrote onto a directory";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(sub.string()), std::string::npos) << what;
    EXPECT_NE(what.find("directory"), std::string::npos) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
  }
  EXPECT_TRUE(fs::is_directory(sub));
  EXPECT_TRUE(fs::is_empty(sub));
}

TEST_F(CsvWriterFileTest, ReplacesTheTargetOfASymlinkNotTheLink) {
  const fs::path target = dir_ / "target.csv";
  const fs::path link = dir_ / "link.csv";
  { std::ofstream(target) << "old"; }
  fs::create_symlink(target, link);
  write_file_atomic(link.string(), "new");
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(read_all(target), "new");
}

}  // namespace
}  // namespace pushbench
