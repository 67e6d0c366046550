// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/chartspanel.h"

#include "core/policy/policypreview.h"
#include "core/util/randomsource.h"
#include "ui/backoffpreviewchart.h"
#include "ui/breakerlaneschart.h"
#include "ui/categorystyle.h"
#include "ui/chartfit.h"
#include "ui/chartpalette.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPainter>
#include <QScatterSeries>
#include <QStackedBarSeries>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <cmath>

namespace {

QChartView *chartView(const QString &title, const QString &objectName)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    auto *view = new QChartView(chart);
    view->setObjectName(objectName);
    view->setRenderHint(QPainter::Antialiasing);
    LegendFit::keep(view);
    return view;
}

QImage markerImage(const QColor &color, bool square)
{
    const int size = square ? 8 : 7;
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    if (square)
        painter.drawRect(QRectF(0.5, 0.5, size - 1.0, size - 1.0));
    else
        painter.drawEllipse(QRectF(0.5, 0.5, size - 1.0, size - 1.0));
    return image;
}

} // namespace

ChartsPanel::ChartsPanel(QWidget *parent)
    : QWidget(parent)
    , m_tabs(new QTabWidget)
    , m_subject(new QLabel)
    , m_latencyView(chartView(tr("Latency of each attempt (retries as squares)"), QStringLiteral("latencyChart")))
    , m_latencyTime(new QDateTimeAxis)
    , m_latencyValue(new QLogValueAxis)
    , m_backoff(new BackoffPreviewChart)
    , m_breakers(new BreakerLanesChart)
    , m_categoryView(chartView(tr("Attempts per category over time"), QStringLiteral("categoryChart")))
    , m_span(new QComboBox)
    , m_categories(new QStackedBarSeries)
    , m_categoryTime(new QBarCategoryAxis)
    , m_categoryCount(new QValueAxis)
    , m_categoryClock(new QDateTimeAxis)
    , m_categoryAnchor(new QLineSeries)
{
    setObjectName(QStringLiteral("charts"));
    QChart *latency = m_latencyView->chart();
    m_latencyTime->setFormat(QStringLiteral("HH:mm:ss"));
    m_latencyTime->setTickCount(6);
    m_latencyTime->setTitleText(tr("time"));
    // Logarithmic: 1 ms answers and 10 s timeouts both stay readable.
    m_latencyValue->setBase(10);
    m_latencyValue->setTitleText(tr("ms (log scale)"));
    m_latencyValue->setLabelFormat(QStringLiteral("%g"));
    m_latencyValue->setMinorTickCount(-1);
    latency->addAxis(m_latencyTime, Qt::AlignBottom);
    latency->addAxis(m_latencyValue, Qt::AlignLeft);
    // An axis with no series attached draws no labels; category series only
    // appear with their first points, so an empty anchor holds the axes.
    auto *anchor = new QScatterSeries;
    latency->addSeries(anchor);
    anchor->attachAxis(m_latencyTime);
    anchor->attachAxis(m_latencyValue);
    LegendFit::show(latency->legend()->markers(anchor).constFirst(), false);

    m_backoff->chart()->setTitle(tr("Scheduled delays against the selected endpoint's policy"));

    QChart *categories = m_categoryView->chart();
    categories->addSeries(m_categories);
    // Bars sit on a category axis, which cannot label times readably; a
    // hidden anchor series carries a date-time axis that does.
    m_categoryTime->setVisible(false);
    m_categoryClock->setTitleText(tr("time"));
    m_categoryClock->setFormat(QStringLiteral("HH:mm:ss"));
    m_categoryClock->setTickCount(5);
    m_categoryCount->setTitleText(tr("attempts"));
    m_categoryCount->setLabelFormat(QStringLiteral("%d"));
    categories->addAxis(m_categoryTime, Qt::AlignBottom);
    categories->addAxis(m_categoryCount, Qt::AlignLeft);
    m_categories->attachAxis(m_categoryTime);
    m_categories->attachAxis(m_categoryCount);
    categories->addAxis(m_categoryClock, Qt::AlignBottom);
    categories->addSeries(m_categoryAnchor);
    m_categoryAnchor->attachAxis(m_categoryClock);
    m_categoryAnchor->attachAxis(m_categoryCount);
    LegendFit::show(categories->legend()->markers(m_categoryAnchor).constFirst(), false);

    m_tabs->addTab(m_latencyView, tr("Attempts"));
    m_tabs->addTab(m_backoff, tr("Backoff"));
    m_tabs->addTab(m_breakers, tr("Breakers"));
    m_tabs->addTab(m_categoryView, tr("Categories"));

    m_span->setObjectName(QStringLiteral("chartWindow"));
    m_span->setToolTip(tr("The time the charts cover; an hour and a day are read from the history"));
    for (const auto &[text, minutes] :
         {std::pair{tr("Last 5 minutes"), 5}, {tr("Last hour"), 60}, {tr("Last 24 hours"), 1440}})
        m_span->addItem(text, minutes);
    // Above the tabs, not in their corner: there the chooser pushed the last
    // tab behind scroll arrows in a narrow dock.
    m_subject->setObjectName(QStringLiteral("chartsSubject"));
    m_subject->setTextFormat(Qt::PlainText);
    m_subject->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // a long name elides, the row stays
    auto *spanLabel = new QLabel(tr("&Time:"));
    spanLabel->setBuddy(m_span);
    auto *header = new QHBoxLayout;
    header->addWidget(m_subject, 1);
    header->addWidget(spanLabel);
    header->addWidget(m_span);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(header);
    layout->addWidget(m_tabs, 1);
    setSubject({});
    connect(m_span, &QComboBox::currentIndexChanged, this, [this] { emit spanChanged(this->span()); });
    connect(m_tabs, &QTabWidget::currentChanged, this, &ChartsPanel::shownChartChanged);
    applyPalette();
}

void ChartsPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    QWidget::changeEvent(event);
}

void ChartsPanel::setSubject(const QString &endpoint)
{
    m_subjectName = endpoint;
    const QString text = endpoint.isEmpty() ? tr("All endpoints") : tr("Endpoint %1").arg(endpoint);
    m_subject->setText(text);
    m_subject->setToolTip(endpoint.isEmpty()
                              ? tr("The charts show every endpoint; select one in the table to follow it alone")
                              : tr("The charts follow %1, selected in the table; Ctrl+click its row to see "
                                   "every endpoint again")
                                    .arg(endpoint));
}

void ChartsPanel::applyPalette()
{
    followPalette(m_latencyView->chart(), palette());
    followPalette(m_categoryView->chart(), palette());
}

ChartsPanel::~ChartsPanel() = default;

std::chrono::minutes ChartsPanel::span() const
{
    return std::chrono::minutes(m_span->currentData().toInt());
}

void ChartsPanel::setSpan(std::chrono::minutes span)
{
    m_span->setCurrentIndex(std::max(0, m_span->findData(int(span.count()))));
}

void ChartsPanel::setLongSpansAvailable(bool available)
{
    for (int i = 1; i < m_span->count(); ++i)
        qobject_cast<QStandardItemModel *>(m_span->model())->item(i)->setEnabled(available);
}

// Slow calls (successes at or above breaker.slowCallDurationMs): hollow
// rings in the success colour, so that a slow success reads as neither a
// plain success nor a failure.
QScatterSeries *ChartsPanel::slowSeries()
{
    if (m_slowSeries)
        return m_slowSeries;
    m_slowSeries = new QScatterSeries;
    m_slowSeries->setName(tr("ok, slow call"));
    const QColor color = CategoryStyle::color(ErrorCategory::Ok);
    m_slowSeries->setColor(color.lighter(175)); // the legend's marker: pale, outlined
    m_slowSeries->setBorderColor(color.darker(130));
    m_slowSeries->setMarkerSize(9.0);
    QImage ring(9, 9, QImage::Format_ARGB32_Premultiplied);
    ring.fill(Qt::transparent);
    {
        QPainter painter(&ring);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(QPen(color.darker(130), 1.6));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(QRectF(1, 1, 7, 7));
    }
    m_slowSeries->setLightMarker(ring);
    QChart *chart = m_latencyView->chart();
    chart->addSeries(m_slowSeries);
    m_slowSeries->attachAxis(m_latencyTime);
    m_slowSeries->attachAxis(m_latencyValue);
    LegendFit::place(m_latencyView);
    return m_slowSeries;
}

QScatterSeries *ChartsPanel::latencySeries(ErrorCategory category, bool retry)
{
    const int key = int(category) * 2 + (retry ? 1 : 0);
    if (QScatterSeries *series = m_latencySeries.value(key))
        return series;
    if (retry) // the legend's entry for the category is its first tries' series
        latencySeries(category, false);
    auto *series = new QScatterSeries;
    series->setName(retry ? QString() : QString(categoryName(category)));
    series->setColor(CategoryStyle::color(category));
    series->setBorderColor(Qt::transparent);
    series->setMarkerSize(retry ? 8.0 : 6.0);
    series->setMarkerShape(retry ? QScatterSeries::MarkerShapeRectangle : QScatterSeries::MarkerShapeCircle);
    // A light marker is painted in one pass with the series, where regular
    // markers are one graphics item each: thousands of points stay cheap.
    series->setLightMarker(markerImage(CategoryStyle::color(category), retry));
    QChart *chart = m_latencyView->chart();
    chart->addSeries(series);
    series->attachAxis(m_latencyTime);
    series->attachAxis(m_latencyValue);
    if (retry) // one legend entry per category: the circle's
        LegendFit::show(chart->legend()->markers(series).constFirst(), false);
    m_latencySeries.insert(key, series);
    LegendFit::place(m_latencyView);
    return series;
}

void ChartsPanel::refreshLatencies(const ChartData &data)
{
    QHash<int, QList<QPointF>> points;
    QList<QPointF> slow;
    double top = 10;
    for (const AttemptWindow::LatencyPoint &p : data.latencies) {
        // A 0 ms answer sits at 0.5 ms: a log axis has no zero.
        const QPointF point(double(p.timeMs), std::max(0.5, double(p.latencyMs)));
        if (p.slow)
            slow.append(point);
        else
            points[int(p.category) * 2 + (p.retry ? 1 : 0)].append(point);
        top = std::max(top, double(p.latencyMs));
    }
    if (!slow.isEmpty() || m_slowSeries) {
        slowSeries()->replace(slow);
        QLegendMarker *marker = m_latencyView->chart()->legend()->markers(m_slowSeries).constFirst();
        if (LegendFit::isShown(marker) != !slow.isEmpty()) {
            LegendFit::show(marker, !slow.isEmpty());
            LegendFit::place(m_latencyView);
        }
    }
    for (auto it = points.constBegin(); it != points.constEnd(); ++it)
        latencySeries(ErrorCategory(it.key() / 2), it.key() % 2)->replace(it.value());
    // The legend names the categories drawn, not every one seen before.
    bool legendChanged = false;
    for (auto it = m_latencySeries.constBegin(); it != m_latencySeries.constEnd(); ++it) {
        if (!points.contains(it.key()))
            it.value()->clear();
        if (it.key() % 2 == 0) {
            const bool drawn = points.contains(it.key()) || points.contains(it.key() + 1);
            QLegendMarker *marker = m_latencyView->chart()->legend()->markers(it.value()).constFirst();
            legendChanged = legendChanged || LegendFit::isShown(marker) != drawn;
            LegendFit::show(marker, drawn);
        }
    }
    if (legendChanged)
        LegendFit::place(m_latencyView);
    m_latencyTime->setRange(QDateTime::fromMSecsSinceEpoch(data.fromMs), QDateTime::fromMSecsSinceEpoch(data.toMs));
    m_latencyTime->setFormat(data.toMs - data.fromMs > 6 * 3600 * 1000 ? QStringLiteral("dd HH:mm")
                                                                       : QStringLiteral("HH:mm:ss"));
    m_latencyValue->setRange(0.5, std::pow(10.0, std::ceil(std::log10(top * 1.1))));
}

void ChartsPanel::refreshCategories(const ChartData &data)
{
    const qint64 width = std::max<qint64>(1, data.bucket.count());
    const qint64 from = data.fromMs;
    const qint64 to = data.toMs;
    const auto &counts = data.categories;
    m_categories->clear();
    QList<int> totals;
    for (auto it = counts.constBegin(); it != counts.constEnd(); ++it) {
        auto *set = new QBarSet(QString(categoryName(it.key())));
        set->setColor(CategoryStyle::color(it.key()));
        set->setBorderColor(Qt::transparent);
        qint64 sum = 0;
        for (const int count : it.value()) {
            set->append(count);
            sum += count;
        }
        set->setLabel(QStringLiteral("%1 (%2)").arg(categoryName(it.key())).arg(sum));
        m_categories->append(set);
        totals.resize(std::max(totals.size(), it.value().size()));
        for (qsizetype i = 0; i < it.value().size(); ++i)
            totals[i] += it.value()[i];
    }
    QStringList labels;
    const int buckets = int((to - from + width - 1) / width);
    for (int i = 0; i < buckets; ++i)
        labels.append(QString::number(i));
    m_categoryTime->setCategories(labels);
    m_categoryClock->setRange(QDateTime::fromMSecsSinceEpoch(from),
                              QDateTime::fromMSecsSinceEpoch(from + buckets * width));
    m_categoryClock->setFormat(to - from > 6 * 3600 * 1000 ? QStringLiteral("dd HH:mm") : QStringLiteral("HH:mm:ss"));
    const int peak = totals.isEmpty() ? 1 : *std::max_element(totals.begin(), totals.end());
    m_categoryCount->setRange(0, std::max(1, peak));
    m_categoryCount->applyNiceNumbers();
    LegendFit::place(m_categoryView); // its labels carry totals: they grow
}

void ChartsPanel::refresh(const ChartData &data, const QList<BreakerLane> &lanes,
                          const std::optional<RetryPolicy> &policy)
{
    m_data = data;
    m_lanes = lanes;
    m_policy = policy;
    if (!isVisible())
        return; // a hidden dock draws nothing; the data waits for it
    ++m_refreshes;
    m_shownSpanMs = data.toMs - data.fromMs;
    drawCurrentTab();
}

int ChartsPanel::neededParts() const
{
    if (!isVisible())
        return 0;
    QWidget *shown = m_tabs->currentWidget();
    return shown == m_latencyView ? LatencyPart
        : shown == m_backoff      ? DelayPart
        : shown == m_categoryView ? CategoryPart
                                  : 0;
}

void ChartsPanel::drawCurrentTab()
{
    // Only the chart on show is fed: the others catch up when their tab is chosen.
    QWidget *shown = m_tabs->currentWidget();
    if (shown == m_latencyView)
        refreshLatencies(m_data);
    else if (shown == m_categoryView)
        refreshCategories(m_data);
    else if (shown == m_breakers)
        m_breakers->setLanes(m_lanes, m_data.fromMs, m_data.toMs);
    else if (shown == m_backoff)
        refreshBackoff(m_data);
}

void ChartsPanel::refreshBackoff(const ChartData &data)
{
    if (m_policy != m_shownPolicy) {
        m_shownPolicy = m_policy;
        SeededRandom random(20261128);
        const RetryPolicy shown = m_policy.value_or(RetryPolicy{});
        m_backoff->showPreview(previewPolicy(shown, random, 20), shown.maxDelay);
    }
    QList<QPointF> backoff;
    QList<QPointF> retryAfter;
    QList<QPointF> pacing;
    const auto &delays = data.delays;
    for (qsizetype i = 0; i < delays.size(); ++i) {
        const AttemptWindow::DelayPoint &d = delays[i];
        // A little spread across the retry's column, so dots do not hide each other.
        const double x = d.retry + 0.3 * (double((i * 7919) % 101) / 100.0 - 0.5);
        using Source = WaitSource;
        (d.source == Source::RetryAfter   ? retryAfter
             : d.source == Source::Pacing ? pacing
                                          : backoff)
            .append(QPointF(x, double(d.delayMs)));
    }
    m_backoff->showObserved(backoff, retryAfter, pacing);
}

int ChartsPanel::latencyPointCount() const
{
    int count = 0;
    for (const QScatterSeries *series : m_latencySeries)
        count += int(series->count());
    return count;
}
