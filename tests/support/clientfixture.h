// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/faultserver/faultserver.h"
#include "core/net/managerpool.h"
#include "core/net/retryingclient.h"
#include "core/util/randomsource.h"

#include <memory>

// What the retrying client's suites share: a fault server on 127.0.0.1, a
// client on a real pool of QNetworkAccessManagers, and the records and transitions it
// reports. A QObject without slots of its own, so that QtTest runs only the
// derived suite's.
class ClientFixture : public QObject
{
public:
    // Call from the suite's initTestCase(), init() and cleanup().
    static void registerTypes();
    void setUp();
    void tearDown();

protected:
    // A quick policy: delays of tens of ms, so the suites stay fast.
    [[nodiscard]] Endpoint endpoint(const QString &pathAndQuery, const QString &name = QStringLiteral("api")) const;
    // Runs one cycle to its end; returns how it ended.
    CycleResult run(const Endpoint &endpoint, int waitMs = 15000);
    // "1:retry/server_error 2:failed/server_error/max_attempts"
    [[nodiscard]] static QString summary(const QList<AttemptRecord> &records);
    [[nodiscard]] static qint64 ms(Clock::TimePoint::duration duration);

    SystemClock m_clock;
    SeededRandom m_random{7};
    std::unique_ptr<FaultServer> m_server;
    std::unique_ptr<ManagerPool> m_pool;
    std::unique_ptr<RetryingClient> m_client;
    QList<AttemptRecord> m_records;
    QList<BreakerTransition> m_transitions;
};
