// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/breaker/breakerpolicy.h"
#include "core/policy/errorcategory.h"
#include "core/util/clock.h"
#include "core/util/randomsource.h"

#include <QDateTime>
#include <QObject>

#include <deque>
#include <memory>

// One change of a breaker's state (docs/endpoints-file.md): the event the GUI, the history
// and the transitions CSV show.
struct BreakerTransition
{
    QDateTime timeUtc;
    QString breaker; // the endpoint's name, or the shared breaker.key
    BreakerState from = BreakerState::Closed;
    BreakerState to = BreakerState::Closed;
    QString reason; // in words: "5 consecutive failures", "probe succeeded", ...
    QDateTime openUntilUtc; // when `to` is open: when the probe will be allowed
};

// How far a closed breaker has come toward opening: what the dashboard
// shows as "2 of 5 failures in a row" and "failure rate 40 % of 50 %".
struct BreakerProgress
{
    int consecutiveFailures = 0;
    int windowFailures = 0; // of the rate rule's last windowCalls calls
    int windowCalls = 0;
    int windowSlowCalls = 0; // successes that took at least slowCallDurationMs
};

// docs/endpoints-file.md's circuit breaker. Time comes from the injected Clock, which is the
// only truth: the internal timer merely wakes the breaker when the open period
// should end, so a FakeClock plus updateState() drives it exactly in tests.
class CircuitBreaker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CircuitBreaker)

public:
    enum class Admission {
        Allowed, // closed (or disabled): send
        Probe, // half-open: send as one of the probes
        Rejected, // open, forced open, or half-open with every probe in flight
    };

    // `random` draws each open period's jitter (BreakerPolicy::openJitter).
    CircuitBreaker(QString name, const BreakerPolicy &policy, const Clock &clock, RandomSource &random,
                   QObject *parent = nullptr);
    ~CircuitBreaker() override;

    [[nodiscard]] const QString &name() const { return m_name; }
    [[nodiscard]] const BreakerPolicy &policy() const { return m_policy; }
    [[nodiscard]] BreakerState state() const { return m_state; }

    // Asks to send one attempt now.
    [[nodiscard]] Admission admit();
    // The outcome of an attempt that admit() let through. `probe` says how it
    // was admitted; `latency` decides whether a success was a slow call.
    // client_error and unexpected_status settle nothing; cancelled attempts
    // count for nothing (docs/attempt-log.md and docs/endpoints-file.md). A
    // slow probe fails, as in Resilience4j: half-open asks whether the service
    // is healthy again, and a slow answer says it is not.
    void record(ErrorCategory category, bool probe, std::optional<std::chrono::milliseconds> latency = {});
    // Whether an attempt of this category and latency is a slow call under
    // this breaker's policy (a success at or above slowCallDurationMs).
    [[nodiscard]] bool isSlowCall(ErrorCategory category, std::optional<std::chrono::milliseconds> latency) const;

    // While open: when the half-open probe will be allowed.
    [[nodiscard]] Clock::TimePoint openUntil() const { return m_openUntil; }
    // The open period before jitter: what the next one grows from.
    [[nodiscard]] std::chrono::milliseconds currentOpenDuration() const { return m_currentOpen; }
    // The open period drawn for the current (or last) opening, jitter included.
    [[nodiscard]] std::chrono::milliseconds drawnOpenDuration() const { return m_drawnOpen; }
    [[nodiscard]] int consecutiveFailures() const { return m_consecutiveFailures; }
    [[nodiscard]] BreakerProgress progress() const
    {
        return {m_consecutiveFailures, m_windowFailures, static_cast<int>(m_window.size()), m_windowSlowCalls};
    }

    // Manual control from the GUI; each transition's reason is "manual".
    void forceOpen();
    void disable();
    void reset();

    // Moves open to half-open once the open period has passed on the clock.
    void updateState();
    // Held while the machine is offline: an open period that ends meanwhile
    // leaves the breaker open; released, it moves on at once if it has ended.
    void setHeld(bool held);

    // After a restart: puts back a state kept in the history, so that a
    // restart does not hammer a service the breaker was protecting. `remaining`
    // is what was left of the open period (<= 0 means probe at once).
    void restore(BreakerState state, std::chrono::milliseconds remaining, std::chrono::milliseconds openDuration);

signals:
    void transitioned(const BreakerTransition &transition);
    // Emitted on entering half-open: the probe is to be sent now (docs/endpoints-file.md),
    // not at the endpoint's next poll.
    void probeWanted();

private:
    void moveTo(BreakerState to, const QString &reason);
    void open(std::chrono::milliseconds duration, const QString &reason);
    void recordInClosed(bool failure, bool slow);
    [[nodiscard]] std::optional<QString> rateToOpen(bool failure) const;
    void clearWindow();

    QString m_name;
    BreakerPolicy m_policy;
    const Clock &m_clock;
    RandomSource &m_random;
    BreakerState m_state = BreakerState::Closed;
    int m_consecutiveFailures = 0;
    struct Call
    {
        bool failure = false;
        bool slow = false;
    };
    std::deque<Call> m_window; // newest at the back
    int m_windowFailures = 0;
    int m_windowSlowCalls = 0;
    Clock::TimePoint m_openUntil{};
    QDateTime m_openUntilUtc; // the same moment on the wall clock, for the history
    std::chrono::milliseconds m_currentOpen{0};
    std::chrono::milliseconds m_drawnOpen{0};
    int m_probesInFlight = 0;
    bool m_held = false;
    int m_probeSuccesses = 0;
    std::unique_ptr<ClockTimer> m_wakeUp; // on m_clock: real or virtual time
};
