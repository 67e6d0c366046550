// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/lab/servicemodel.h"
#include "core/lab/virtualattempt.h"

namespace Lab {

// Answers requests in virtual time as the recorded service did: the answer
// in force at the request's moment (ServiceModel::answerAt), after its
// recorded latency, told back in the terms a real response has (its status,
// or the transport error behind its category, a Retry-After and the quota
// fields), so that the live client classifies and reads it exactly as it did
// the real one. Retry-After and quota resets are told in whole seconds,
// rounded up, as servers send them. A recorded timeout without a status is
// censored: the service is only known not to have answered within the
// recorded latency, so the answer is a timeout there (or at the request's
// own timeout, when shorter); a longer timeout does not buy an answer.
class RecordedService
{
public:
    // The body an expected answer carries, which the replayed endpoint's
    // one `assert` check looks for: an answer recorded as assertion_failed
    // carries none, so the check fails exactly where it failed.
    static const QByteArray assertionMarker;

    explicit RecordedService(const ServiceModel &model);

    // The answer to a request sent at `clock`'s UTC time.
    [[nodiscard]] VirtualAnswer answer(const Clock &clock);
    // How many answers were censored timeouts.
    [[nodiscard]] qint64 censored() const { return m_censored; }

private:
    const ServiceModel &m_model;
    qint64 m_censored = 0;
    qsizetype m_hint = 0; // where the last answer was: replays ask in time order
};

} // namespace Lab
