// The event source.
#include "feed.h"

#include "clock.h"
#include "event.h"

namespace pushbench {
namespace {
constexpr size_t kMaxLagSamples = 16u << 20;  // an unbounded standalone run stops sampling here
}

Feed::Feed(const WorkloadSpec& spec, int64_t epoch_mono_ns, Mailboxes& mailboxes, FeedSink* sink,
           bool to_mailboxes)
    : spec_(spec),
      epoch_(epoch_mono_ns),
      mailboxes_(mailboxes),
      sink_(sink),
      to_mailboxes_(to_mailboxes),
      schedule_(spec),
      // Chat messages come from the clients (servers/upstream.h): the feed publishes nothing.
      next_(spec.workload == Workload::kChat ? std::nullopt : schedule_.next()),
      timer_(make_timer<Feed, &Feed::on_timer>(this)) {}

void Feed::start(lws_context* ctx) noexcept {
  ctx_ = ctx;
  schedule_next(mono_ns());
}

void Feed::schedule_next(int64_t now_ns) noexcept {
  if (!next_) {
    return;
  }
  if (precise_on_) {
    precise_.arm_at(epoch_ + next_->offset_ns);
  } else {
    timer_.schedule(ctx_, epoch_ + next_->offset_ns - now_ns);
  }
}

bool Feed::on_readable(int fd) noexcept {
  if (!precise_.owns(fd)) {
    return false;
  }
  precise_.consume();
  on_timer();
  return true;
}

void Feed::publish(const ScheduledEvent& ev, int64_t now_ns) {
  const int64_t planned = epoch_ + ev.offset_ns;
  auto encoded = std::make_shared<EncodedEvent>();
  encoded->seq = ev.seq;
  if (!encode_event({ev.seq, planned, ev.to}, spec_.payload_bytes, spec_.seed, encoded->json)) {
    ++counters_.encode_failures;
    return;
  }
  if (to_mailboxes_) {
    mailboxes_.deliver(ev.to, encoded);
  }
  if (sink_ != nullptr) {
    sink_->publish(*encoded);
  }
  ++counters_.events_published;
  if (lag_.count() < kMaxLagSamples) {
    lag_.record(now_ns - planned);
  }
}

void Feed::on_timer() noexcept {
  try {
    int64_t now = mono_ns();
    while (next_ && epoch_ + next_->offset_ns <= now) {
      publish(*next_, now);
      next_ = schedule_.next();
      now = mono_ns();
    }
    schedule_next(now);
  } catch (...) {
    ++counters_.encode_failures;  // allocation failure: counted, the loop goes on
  }
}

}  // namespace pushbench
