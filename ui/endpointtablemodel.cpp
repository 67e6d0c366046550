// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/endpointtablemodel.h"

#include "core/config/policylint.h"
#include "ui/breakerstyle.h"

#include <QColor>
#include <QSet>

#include <limits>

namespace {

QString percent(const std::optional<double> &value)
{
    return value ? QStringLiteral("%1%").arg(*value * 100.0, 0, 'f', 1) : QStringLiteral("–");
}

QString milliseconds(const std::optional<qint64> &value)
{
    return value ? QStringLiteral("%1 ms").arg(*value) : QStringLiteral("–");
}

QString seconds(std::chrono::milliseconds value)
{
    return QStringLiteral("%1 s").arg(double(std::max<qint64>(0, value.count())) / 1000.0, 0, 'f', 1);
}

} // namespace

std::optional<qint64> EndpointTableModel::certificateDays(const EndpointStats::Snapshot &s) const
{
    if (!s.certificateExpiryUtc.isValid())
        return std::nullopt;
    return certificateDaysLeft(s.certificateExpiryUtc, m_clock.utcNow()); // "expires in 0 d" on its last day
}

QString EndpointTableModel::quotaText(const EndpointStats::Snapshot &s) const
{
    if (!s.quotaRemaining)
        return QStringLiteral("–");
    const qint64 resetIn = s.quotaResetUtc.isValid() ? m_clock.utcNow().msecsTo(s.quotaResetUtc) : 0;
    if (resetIn <= 0)
        return tr("%1 left").arg(*s.quotaRemaining);
    return tr("%1 left · resets in %2").arg(*s.quotaRemaining).arg(seconds(std::chrono::milliseconds(resetIn)));
}

EndpointTableModel::EndpointTableModel(Monitor &monitor, const EndpointStats &stats, const Clock &clock,
                                       QObject *parent)
    : QAbstractTableModel(parent)
    , m_monitor(monitor)
    , m_stats(stats)
    , m_clock(clock)
{
    reload();
}

void EndpointTableModel::reload()
{
    const QDateTime now = m_clock.utcNow();
    beginResetModel();
    m_endpoints = m_monitor.endpoints();
    m_snapshots.clear();
    for (const Endpoint &endpoint : std::as_const(m_endpoints))
        m_snapshots.append(m_stats.snapshot(endpoint.name, now));
    endResetModel();
}

void EndpointTableModel::refresh()
{
    const QDateTime now = m_clock.utcNow();
    for (qsizetype row = 0; row < m_endpoints.size(); ++row)
        m_snapshots[row] = m_stats.snapshot(m_endpoints[row].name, now);
    if (!m_endpoints.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_endpoints.size()) - 1, ColumnCount - 1));
}

int EndpointTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_endpoints.size());
}

int EndpointTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

BreakerState EndpointTableModel::breakerState(const Endpoint &endpoint) const
{
    if (!endpoint.breaker.enabled)
        return BreakerState::Disabled;
    const CircuitBreaker *breaker = m_monitor.client().findBreaker(endpoint.breakerName());
    return breaker ? breaker->state() : BreakerState::Closed;
}

QString EndpointTableModel::nextText(const Endpoint &endpoint) const
{
    if (!endpoint.enabled)
        return tr("disabled");
    if (!m_monitor.connectivity().isOnline())
        return tr("offline");
    if (m_monitor.scheduler().isPaused(endpoint.name))
        return tr("paused");
    if (const CircuitBreaker *breaker = m_monitor.client().findBreaker(endpoint.breakerName());
        breaker && breaker->state() == BreakerState::Open)
        return tr("probe in %1")
            .arg(seconds(std::chrono::duration_cast<std::chrono::milliseconds>(breaker->openUntil() - m_clock.now())));
    if (const auto until = m_monitor.client().waitingForQuotaUntil(endpoint.name))
        return tr("quota resets in %1")
            .arg(seconds(std::chrono::duration_cast<std::chrono::milliseconds>(*until - m_clock.now())));
    if (m_monitor.client().isRunning(endpoint.name))
        return tr("running");
    const auto due = m_monitor.scheduler().nextDue(endpoint.name);
    return due ? tr("in %1").arg(seconds(std::chrono::duration_cast<std::chrono::milliseconds>(*due - m_clock.now())))
               : QString();
}

double EndpointTableModel::budgetTokens(const Endpoint &endpoint) const
{
    if (!endpoint.budget.enabled)
        return -1;
    const RetryBudget *budget = m_monitor.client().findBudget(endpoint.budgetName());
    return budget ? budget->tokens() : endpoint.budget.maxTokens;
}

GuardText::Text EndpointTableModel::budgetText(const Endpoint &endpoint) const
{
    return GuardText::budget(endpoint.budget, m_monitor.client().findBudget(endpoint.budgetName()));
}

GuardText::Text EndpointTableModel::progressText(const Endpoint &endpoint, BreakerState state) const
{
    const CircuitBreaker *breaker = m_monitor.client().findBreaker(endpoint.breakerName());
    return GuardText::breakerProgress(endpoint.breaker, state, breaker ? breaker->progress() : BreakerProgress{});
}

EndpointTableModel::Counts EndpointTableModel::counts() const
{
    Counts counts;
    QSet<QString> openBreakers; // a shared breaker counts once
    QSet<QString> halfOpen;
    for (qsizetype row = 0; row < m_endpoints.size(); ++row) {
        const auto &last = m_snapshots[row].last;
        counts.up += last && last->outcome == AttemptOutcome::Success ? 1 : 0;
        const BreakerState state = breakerState(m_endpoints[row]);
        if (state == BreakerState::Open || state == BreakerState::ForcedOpen)
            openBreakers.insert(m_endpoints[row].breakerName());
        else if (state == BreakerState::HalfOpen)
            halfOpen.insert(m_endpoints[row].breakerName());
    }
    counts.openBreakers = int(openBreakers.size());
    counts.halfOpenBreakers = int(halfOpen.size());
    return counts;
}

QHash<QString, BreakerState> EndpointTableModel::breakerStates() const
{
    QHash<QString, BreakerState> states;
    for (const Endpoint &endpoint : m_endpoints)
        states.insert(endpoint.breakerName(), breakerState(endpoint));
    return states;
}

QVariant EndpointTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Endpoint &e = m_endpoints.at(index.row());
    const EndpointStats::Snapshot &s = m_snapshots.at(index.row());
    const BreakerState state = breakerState(e);
    if (role == NameRole)
        return e.name;
    if (role == BeatsRole) {
        QVariantList beats;
        for (const EndpointStats::Beat beat : s.beats)
            beats.append(int(beat));
        return beats;
    }
    // Offline, nothing is polled: every row greyed, the reason at hand.
    const bool offline = e.enabled && !m_monitor.connectivity().isOnline();
    if (offline && role == Qt::ForegroundRole)
        return QColor(0x9e, 0x9e, 0x9e);
    if (offline && role == Qt::ToolTipRole && index.column() == Next)
        return tr("Not polled while this machine is offline: %1").arg(m_monitor.connectivity().reason());
    if (role == Qt::DisplayRole || role == SortRole) {
        const bool sort = role == SortRole;
        switch (index.column()) {
        case State: return sort ? QVariant(int(state)) : QVariant(BreakerStyle::label(state));
        case Name: return e.name;
        case Method: return QString::fromLatin1(e.method);
        case Url: return redactedUrl(e.url);
        case LastOutcome:
            if (!s.last)
                return tr("waiting");
            if (s.degraded())
                return tr("degraded · slow calls");
            return QStringLiteral("%1 · %2%3")
                .arg(outcomeName(s.last->outcome), categoryName(s.last->category),
                     s.last->slow ? tr(" · slow") : QString());
        case Beats: return sort ? QVariant(s.beats.count(EndpointStats::Beat::FirstTry)) : QVariant();
        case SuccessRate: return sort ? QVariant(s.successRate().value_or(-1)) : QVariant(percent(s.successRate()));
        case FirstTryRate:
            return sort ? QVariant(s.firstTrySuccessRate().value_or(-1)) : QVariant(percent(s.firstTrySuccessRate()));
        case RetriesPerCycle:
            if (sort)
                return s.retriesPerCycle().value_or(-1);
            return s.retriesPerCycle() ? QString::number(*s.retriesPerCycle(), 'f', 2) : QStringLiteral("–");
        case LatencyP50: return sort ? QVariant(s.latencyP50.value_or(-1)) : QVariant(milliseconds(s.latencyP50));
        case LatencyP95: return sort ? QVariant(s.latencyP95.value_or(-1)) : QVariant(milliseconds(s.latencyP95));
        case Next: return nextText(e);
        case Budget: return sort ? QVariant(budgetTokens(e)) : QVariant(budgetText(e).brief);
        case Progress: return progressText(e, state).brief;
        case Quota:
            if (sort)
                return s.quotaRemaining.value_or(-1);
            return quotaText(s);
        case Certificate: {
            const auto days = certificateDays(s);
            if (sort)
                return days.value_or(std::numeric_limits<qint64>::max());
            if (!days)
                return QStringLiteral("–");
            return *days < 0 ? tr("expired %1 d ago").arg(-*days) : tr("expires in %1 d").arg(*days);
        }
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == Budget)
        return budgetText(e).explanation;
    if (role == Qt::ToolTipRole && index.column() == Progress)
        return progressText(e, state).explanation;
    if (role == Qt::ForegroundRole && index.column() == Budget && budgetText(e).alarm)
        return QColor(0xc6, 0x28, 0x28);
    if (role == Qt::DecorationRole && index.column() == State)
        return BreakerStyle::icon(state);
    if (role == Qt::ToolTipRole && (index.column() == Url || index.column() == Name)) {
        if (index.column() == Url)
            return redactedUrl(e.url); // whole, however narrow the column
        const QString note = m_notes.value(e.name);
        return note.isEmpty() ? e.name
                              : QStringLiteral("<b>%1</b><br>%2").arg(e.name.toHtmlEscaped(), note.toHtmlEscaped());
    }
    if (role == Qt::ToolTipRole && index.column() == LastOutcome && s.last) {
        if (s.degraded())
            return tr("Degraded: %1 of the %2 recent successes were slow calls (%3 ms or longer)")
                .arg(s.slowSuccesses)
                .arg(s.successfulCycles)
                .arg(e.breaker.slowCallDuration.count());
        return s.last->slow ? tr("A slow call: %1 ms, the slow-call duration is %2 ms")
                                  .arg(s.last->latency.value_or(std::chrono::milliseconds(0)).count())
                                  .arg(e.breaker.slowCallDuration.count())
                            : s.last->error;
    }
    if (role == Qt::ForegroundRole && index.column() == LastOutcome && s.degraded())
        return QColor(0xb2, 0x6a, 0x00); // amber, as the half-open breaker
    if (role == Qt::ForegroundRole && index.column() == Certificate) {
        const auto days = certificateDays(s);
        if (days && certificateWithinWarning(e, *days))
            return QColor(0xc6, 0x28, 0x28);
    }
    if (role == Qt::ToolTipRole && index.column() == Certificate && s.certificateExpiryUtc.isValid())
        return tr("The server's certificate expires on %1 UTC; flagged within %2 days (tlsExpiryWarningDays)")
            .arg(s.certificateExpiryUtc.toString(QStringLiteral("yyyy-MM-dd HH:mm")))
            .arg(e.tlsExpiryWarningDays);
    if (role == Qt::ToolTipRole && index.column() == Quota)
        return s.quotaRemaining
            ? tr("The server's last answer announced %1 requests left%2. When none is left and pacing is on "
                 "(retry.respectRateLimit), the next request waits for the reset.")
                  .arg(*s.quotaRemaining)
                  .arg(
                      s.quotaResetUtc.isValid()
                          ? tr(", resetting at %1 UTC").arg(s.quotaResetUtc.time().toString(QStringLiteral("HH:mm:ss")))
                          : QString())
            : tr("The server has announced no quota (RateLimit or X-RateLimit fields)");
    if (role == Qt::ToolTipRole && index.column() == Beats)
        return tr("Last %1 cycles, oldest first: %2 first-try successes, %3 successes after retries, %4 slow "
                  "successes, %5 failed, %6 rejected by the breaker")
            .arg(s.beats.size())
            .arg(s.beats.count(EndpointStats::Beat::FirstTry))
            .arg(s.beats.count(EndpointStats::Beat::AfterRetries))
            .arg(s.beats.count(EndpointStats::Beat::Slow))
            .arg(s.beats.count(EndpointStats::Beat::Failed))
            .arg(s.beats.count(EndpointStats::Beat::Rejected));
    if (role == Qt::TextAlignmentRole
        && (index.column() == SuccessRate || index.column() == FirstTryRate || index.column() == RetriesPerCycle
            || index.column() == LatencyP50 || index.column() == LatencyP95))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant EndpointTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        static const QStringList meanings{
            tr("The breaker's state: closed lets requests through, open stops them, half-open lets one probe through"),
            tr("The endpoint's name (hover a row for more)"),
            tr("The request's method"),
            tr("Where requests go"),
            tr("How the last cycle ended, and its error category"),
            tr("One mark per recent cycle, newest on the right: green succeeded, green with an amber top after "
               "retries, pale green outlined a slow call, red hatched failed, hollow rejected by the open breaker"),
            tr("Cycles that succeeded, retries included"),
            tr("Cycles that succeeded on their first attempt"),
            tr("Retries per cycle, on average"),
            tr("The retry budget's tokens against what a retry needs; \"exhausted\" while retries are off"),
            tr("How far a closed breaker is from opening"),
            tr("Median latency of the recent attempts"),
            tr("95th percentile latency of the recent attempts: one in twenty took longer"),
            tr("When the next cycle or probe starts"),
            tr("The quota the server announced in its last answer (RateLimit, X-RateLimit-Remaining): requests left, "
               "and when it resets"),
            tr("https: whole days until the server's certificate expires, red within the endpoint's "
               "tlsExpiryWarningDays")};
        return QString(meanings.value(section) + QLatin1Char('\n')
                       + tr("Right-click the titles to choose the columns"));
    }
    if (role != Qt::DisplayRole)
        return {};
    static const QStringList titles{tr("Breaker"),       tr("Endpoint"),      tr("Method"),      tr("URL"),
                                    tr("Last"),          tr("Recent cycles"), tr("Success"),     tr("First try"),
                                    tr("Retries/cycle"), tr("Retry budget"),  tr("Toward open"), tr("p50"),
                                    tr("p95"),           tr("Next"),          tr("Quota"),       tr("Certificate")};
    return titles.value(section);
}
