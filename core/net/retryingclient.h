// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/breaker/circuitbreaker.h"
#include "core/breaker/retrybudget.h"
#include "core/net/cyclerunner.h"

#include <QHash>
#include <QObject>
#include <QProcessEnvironment>

#include <map>

// The retrying client (docs/endpoints-file.md and docs/attempt-log.md): runs cycles of endpoints on a
// pool of QNetworkAccessManagers (isolated per request, see ManagerPool), with one circuit breaker and one retry budget
// per endpoint or per shared key, and reports every attempt, every breaker transition and every cycle's end as signals,
// in order. It knows nothing of who listens.
class RetryingClient final : public CycleRunner
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RetryingClient)

public:
    RetryingClient(ManagerPool &pool, const Clock &clock, RandomSource &random, QObject *parent = nullptr);
    ~RetryingClient() override;

    // Starts one cycle; false when this endpoint already has one running
    // (cycles of one endpoint never overlap).
    bool startCycle(const Endpoint &endpoint) override;
    // Ends a running cycle with reason `cancelled`, an attempt in flight
    // recording `why` as its error; nothing is left behind.
    void cancelCycle(const QString &endpointName, const QString &why) override;
    void cancelAll(const QString &why = QString());
    [[nodiscard]] bool isRunning(const QString &endpointName) const { return m_running.contains(endpointName); }
    // When a running cycle of the endpoint has not sent yet because it waits
    // for a quota another endpoint sharing its budget found exhausted: when
    // its first request will leave.
    [[nodiscard]] std::optional<Clock::TimePoint> waitingForQuotaUntil(const QString &endpointName) const;

    // The breaker an endpoint uses, created on first use.
    [[nodiscard]] CircuitBreaker &breaker(const Endpoint &endpoint);
    [[nodiscard]] CircuitBreaker *findBreaker(const QString &breakerName) const
    {
        return m_breakers.value(breakerName);
    }
    [[nodiscard]] RetryBudget &budget(const Endpoint &endpoint);
    // The budget of this name (an endpoint's or a shared key's), if used yet.
    [[nodiscard]] const RetryBudget *findBudget(const QString &budgetName) const
    {
        const auto it = m_budgets.find(budgetName);
        return it == m_budgets.end() ? nullptr : &it->second;
    }

    // Whether the endpoint's next cycles, while every answer is a plain
    // success (expected, in time, not slow, asking for no wait), are its
    // cycles at rest: one attempt each, every interval, whatever came
    // before. So when no cycle is running, its breaker is closed with no slow
    // call in its window (a success could open it on the slow-call rate) and
    // no exhausted quota is waited for. The policy lab's sweep rests such an
    // endpoint through a healthy stretch and then tells it what those cycles
    // would have taught it (learnPlainSuccesses).
    [[nodiscard]] bool isAtRest(const Endpoint &endpoint) const;
    // What `count` cycles at rest, each a plain success, teach the
    // endpoint's breaker and budget.
    void learnPlainSuccesses(const Endpoint &endpoint, qint64 count);
    // Until when every cycle of `endpoint` the client would start is
    // rejected by its open breaker, nothing sent, nothing learnt, whatever
    // the service would answer: no cycle running, the breaker open (not
    // half-open, not opened by hand) and no exhausted quota waited for.
    // Empty when that is not so. The policy lab's sweep copies such cycles
    // instead of running each (replay.h).
    [[nodiscard]] std::optional<Clock::TimePoint> rejectingUntil(const Endpoint &endpoint) const;

    // While the machine is offline no breaker moves (setHeld), the ones made
    // meanwhile included.
    void holdBreakers(bool held);

    // Where `${env:NAME}` values come from (the process environment by default).
    void setEnvironment(const QProcessEnvironment &environment) { m_environment = environment; }
    void setMaxBodyBytes(qint64 bytes) { m_maxBodyBytes = bytes; }
    // What makes each attempt; by default an HttpAttempt on the pool. The
    // policy lab answers from recorded traffic instead.
    void setAttemptFactory(AttemptFactory factory) { m_makeAttempt = std::move(factory); }

signals:
    void attemptRecorded(const AttemptRecord &record);
    void transitioned(const BreakerTransition &transition);

private:
    void spreadOverdueWaits();

    ManagerPool &m_pool;
    const Clock &m_clock;
    RandomSource &m_random;
    QProcessEnvironment m_environment = QProcessEnvironment::systemEnvironment();
    qint64 m_maxBodyBytes = 1024 * 1024;
    AttemptFactory m_makeAttempt;

    QHash<QString, RetryCycle *> m_running;
    QHash<QString, CircuitBreaker *> m_breakers;
    bool m_breakersHeld = false;
    std::map<QString, RetryBudget> m_budgets;
    // Rate-limit pacing's reset moments, by budget name (std::map: a cycle
    // holds a pointer to its entry, which must not move).
    std::map<QString, std::optional<Clock::TimePoint>> m_quotaResets;
    QHash<QString, qint64> m_cycleNumbers;
    QHash<QString, std::pair<QUrl, QString>> m_redactedUrls; // by endpoint: the URL and its redacted form
};
