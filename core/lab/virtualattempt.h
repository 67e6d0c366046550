// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/attempt.h"
#include "core/util/clock.h"

#include <chrono>
#include <functional>
#include <memory>

namespace Lab {

// What a modelled service answers to one request, and after how long. An
// answer that never comes has no `after`.
struct VirtualAnswer
{
    AttemptResult result; // outcome and fields; latency and phases are filled in
    std::optional<std::chrono::milliseconds> after;
    // The client's own time on top (ServiceModel::attemptOverhead): the attempt
    // ends this much later, its latency is the answer's.
    std::chrono::milliseconds overhead{0};
};
using AnswerFunction = std::function<VirtualAnswer(const AttemptRequest &request)>;

// An attempt in virtual time: nothing is sent; the answer comes from
// `answer` on the clock's timers, and the request's own timeout applies to
// it exactly as on the wire (an answer later than the timeout, or one that
// never comes, ends as a timeout at the timeout).
class VirtualAttempt final : public Attempt
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VirtualAttempt)

public:
    VirtualAttempt(const Clock &clock, AttemptRequest request, AnswerFunction answer, QObject *parent = nullptr);
    ~VirtualAttempt() override;

    void start() override;
    void cancel(const QString &why) override;
    [[nodiscard]] bool isRunning() const override { return m_running; }

    // The factory a RetryingClient takes.
    [[nodiscard]] static AttemptFactory factory(const Clock &clock, AnswerFunction answer);

private:
    void complete(AttemptResult result);

    const Clock &m_clock;
    AttemptRequest m_request;
    AnswerFunction m_answer;
    std::unique_ptr<ClockTimer> m_timer;
    AttemptResult m_result;
    Clock::TimePoint m_started{};
    std::chrono::milliseconds m_overhead{0};
    bool m_running = false;
};

} // namespace Lab
