#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>

#include "app/serve/compute_pool.hpp"

namespace eb::app::serve {
namespace {

Response answer(int status) {
  Response r;
  r.status = status;
  return r;
}

void wait_for(const std::function<bool()>& ready) {
  for (int i = 0; i < 500 && !ready(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(ready());
}

// One thread, one place in the queue: a third distinct computation is refused, a request for a key under way or
// waiting joins it, and every joined request gets its answer.
TEST(ComputePool, BoundsRunningAndWaitingAndJoinsTheSameKey) {
  ComputePool pool(1, 1);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> computed{0};
  std::mutex m;
  std::map<std::string, std::vector<int>> got;
  auto done = [&](const std::string& who) {
    return [&, who](const Response& r) {
      std::lock_guard lock(m);
      got[who].push_back(r.status);
    };
  };
  auto blocking = [&](int status) {
    return [&, status] {
      ++computed;
      released.wait();
      return answer(status);
    };
  };
  ASSERT_TRUE(pool.submit("a", blocking(201), done("a1")));
  wait_for([&] { return pool.running() == 1; });
  ASSERT_TRUE(pool.submit("b", blocking(202), done("b1")));
  EXPECT_EQ(pool.waiting(), 1u);
  EXPECT_FALSE(pool.submit("c", blocking(203), done("c1")));  // full: the server answers 503
  EXPECT_TRUE(pool.submit("a", blocking(299), done("a2")));   // joins the running computation
  EXPECT_TRUE(pool.submit("b", blocking(299), done("b2")));   // joins the waiting one
  release.set_value();
  wait_for([&] {
    std::lock_guard lock(m);
    return got.size() == 4;
  });
  EXPECT_EQ(computed.load(), 2);
  EXPECT_EQ(got["a1"], std::vector<int>{201});
  EXPECT_EQ(got["a2"], std::vector<int>{201});
  EXPECT_EQ(got["b1"], std::vector<int>{202});
  EXPECT_EQ(got["b2"], std::vector<int>{202});
  EXPECT_EQ(got.count("c1"), 0u);
  // Room again once they are done.
  std::promise<int> c;
  EXPECT_TRUE(pool.submit(
      "c", [] { return answer(203); }, [&](const Response& r) { c.set_value(r.status); }));
  EXPECT_EQ(c.get_future().get(), 203);
}

TEST(ComputePool, AQueueOfZeroTakesOnlyWhatIdleThreadsCanStart) {
  ComputePool pool(2, 0);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> finished{0};
  auto blocking = [&] {
    released.wait();
    return answer(200);
  };
  auto done = [&](const Response&) { ++finished; };
  EXPECT_TRUE(pool.submit("a", blocking, done));
  EXPECT_TRUE(pool.submit("b", blocking, done));
  wait_for([&] { return pool.running() == 2; });
  EXPECT_FALSE(pool.submit("c", blocking, done));
  release.set_value();
  wait_for([&] { return finished.load() == 2; });
}

TEST(ComputePool, StopAnswersTheWaitingAndFinishesTheRunning) {
  ComputePool pool(1, 4);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::mutex m;
  std::vector<int> statuses;
  auto done = [&](const Response& r) {
    std::lock_guard lock(m);
    statuses.push_back(r.status);
  };
  EXPECT_TRUE(pool.submit(
      "a",
      [&] {
        released.wait();
        return answer(200);
      },
      done));
  wait_for([&] { return pool.running() == 1; });
  EXPECT_TRUE(pool.submit(
      "b", [] { return answer(200); }, done));
  EXPECT_TRUE(pool.submit(
      "c", [] { return answer(200); }, done));
  std::thread stopper([&] { pool.stop(answer(503)); });
  wait_for([&] {
    std::lock_guard lock(m);
    return statuses.size() == 2;  // b and c refused while a still runs
  });
  release.set_value();
  stopper.join();
  EXPECT_EQ(statuses, (std::vector<int>{503, 503, 200}));
  EXPECT_FALSE(pool.submit(
      "d", [] { return answer(200); }, done));
}

}  // namespace
}  // namespace eb::app::serve
