// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/breaker/circuitbreaker.h"

#include <algorithm>
#include <cmath>

using std::chrono::milliseconds;

CircuitBreaker::CircuitBreaker(QString name, const BreakerPolicy &policy, const Clock &clock, RandomSource &random,
                               QObject *parent)
    : QObject(parent)
    , m_name(std::move(name))
    , m_policy(policy)
    , m_clock(clock)
    , m_random(random)
    , m_state(policy.enabled ? BreakerState::Closed : BreakerState::Disabled)
    , m_currentOpen(policy.openDuration)
    , m_wakeUp(clock.timer([this] { updateState(); }))
{ }

CircuitBreaker::~CircuitBreaker() = default;

CircuitBreaker::Admission CircuitBreaker::admit()
{
    updateState();
    switch (m_state) {
    case BreakerState::Closed:
    case BreakerState::Disabled: return Admission::Allowed;
    case BreakerState::HalfOpen:
        if (m_probesInFlight + m_probeSuccesses >= m_policy.halfOpenProbes)
            return Admission::Rejected;
        ++m_probesInFlight;
        return Admission::Probe;
    case BreakerState::Open:
    case BreakerState::ForcedOpen: return Admission::Rejected;
    }
    Q_UNREACHABLE();
    return Admission::Rejected;
}

bool CircuitBreaker::isSlowCall(ErrorCategory category, std::optional<milliseconds> latency) const
{
    return category == ErrorCategory::Ok && m_policy.slowCallDuration.count() > 0 && latency
        && *latency >= m_policy.slowCallDuration;
}

void CircuitBreaker::record(ErrorCategory category, bool probe, std::optional<milliseconds> latency)
{
    const bool slow = isSlowCall(category, latency);
    const bool failure = countsAsFailure(category);
    const bool success = category == ErrorCategory::Ok;
    if (probe) {
        m_probesInFlight = std::max(0, m_probesInFlight - 1);
        // A probe's verdict only matters while the breaker is still half-open
        // (a manual change may have happened meanwhile).
        if (m_state != BreakerState::HalfOpen)
            return;
        if (failure || slow) {
            const auto longer = milliseconds(static_cast<qint64>(
                std::min(static_cast<double>(m_policy.maxOpenDuration.count()),
                         std::round(static_cast<double>(m_currentOpen.count()) * m_policy.openBackoffMultiplier))));
            open(longer,
                 failure ? QStringLiteral("probe failed")
                         : QStringLiteral("probe failed: slow call (%1 ms ≥ %2 ms)")
                               .arg(latency->count())
                               .arg(m_policy.slowCallDuration.count()));
        } else if (success && ++m_probeSuccesses >= m_policy.halfOpenProbes) {
            m_currentOpen = m_policy.openDuration;
            clearWindow();
            moveTo(BreakerState::Closed, QStringLiteral("probe succeeded"));
        }
        // Anything else (client_error, unexpected_status, cancelled) settles
        // nothing: the slot is free again and the next cycle probes.
        return;
    }
    if (m_state == BreakerState::Closed && (failure || success))
        recordInClosed(failure, slow);
}

void CircuitBreaker::recordInClosed(bool failure, bool slow)
{
    m_consecutiveFailures = failure ? m_consecutiveFailures + 1 : 0;
    m_window.push_back({failure, slow});
    m_windowFailures += failure ? 1 : 0;
    m_windowSlowCalls += slow ? 1 : 0;
    if (static_cast<int>(m_window.size()) > m_policy.windowSize) {
        m_windowFailures -= m_window.front().failure ? 1 : 0;
        m_windowSlowCalls -= m_window.front().slow ? 1 : 0;
        m_window.pop_front();
    }
    if (failure && m_consecutiveFailures >= m_policy.failureThreshold) {
        open(m_policy.openDuration, QStringLiteral("%1 consecutive failures").arg(m_consecutiveFailures));
        return;
    }
    if (const auto reason = rateToOpen(failure))
        open(m_policy.openDuration, *reason);
}

// The rate rules, failures first, once the window holds the minimum calls.
// The failure rate is judged on a failure (a success never opens on it); the
// slow-call rate after every call, since a failure can bring the window to its
// minimum with the slow-call rate already reached.
std::optional<QString> CircuitBreaker::rateToOpen(bool failure) const
{
    const int calls = static_cast<int>(m_window.size());
    if (calls < m_policy.minimumCalls)
        return std::nullopt;
    const auto percent = [calls](int count) { return static_cast<int>(std::floor(100.0 * count / calls)); };
    if (failure && m_policy.failureRatePercent > 0 && percent(m_windowFailures) >= m_policy.failureRatePercent) {
        return QStringLiteral("failure rate %1% ≥ %2% over %3 calls")
            .arg(percent(m_windowFailures))
            .arg(m_policy.failureRatePercent)
            .arg(calls);
    }
    if (m_policy.slowCallDuration.count() > 0 && m_windowSlowCalls > 0
        && percent(m_windowSlowCalls) >= m_policy.slowCallRatePercent) {
        return QStringLiteral("slow-call rate %1% ≥ %2% over %3 calls")
            .arg(percent(m_windowSlowCalls))
            .arg(m_policy.slowCallRatePercent)
            .arg(calls);
    }
    return std::nullopt;
}

void CircuitBreaker::open(milliseconds duration, const QString &reason)
{
    m_currentOpen = duration;
    // No draw without jitter: a breaker with openJitter 0 leaves the random
    // sequence (which backoff jitter shares) as it was.
    const double jitter = m_policy.openJitter > 0 ? m_random.uniform(0.0, m_policy.openJitter) : 0.0;
    m_drawnOpen = milliseconds(qint64(std::llround(double(duration.count()) * (1.0 + jitter))));
    m_openUntil = m_clock.now() + m_drawnOpen;
    m_openUntilUtc = m_clock.utcNow().addMSecs(m_drawnOpen.count());
    m_probesInFlight = 0;
    m_probeSuccesses = 0;
    clearWindow();
    moveTo(BreakerState::Open, reason);
    m_wakeUp->start(m_drawnOpen);
}

void CircuitBreaker::setHeld(bool held)
{
    m_held = held;
    updateState();
}

void CircuitBreaker::updateState()
{
    if (m_state != BreakerState::Open)
        return;
    if (m_held) {
        m_wakeUp->stop(); // released later, it looks again
        return;
    }
    if (m_clock.now() < m_openUntil) {
        // Woken early (a real timer against a fake clock, or timer slack):
        // sleep again for what is left.
        m_wakeUp->start(std::chrono::duration_cast<milliseconds>(m_openUntil - m_clock.now()));
        return;
    }
    m_wakeUp->stop();
    m_probesInFlight = 0;
    m_probeSuccesses = 0;
    moveTo(BreakerState::HalfOpen, QStringLiteral("open period of %1 ms elapsed").arg(m_drawnOpen.count()));
    emit probeWanted();
}

void CircuitBreaker::forceOpen()
{
    m_wakeUp->stop();
    moveTo(BreakerState::ForcedOpen, QStringLiteral("manual"));
}

void CircuitBreaker::disable()
{
    m_wakeUp->stop();
    moveTo(BreakerState::Disabled, QStringLiteral("manual"));
}

void CircuitBreaker::reset()
{
    m_wakeUp->stop();
    clearWindow();
    m_probesInFlight = 0;
    m_probeSuccesses = 0;
    m_currentOpen = m_policy.openDuration;
    moveTo(BreakerState::Closed, QStringLiteral("manual"));
}

void CircuitBreaker::clearWindow()
{
    m_consecutiveFailures = 0;
    m_window.clear();
    m_windowFailures = 0;
    m_windowSlowCalls = 0;
}

void CircuitBreaker::restore(BreakerState state, milliseconds remaining, milliseconds openDuration)
{
    const QString reason = QStringLiteral("restored after restart");
    switch (state) {
    case BreakerState::Open:
        if (m_state == BreakerState::Disabled)
            return; // the file now says "not enabled": that wins
        m_currentOpen = std::clamp(openDuration, m_policy.openDuration, m_policy.maxOpenDuration);
        m_drawnOpen = m_currentOpen;
        m_openUntil = m_clock.now() + std::max(remaining, milliseconds(0));
        m_openUntilUtc = m_clock.utcNow().addMSecs(std::max(remaining, milliseconds(0)).count());
        m_probesInFlight = 0;
        m_probeSuccesses = 0;
        clearWindow();
        moveTo(BreakerState::Open, reason);
        m_wakeUp->start(std::max(remaining, milliseconds(0)));
        return;
    case BreakerState::ForcedOpen:
        m_wakeUp->stop();
        moveTo(BreakerState::ForcedOpen, reason);
        return;
    case BreakerState::Disabled:
        m_wakeUp->stop();
        moveTo(BreakerState::Disabled, reason);
        return;
    case BreakerState::Closed:
    case BreakerState::HalfOpen: return; // nothing to keep: half-open simply probes again
    }
}

void CircuitBreaker::moveTo(BreakerState to, const QString &reason)
{
    if (to == m_state)
        return;
    BreakerTransition transition{m_clock.utcNow(), m_name, m_state, to, reason, {}};
    if (to == BreakerState::Open)
        transition.openUntilUtc = m_openUntilUtc;
    m_state = to;
    emit transitioned(transition);
}
