// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lab/labreport.h"

#include "core/lab/replay.h"
#include "core/store/csv.h"

#include <cmath>

namespace Lab {

namespace {

bool within5Percent(double recorded, double replayed)
{
    return std::abs(recorded - replayed) <= 0.05 * std::max(std::abs(recorded), std::abs(replayed));
}

QString percent(double value)
{
    return QString::number(value, 'f', 1);
}

QString ms(std::chrono::milliseconds value)
{
    return QString::number(value.count());
}

// The report's columns, in order: header and value of a row.
struct Column
{
    const char *name;
    QString (*value)(const ReportRow &row);
};

const Column columns[] = {
    {"endpoint", [](const ReportRow &r) { return r.endpoint; }},
    {"policy", [](const ReportRow &r) { return r.policy; }},
    {"cycles", [](const ReportRow &r) { return QString::number(r.figures.cycles); }},
    {"success_pct", [](const ReportRow &r) { return percent(r.figures.successPercent()); }},
    {"first_try_pct", [](const ReportRow &r) { return percent(r.figures.firstTryPercent()); }},
    {"attempts", [](const ReportRow &r) { return QString::number(r.figures.attempts); }},
    {"amplification", [](const ReportRow &r) { return QString::number(r.figures.amplification(), 'f', 2); }},
    {"attempts_while_failing", [](const ReportRow &r) { return QString::number(r.figures.attemptsWhileFailing); }},
    {"rejected_cycles", [](const ReportRow &r) { return QString::number(r.figures.rejectedCycles); }},
    {"open_pct", [](const ReportRow &r) { return percent(r.figures.openPercent()); }},
    {"budget_exhausted", [](const ReportRow &r) { return QString::number(r.figures.budgetExhaustedCycles); }},
    {"cycle_p50_ms", [](const ReportRow &r) { return ms(r.figures.cycleP50); }},
    {"cycle_p95_ms", [](const ReportRow &r) { return ms(r.figures.cycleP95); }},
    {"cycle_p99_ms", [](const ReportRow &r) { return ms(r.figures.cycleP99); }},
    {"cycle_max_ms", [](const ReportRow &r) { return ms(r.figures.cycleMax); }},
    {"violations", [](const ReportRow &r) { return QString::number(r.figures.violations); }},
    {"censored", [](const ReportRow &r) { return QString::number(r.figures.censored); }},
    {"fit", [](const ReportRow &r) { return r.fit; }},
};

} // namespace

bool fits(const Figures &recording, const Figures &current)
{
    return within5Percent(double(recording.cycles), double(current.cycles))
        && within5Percent(double(recording.attempts), double(current.attempts))
        && std::abs(recording.successPercent() - current.successPercent()) <= 5.0;
}

Report buildReport(const QMap<QString, QList<AttemptRecord>> &records, const QMap<QString, Endpoint> &settings,
                   const QList<PolicyFile> &policies, std::uint64_t seed)
{
    Report report;
    for (auto it = records.cbegin(); it != records.cend(); ++it) {
        Endpoint own = settings.value(it.key());
        own.name = it.key();
        if (!settings.contains(it.key()) && !it->isEmpty())
            own.url = QUrl(it->constFirst().url);
        const QList<AttemptFacts> facts = AttemptFacts::of(*it);
        const ServiceModel model(facts, own.interval);
        // The recording's censored answers are the timeouts it met.
        ReportRow recording{it.key(), QStringLiteral("recording"), figures(facts, model, own.retry), {}};
        ReportRow current{it.key(), QStringLiteral("current"), replay(own, model, seed).figures, {}};
        current.fit = fits(recording.figures, current.figures) ? QStringLiteral("ok") : QStringLiteral("poor");
        report.rows << recording << current;
        for (const PolicyFile &policy : policies) {
            Endpoint candidate;
            if (const QString problem = applyPolicy(own, policy.object, candidate); !problem.isEmpty()) {
                report.rows.clear();
                report.error = QStringLiteral("%1: %2").arg(policy.name, problem);
                return report;
            }
            report.rows << ReportRow{it.key(), policy.name, replay(candidate, model, seed).figures, {}};
        }
    }
    return report;
}

QString reportTable(const QList<ReportRow> &rows)
{
    // Columns padded to their widest cell; the endpoint heads its block.
    const qsizetype count = std::size(columns) - 1; // the endpoint is the block's title
    QList<qsizetype> widths(count, 0);
    for (qsizetype c = 0; c < count; ++c) {
        widths[c] = qsizetype(qstrlen(columns[c + 1].name));
        for (const ReportRow &row : rows)
            widths[c] = std::max(widths[c], columns[c + 1].value(row).size());
    }
    const auto line = [&](const auto &cell) -> QString {
        QString text;
        for (qsizetype c = 0; c < count; ++c) {
            const QString value = cell(c);
            text += c == 0 ? value.leftJustified(widths[c] + 2) : value.rightJustified(widths[c] + 2);
        }
        text.append(u'\n');
        return text;
    };
    QString table;
    QString endpoint;
    for (const ReportRow &row : rows) {
        if (row.endpoint != endpoint || table.isEmpty()) {
            endpoint = row.endpoint;
            if (!table.isEmpty())
                table.append(u'\n');
            table.append(endpoint);
            table.append(u'\n');
            table += line([](qsizetype c) { return QString::fromLatin1(columns[c + 1].name); });
        }
        table += line([&row](qsizetype c) { return columns[c + 1].value(row); });
    }
    return table;
}

QByteArray reportCsv(const QList<ReportRow> &rows)
{
    QByteArray csv;
    const auto append = [&csv](const auto &cell) {
        for (qsizetype c = 0; c < qsizetype(std::size(columns)); ++c) {
            if (c > 0)
                csv += ',';
            csv += Csv::field(Csv::guardFormula(cell(c)));
        }
        csv += "\r\n";
    };
    append([](qsizetype c) { return QString::fromLatin1(columns[c].name); });
    for (const ReportRow &row : rows)
        append([&row](qsizetype c) { return columns[c].value(row); });
    return csv;
}

} // namespace Lab
