// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lab/virtualattempt.h"

using std::chrono::milliseconds;

namespace Lab {

VirtualAttempt::VirtualAttempt(const Clock &clock, AttemptRequest request, AnswerFunction answer, QObject *parent)
    : Attempt(parent)
    , m_clock(clock)
    , m_request(std::move(request))
    , m_answer(std::move(answer))
    , m_timer(clock.timer([this] { complete(m_result); }))
{ }

VirtualAttempt::~VirtualAttempt() = default;

AttemptFactory VirtualAttempt::factory(const Clock &clock, AnswerFunction answer)
{
    return [&clock, answer = std::move(answer)](const AttemptRequest &request, QObject *parent) -> Attempt * {
        return new VirtualAttempt(clock, request, answer, parent);
    };
}

void VirtualAttempt::start()
{
    m_running = true;
    m_started = m_clock.now();
    VirtualAnswer answer = m_answer(m_request);
    m_overhead = answer.overhead;
    if (answer.after && *answer.after < m_request.timeout) {
        m_result = std::move(answer.result);
        m_result.transmissions = 1;
        m_timer->start(*answer.after + m_overhead);
        return;
    }
    // As HttpAttempt's timeout ends it: aborted, no status.
    m_result = AttemptResult{};
    m_result.outcome = {QNetworkReply::OperationCanceledError, std::nullopt, AbortReason::Timeout};
    m_result.errorText = QStringLiteral("no complete response within %1 ms").arg(m_request.timeout.count());
    m_result.transmissions = 1;
    m_timer->start(m_request.timeout + m_overhead);
}

void VirtualAttempt::cancel(const QString &why)
{
    if (!m_running)
        return;
    m_timer->stop();
    AttemptResult cancelled;
    cancelled.outcome = {QNetworkReply::OperationCanceledError, std::nullopt, AbortReason::Cancelled};
    cancelled.errorText = why.isEmpty() ? QStringLiteral("cancelled") : why;
    cancelled.transmissions = 1;
    complete(std::move(cancelled));
}

void VirtualAttempt::complete(AttemptResult result)
{
    if (!m_running)
        return;
    m_running = false;
    const auto took
        = std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(m_clock.now() - m_started) - m_overhead);
    result.handedOver = true;
    result.latency = took;
    result.phases.queued = milliseconds(0);
    result.phases.finished = took;
    emit finished(result);
}

} // namespace Lab
