// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/retryingclient.h"

#include "core/breaker/learnoutcome.h"

#include <algorithm>
#include <vector>

RetryingClient::RetryingClient(ManagerPool &pool, const Clock &clock, RandomSource &random, QObject *parent)
    : CycleRunner(parent)
    , m_pool(pool)
    , m_clock(clock)
    , m_random(random)
{ }

RetryingClient::~RetryingClient()
{
    cancelAll();
}

CircuitBreaker &RetryingClient::breaker(const Endpoint &endpoint)
{
    const QString name = endpoint.breakerName();
    if (CircuitBreaker *existing = m_breakers.value(name))
        return *existing;
    auto *created = new CircuitBreaker(name, endpoint.breaker, m_clock, m_random, this);
    // Queued: the attempt that caused a transition is reported before it.
    connect(created, &CircuitBreaker::transitioned, this, &RetryingClient::transitioned, Qt::QueuedConnection);
    connect(
        created, &CircuitBreaker::probeWanted, this, [this, name] { emit probeWanted(name); }, Qt::QueuedConnection);
    m_breakers.insert(name, created);
    if (m_breakersHeld)
        created->setHeld(true);
    return *created;
}

void RetryingClient::holdBreakers(bool held)
{
    m_breakersHeld = held;
    for (CircuitBreaker *breaker : std::as_const(m_breakers))
        breaker->setHeld(held);
}

RetryBudget &RetryingClient::budget(const Endpoint &endpoint)
{
    return m_budgets.try_emplace(endpoint.budgetName(), endpoint.budget).first->second;
}

bool RetryingClient::isAtRest(const Endpoint &endpoint) const
{
    if (m_running.contains(endpoint.name))
        return false;
    if (endpoint.breaker.enabled) {
        const CircuitBreaker *breaker = findBreaker(endpoint.breakerName());
        if (!breaker || breaker->state() != BreakerState::Closed || breaker->progress().windowSlowCalls > 0)
            return false;
    }
    const auto quota = m_quotaResets.find(endpoint.budgetName());
    return quota == m_quotaResets.end() || !quota->second || *quota->second <= m_clock.now();
}

std::optional<Clock::TimePoint> RetryingClient::rejectingUntil(const Endpoint &endpoint) const
{
    if (m_running.contains(endpoint.name) || !endpoint.breaker.enabled)
        return std::nullopt;
    const CircuitBreaker *breaker = findBreaker(endpoint.breakerName());
    if (!breaker || breaker->state() != BreakerState::Open)
        return std::nullopt;
    const auto quota = m_quotaResets.find(endpoint.budgetName());
    if (quota != m_quotaResets.end() && quota->second && *quota->second > m_clock.now())
        return std::nullopt;
    return breaker->openUntil();
}

void RetryingClient::learnPlainSuccesses(const Endpoint &endpoint, qint64 count)
{
    CircuitBreaker &learning = breaker(endpoint);
    RetryBudget &spending = budget(endpoint);
    for (qint64 i = 0; i < count; ++i) {
        // At rest, successes never open the breaker: once a window's worth
        // has filled its window and the budget is full, more change nothing
        // (a sweep tells a day of them, for every value).
        if (i >= learning.policy().windowSize && spending.tokens() >= spending.policy().maxTokens)
            break;
        learnOutcome(learning, spending, ErrorCategory::Ok, false, std::nullopt);
    }
}

bool RetryingClient::startCycle(const Endpoint &endpoint)
{
    if (m_running.contains(endpoint.name))
        return false;
    const qint64 number = ++m_cycleNumbers[endpoint.name];
    auto &[url, redacted] = m_redactedUrls[endpoint.name];
    if (redacted.isEmpty() || url != endpoint.url) {
        url = endpoint.url;
        redacted = redactedUrl(endpoint.url);
    }
    CycleContext context{m_pool,
                         m_clock,
                         m_random,
                         breaker(endpoint),
                         budget(endpoint),
                         m_environment,
                         m_maxBodyBytes,
                         redacted,
                         &m_quotaResets[endpoint.budgetName()],
                         m_makeAttempt,
                         [this] { spreadOverdueWaits(); }};
    auto *cycle = new RetryCycle(endpoint, number, std::move(context), this);
    m_running.insert(endpoint.name, cycle);
    connect(cycle, &RetryCycle::attemptRecorded, this, &RetryingClient::attemptRecorded);
    connect(cycle, &RetryCycle::finished, this, [this, cycle](const CycleResult &result) {
        m_running.remove(result.endpoint);
        cycle->deleteLater();
        emit cycleFinished(result);
    });
    cycle->start();
    return true;
}

void RetryingClient::spreadOverdueWaits()
{
    // Every retry whose backoff ended while the process did not run would be
    // sent in this one instant: spread them as the scheduler spreads the
    // cycles that fell due, the i-th of M at i/M of the window (or of its
    // endpoint's interval, if shorter), in the endpoints' name order.
    std::vector<std::pair<QString, RetryCycle *>> overdue;
    for (auto it = m_running.cbegin(); it != m_running.cend(); ++it) {
        if (it.value()->isOverdue())
            overdue.emplace_back(it.key(), it.value());
    }
    std::sort(overdue.begin(), overdue.end());
    const auto count = static_cast<qint64>(overdue.size());
    for (qint64 i = 0; i < count; ++i) {
        RetryCycle *cycle = overdue[std::size_t(i)].second;
        cycle->resumeIn(std::min(LateWake::spreadWindow, cycle->interval()) * i / count);
    }
}

void RetryingClient::cancelCycle(const QString &endpointName, const QString &why)
{
    if (RetryCycle *cycle = m_running.value(endpointName))
        cycle->cancel(why);
}

void RetryingClient::cancelAll(const QString &why)
{
    const QList<QString> names = m_running.keys();
    for (const QString &name : names)
        cancelCycle(name, why);
}

std::optional<Clock::TimePoint> RetryingClient::waitingForQuotaUntil(const QString &endpointName) const
{
    const RetryCycle *cycle = m_running.value(endpointName);
    return cycle ? cycle->waitingForQuotaUntil() : std::nullopt;
}
