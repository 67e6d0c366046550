// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dashboard/historychartfeed.h"

#include "core/dashboard/dashboardfeed.h"
#include "core/dashboard/historycharts.h"
#include "core/store/history.h"

#include <QThread>

HistoryChartFeed::HistoryChartFeed(History &history, const Clock &clock, qsizetype maxPoints, QObject *parent)
    : QObject(parent)
    , m_history(history)
    , m_clock(clock)
    , m_maxPoints(maxPoints)
    , m_thread(new QThread(this))
    , m_loader(new HistoryChartLoader(history.path()))
{
    m_thread->setObjectName(QStringLiteral("history charts"));
    m_loader->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_loader, &QObject::deleteLater);
    connect(m_loader, &HistoryChartLoader::loaded, this, [this](quint64 ticket, const ChartData &data) {
        if (ticket != m_ticket || !reading())
            return; // superseded
        m_latest = data;
        emit loaded();
    });
    connect(m_loader, &HistoryChartLoader::failed, this, [this](quint64 ticket, const QString &error) {
        if (ticket == m_ticket)
            emit failed(error);
    });
    m_thread->start();
    connect(&m_again, &QTimer::timeout, this, &HistoryChartFeed::request);
}

HistoryChartFeed::~HistoryChartFeed()
{
    m_thread->quit();
    m_thread->wait();
}

bool HistoryChartFeed::reading() const
{
    return m_span > DashboardFeed::liveSpan;
}

void HistoryChartFeed::setSpan(std::chrono::minutes span)
{
    m_span = span;
    m_latest.reset();
    ++m_ticket; // whatever is on its way was for the old span
    m_again.setInterval(span > std::chrono::hours(1) ? std::chrono::seconds(30) : std::chrono::seconds(5));
    if (reading()) {
        m_again.start();
        request();
    } else {
        m_again.stop();
    }
}

void HistoryChartFeed::setSubject(const QStringList &endpoints, const QStringList &breakers)
{
    m_endpoints = endpoints;
    m_breakers = breakers;
    m_latest.reset();
    ++m_ticket;
    request();
}

void HistoryChartFeed::request()
{
    if (!reading())
        return;
    m_history.flush(); // what is still in the batch counts too
    const qint64 now = m_clock.utcNow().toMSecsSinceEpoch();
    const qint64 span = std::chrono::milliseconds(m_span).count();
    m_loader->request(++m_ticket, now - span, now + 1, m_endpoints, m_breakers, m_maxPoints);
}
