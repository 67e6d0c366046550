// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/clientfixture.h"

#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;

void ClientFixture::registerTypes()
{
    qRegisterMetaType<CycleResult>();
    qRegisterMetaType<AttemptRecord>();
    qRegisterMetaType<BreakerTransition>();
}

void ClientFixture::setUp()
{
    m_server = std::make_unique<FaultServer>(m_clock);
    QVERIFY(m_server->listen(0));
    m_pool = std::make_unique<ManagerPool>();
    m_client = std::make_unique<RetryingClient>(*m_pool, m_clock, m_random);
    m_records.clear();
    m_transitions.clear();
    connect(m_client.get(), &RetryingClient::attemptRecorded, this,
            [this](const AttemptRecord &r) { m_records.append(r); });
    connect(m_client.get(), &RetryingClient::transitioned, this,
            [this](const BreakerTransition &t) { m_transitions.append(t); });
}

void ClientFixture::tearDown()
{
    m_client.reset();
    m_pool.reset();
    m_server.reset();
}

Endpoint ClientFixture::endpoint(const QString &pathAndQuery, const QString &name) const
{
    Endpoint e;
    e.name = name;
    e.url = m_server->url(pathAndQuery);
    e.timeout = 2000ms;
    e.retry.initialDelay = 20ms;
    e.retry.maxDelay = 80ms;
    e.retry.maxAttempts = 3;
    return e;
}

CycleResult ClientFixture::run(const Endpoint &endpoint, int waitMs)
{
    QSignalSpy finished(m_client.get(), &RetryingClient::cycleFinished);
    if (!m_client->startCycle(endpoint))
        return {};
    if (finished.isEmpty() && !finished.wait(waitMs))
        return {};
    return finished.first().at(0).value<CycleResult>();
}

QString ClientFixture::summary(const QList<AttemptRecord> &records)
{
    QStringList parts;
    for (const AttemptRecord &r : records) {
        parts.append(QStringLiteral("%1:%2/%3%4")
                         .arg(r.attempt)
                         .arg(outcomeName(r.outcome), categoryName(r.category),
                              r.reason ? u'/' + QString(reasonName(*r.reason)) : QString()));
    }
    return parts.join(u' ');
}

qint64 ClientFixture::ms(Clock::TimePoint::duration duration)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(duration).count();
}
