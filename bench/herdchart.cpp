// SPDX-License-Identifier: GPL-3.0-or-later
#include "bench/herdchart.h"

#include "core/policy/retrypolicy.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QGridLayout>
#include <QLineSeries>
#include <QPixmap>
#include <QValueAxis>
#include <QWidget>

#include <algorithm>

namespace HerdChart {
namespace {

QChartView *arrivalsChart(const QString &title, const HerdLab::Scenario &scenario, const QList<Run> &runs, bool guarded)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    // Up to where the slowest of these runs finished, at least 10 s after recovery.
    double end = scenario.downSeconds + 10;
    for (const Run &run : runs) {
        if (run.variant.guarded == guarded)
            end = std::max(end, scenario.downSeconds + run.result.allSucceededAfterRecovery.value_or(0) + 2);
    }
    end = std::min(end, double(scenario.horizon.count()) / 1000);
    int peak = 1;
    for (const Run &run : runs) {
        if (run.variant.guarded != guarded)
            continue;
        auto *series = new QLineSeries;
        series->setName(QString(jitterName(run.variant.jitter)));
        const auto &arrivals = run.result.arrivalsPer100ms;
        for (std::size_t i = 0; i < arrivals.size() && double(i) / 10 <= end; ++i) {
            series->append(double(i) / 10, arrivals[i]);
            if (double(i) / 10 >= 0.5) // the first moment (all clients at once) would flatten the rest
                peak = std::max(peak, arrivals[i]);
        }
        chart->addSeries(series);
    }
    auto *x = new QValueAxis;
    x->setTitleText(QStringLiteral("seconds (service back at %1 s)").arg(scenario.downSeconds));
    x->setRange(0, end);
    x->setLabelFormat(QStringLiteral("%.0f"));
    auto *y = new QValueAxis;
    y->setTitleText(QStringLiteral("requests arriving per 100 ms"));
    y->setRange(0, peak * 1.1);
    y->setLabelFormat(QStringLiteral("%.0f"));
    x->applyNiceNumbers();
    y->applyNiceNumbers();
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries *series : chart->series()) {
        series->attachAxis(x);
        series->attachAxis(y);
    }
    return new QChartView(chart);
}

QChartView *barChart(const QString &title, const QString &unit, const QList<Run> &runs, double Run::*figure)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    auto *plain = new QBarSet(QStringLiteral("retries only"));
    auto *guarded = new QBarSet(QStringLiteral("with budget + breaker"));
    QStringList modes;
    double top = 1;
    for (const Run &run : runs) {
        (run.variant.guarded ? guarded : plain)->append(run.*figure);
        if (!run.variant.guarded)
            modes.append(QString(jitterName(run.variant.jitter)));
        top = std::max(top, run.*figure);
    }
    auto *series = new QBarSeries;
    series->append(plain);
    series->append(guarded);
    series->setLabelsVisible(true);
    series->setLabelsFormat(QStringLiteral("@value"));
    series->setLabelsPrecision(3);
    chart->addSeries(series);
    auto *x = new QBarCategoryAxis;
    x->append(modes);
    auto *y = new QValueAxis;
    y->setTitleText(unit);
    y->setRange(0, top * 1.15);
    y->setLabelFormat(QStringLiteral("%.0f"));
    y->applyNiceNumbers();
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    return new QChartView(chart);
}

} // namespace

QString save(const QString &path, const HerdLab::Scenario &scenario, const QList<Run> &runs)
{
    QWidget page;
    auto *grid = new QGridLayout(&page);
    const QString who = QStringLiteral("%1 clients, down %2 s, then %3 requests per 100 ms")
                            .arg(scenario.clients)
                            .arg(scenario.downSeconds)
                            .arg(scenario.capacityPer100ms);
    grid->addWidget(arrivalsChart(QStringLiteral("Retries only: ") + who, scenario, runs, false), 0, 0);
    grid->addWidget(arrivalsChart(QStringLiteral("With retry budget and breaker: ") + who, scenario, runs, true), 0, 1);
    grid->addWidget(barChart(QStringLiteral("Work: requests sent per client (mean over seeds)"),
                             QStringLiteral("requests per client"), runs, &Run::attemptsPerClient),
                    1, 0);
    grid->addWidget(barChart(QStringLiteral("Time until every client succeeded, after recovery"),
                             QStringLiteral("seconds"), runs, &Run::allSucceededSeconds),
                    1, 1);
    page.resize(1600, 1000);
    page.ensurePolished();
    grid->activate();
    const QPixmap picture = page.grab();
    if (!picture.save(path, "PNG"))
        return QStringLiteral("%1: cannot write the chart").arg(path);
    return {};
}

} // namespace HerdChart
