// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/config/endpoint.h"
#include "core/net/attemptrecord.h"
#include "core/net/httpattempt.h"
#include "core/policy/backoff.h"
#include "core/policy/ratelimitquota.h"
#include "core/policy/retryafter.h"
#include "core/util/latewake.h"

#include <QObject>
#include <QPointer>
#include <QProcessEnvironment>

#include <memory>

class CircuitBreaker;
class ManagerPool;
class RandomSource;
class RetryBudget;

// How a cycle ended, for the scheduler.
struct CycleResult
{
    QString endpoint;
    qint64 cycle = 0;
    AttemptOutcome outcome = AttemptOutcome::Success; // Success, Failed or Rejected
    std::optional<CycleEndReason> reason;
    int attempts = 0;
    // A Retry-After moment the next cycle must not start before (docs/endpoints-file.md).
    std::optional<Clock::TimePoint> notBefore;
};

// What a cycle works with; owned by the RetryingClient.
struct CycleContext
{
    ManagerPool &pool;
    const Clock &clock;
    RandomSource &random;
    CircuitBreaker &breaker;
    RetryBudget &budget;
    QProcessEnvironment environment;
    qint64 maxBodyBytes = 1024 * 1024;
    // The endpoint's URL as records show it (credentials redacted), made
    // once per endpoint rather than once per attempt; empty: made here.
    QString redactedUrl;
    // Rate-limit pacing (docs/endpoints-file.md): when the quota announced
    // as exhausted resets, jitter included; shared by endpoints that share a
    // budget, as they share the quota. Null when no exhausted quota is known.
    std::optional<Clock::TimePoint> *quotaResetAt = nullptr;
    // Makes each attempt; empty: an HttpAttempt on `pool`.
    AttemptFactory makeAttempt;
    // Called instead of sending when a wait ended more than LateWake::threshold
    // late (the process did not run): the client then spreads every overdue
    // cycle with resumeIn(). Empty: sent at once.
    std::function<void()> wokeLate;
};

// One cycle of one endpoint: the first attempt and its retries (docs/endpoints-file.md),
// each attempt reported as an AttemptRecord.
class RetryCycle final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RetryCycle)

public:
    RetryCycle(const Endpoint &endpoint, qint64 number, CycleContext context, QObject *parent = nullptr);
    ~RetryCycle() override;

    void start();
    // Ends the cycle with reason `cancelled`, leaving no reply or timer; a
    // running attempt records `why` as its error ("cancelled" when empty).
    void cancel(const QString &why);
    // While the cycle's first request waits for a shared quota's reset: when
    // it will leave.
    [[nodiscard]] std::optional<Clock::TimePoint> waitingForQuotaUntil() const { return m_quotaWaitUntil; }
    // Waiting to send (a backoff, a quota's reset) and that moment passed.
    [[nodiscard]] bool isOverdue() const;
    // The endpoint's polling interval, which bounds a late wake-up's spread.
    [[nodiscard]] std::chrono::milliseconds interval() const { return m_endpoint.interval; }
    // Sends the next attempt after `wait` instead (a late wake-up's spread).
    void resumeIn(std::chrono::milliseconds wait);

signals:
    void attemptRecorded(const AttemptRecord &record);
    void finished(const CycleResult &result);

private:
    void nextAttempt();
    void waitFor(std::chrono::milliseconds wait);
    void waitEnded();
    void attemptFinished(const AttemptResult &result);
    [[nodiscard]] std::optional<CycleEndReason> endReason(const Classification &classification,
                                                          std::optional<std::chrono::milliseconds> announcedWait,
                                                          bool breakerOpened,
                                                          std::optional<std::chrono::milliseconds> delay) const;
    // Learns the quota a response announced; an exhausted one sets the
    // shared reset moment, a jitter drawn on top.
    void learnQuota(const RateLimitQuota &quota);
    // What is left until an exhausted quota resets, when pacing applies.
    [[nodiscard]] std::optional<std::chrono::milliseconds> pacingWait() const;
    [[nodiscard]] AttemptRecord newRecord() const;
    void finish(AttemptOutcome outcome, std::optional<CycleEndReason> reason);
    [[nodiscard]] std::optional<AttemptRequest> buildRequest(QString *problem) const;

    Endpoint m_endpoint;
    qint64 m_number;
    CycleContext m_context;
    BackoffSequence m_backoff;
    QByteArray m_idempotencyKey;
    QPointer<Attempt> m_attempt;
    std::unique_ptr<ClockTimer> m_wait; // on the context's clock: real or virtual time
    bool m_waiting = false;
    LateWake::Moment m_waitDue;
    int m_attemptNumber = 0;
    bool m_probe = false;
    bool m_done = false;
    QDateTime m_attemptStartUtc;
    BreakerState m_breakerStateAtAttempt = BreakerState::Closed;
    Clock::TimePoint m_cycleStart{};
    std::optional<Clock::TimePoint> m_notBefore;
    std::optional<Clock::TimePoint> m_quotaWaitUntil;
};
