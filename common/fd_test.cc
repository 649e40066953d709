// Unit tests for Fd: it closes what it owns exactly once and moves ownership.
#include "fd.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include <gtest/gtest.h>

namespace pushbench {
namespace {

bool is_open(int fd) { return ::fcntl(fd, F_GETFD) != -1 || errno != EBADF; }

int open_devnull() { return ::open("/dev/null", O_RDONLY | O_CLOEXEC); }

TEST(FdTest, ClosesDescriptorWhenDestroyed) {
  const int raw = open_devnull();
  ASSERT_GE(raw, 0);
  {
    Fd fd(raw);
    EXPECT_TRUE(fd);
  }
  EXPECT_FALSE(is_open(raw));
}

TEST(FdTest, TransfersOwnershipWhenMoved) {
  const int raw = open_devnull();
  ASSERT_GE(raw, 0);
  Fd a(raw);
  Fd b(std::move(a));
  EXPECT_FALSE(a);  // NOLINT(bugprone-use-after-move): moved-from state is specified
  EXPECT_EQ(b.get(), raw);
  Fd c;
  c = std::move(b);
  EXPECT_EQ(c.get(), raw);
  EXPECT_TRUE(is_open(raw));
  c.reset();
  EXPECT_FALSE(is_open(raw));
  EXPECT_FALSE(c);
}

TEST(FdTest, ClosesOldDescriptorWhenResetToNew) {
  const int first = open_devnull();
  const int second = open_devnull();
  ASSERT_GE(first, 0);
  ASSERT_GE(second, 0);
  Fd fd(first);
  fd.reset(second);
  EXPECT_FALSE(is_open(first));
  EXPECT_EQ(fd.get(), second);
}

}  // namespace
}  // namespace pushbench
