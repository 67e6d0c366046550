// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/whatifpanel.h"

#include "core/lab/labreport.h"
#include "core/lab/recording.h"
#include "core/util/durationtext.h"
#include "ui/fieldhelp.h"
#include "ui/formwords.h"
#include "ui/sweepchart.h"
#include "ui/whatiftimeline.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

using namespace std::chrono_literals;

struct WhatIfPanel::Result
{
    std::shared_ptr<const Lab::Trace> trace;
    std::shared_ptr<const Lab::Replay> current;
    std::shared_ptr<const Lab::Replay> edited;
    QString error; // the history could not be read
    bool reloaded = false;
};

namespace {

QString unitOf(const EndpointKey &key)
{
    if (key.field->kind == FieldKind::Milliseconds)
        return QStringLiteral(" ms");
    return key.field->unit ? QString::fromUtf8(key.field->unit) : QString();
}

QString figureText(const Lab::FigureRow &row, const Lab::Figures &figures)
{
    return QLocale().toString(row.value(figures), 'f', row.decimals);
}

std::chrono::milliseconds rangeLength(int index)
{
    return index == 0 ? std::chrono::milliseconds(1h) : std::chrono::milliseconds(24h);
}

} // namespace

WhatIfPanel::WhatIfPanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("whatIfPanel"));
    m_pool.setMaxThreadCount(1);
    m_sweepPool.setMaxThreadCount(QThread::idealThreadCount());
    m_typing.setSingleShot(true);
    m_typing.setInterval(typingPauseMs);
    connect(&m_typing, &QTimer::timeout, this, &WhatIfPanel::start);

    m_range = new QComboBox;
    m_range->setObjectName(QStringLiteral("labRange"));
    m_range->addItems({tr("Last hour"), tr("Last day")});
    m_range->setToolTip(tr("The stretch of the endpoint's recorded attempts that both policies are replayed over"));
    connect(m_range, &QComboBox::currentIndexChanged, this, [this] {
        m_reload = true;
        m_dirty = true;
        schedule();
    });
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("labStatus"));
    m_status->setWordWrap(true);
    auto *top = new QHBoxLayout;
    auto *rangeLabel = new QLabel(tr("Re&play over:"));
    rangeLabel->setBuddy(m_range);
    top->addWidget(rangeLabel);
    top->addWidget(m_range);
    top->addWidget(m_status, 1);

    const QList<Lab::FigureRow> &rows = Lab::figureRows();
    m_figures = new QTableWidget(int(rows.size()), 3);
    m_figures->setObjectName(QStringLiteral("labFigures"));
    m_figures->setHorizontalHeaderLabels({tr("Recorded"), tr("Current"), tr("Edited")});
    QStringList names;
    for (const Lab::FigureRow &row : rows)
        names.append(tr(row.label));
    m_figures->setVerticalHeaderLabels(names);
    m_figures->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_figures->setSelectionMode(QAbstractItemView::NoSelection);
    m_figures->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_figures->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_figures->setToolTip(tr("Recorded: what the endpoint did. Current: its policy replayed over the recorded "
                             "answers. Edited: the policy in this window replayed over the same answers. "
                             "The better of Current and Edited is in bold."));
    m_figures->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    m_figures->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_figures->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    m_figures->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_figures);
    leftLayout->addWidget(sweepBox());
    leftLayout->addStretch(1);
    fitFigures();
    m_timeline = new WhatIfTimeline;
    auto *charts = new QSplitter(Qt::Vertical);
    charts->addWidget(m_timeline);
    charts->addWidget(m_sweepChart);
    charts->setChildrenCollapsible(false);
    auto *split = new QSplitter(Qt::Horizontal);
    split->addWidget(left);
    split->addWidget(charts);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);
    setStatus(tr("Opened from an endpoint that is running, this page replays its recorded traffic."));
}

WhatIfPanel::~WhatIfPanel()
{
    if (m_sweepCancel)
        m_sweepCancel->store(true);
    if (m_sweepWatcher)
        m_sweepWatcher->waitForFinished();
    m_pool.waitForDone();
    m_sweepPool.waitForDone();
}

QWidget *WhatIfPanel::sweepBox()
{
    m_sweepKey = new QComboBox;
    m_sweepKey->setObjectName(QStringLiteral("sweepKey"));
    for (const EndpointKey *key : Lab::sweepKeys())
        m_sweepKey->addItem(QStringLiteral("%1 (%2)").arg(withoutMnemonic(fieldLabel(*key->field)), key->path),
                            key->path);
    m_sweepFrom = new QDoubleSpinBox;
    m_sweepFrom->setObjectName(QStringLiteral("sweepFrom"));
    m_sweepTo = new QDoubleSpinBox;
    m_sweepTo->setObjectName(QStringLiteral("sweepTo"));
    m_sweepCount = new QSpinBox;
    m_sweepCount->setObjectName(QStringLiteral("sweepCount"));
    m_sweepCount->setRange(2, 40);
    m_sweepCount->setValue(10);
    m_sweepCount->setToolTip(tr("How many values, evenly spread from the first to the last (whole numbers once each)"));
    m_sweepButton = new QPushButton(tr("S&weep"));
    m_sweepButton->setObjectName(QStringLiteral("sweep"));
    m_sweepButton->setToolTip(tr("Replay the edited policy once per value, on every core"));
    m_sweepButton->setEnabled(false); // until there is a trace
    m_sweepStatus = new QLabel;
    m_sweepStatus->setObjectName(QStringLiteral("sweepStatus"));
    m_sweepStatus->setWordWrap(true);
    m_sweepChart = new SweepChart;
    connect(m_sweepKey, &QComboBox::currentIndexChanged, this, &WhatIfPanel::sweepKeyChosen);
    connect(m_sweepButton, &QPushButton::clicked, this, &WhatIfPanel::startSweep);
    connect(m_sweepChart, &SweepChart::valueClicked, this, [this](double value) {
        emit valueChosen(m_sweptKey, value);
        m_sweepStatus->setText(tr("%1 set to %2 in the form: the figures above follow.")
                                   .arg(m_sweptKey, QLocale().toString(value, 'g', 6)));
    });

    auto *keyRow = new QHBoxLayout;
    auto *keyLabel = new QLabel(tr("&Key:"));
    keyLabel->setBuddy(m_sweepKey);
    keyRow->addWidget(keyLabel);
    keyRow->addWidget(m_sweepKey, 1);
    m_sweepKey->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_sweepKey->setMinimumContentsLength(16);
    auto *rangeRow = new QHBoxLayout;
    auto *fromLabel = new QLabel(tr("&from"));
    fromLabel->setBuddy(m_sweepFrom);
    rangeRow->addWidget(fromLabel);
    rangeRow->addWidget(m_sweepFrom);
    auto *toLabel = new QLabel(tr("t&o"));
    toLabel->setBuddy(m_sweepTo);
    rangeRow->addWidget(toLabel);
    rangeRow->addWidget(m_sweepTo);
    rangeRow->addStretch(1);
    auto *countRow = new QHBoxLayout;
    auto *countLabel = new QLabel(tr("&values"));
    countLabel->setBuddy(m_sweepCount);
    countRow->addWidget(countLabel);
    countRow->addWidget(m_sweepCount);
    countRow->addStretch(1);
    countRow->addWidget(m_sweepButton);

    auto *box = new QGroupBox(tr("Sweep one key over a range, the rest as edited"));
    auto *layout = new QVBoxLayout(box);
    layout->addLayout(keyRow);
    layout->addLayout(rangeRow);
    layout->addLayout(countRow);
    layout->addWidget(m_sweepStatus);
    sweepKeyChosen();
    return box;
}

void WhatIfPanel::setRecording(const QString &historyPath, const Endpoint &current, const QDateTime &nowUtc)
{
    m_historyPath = historyPath;
    m_current = current;
    m_hasCurrent = true;
    m_nowUtc = nowUtc;
    m_reload = true;
    m_dirty = true;
    if (m_historyPath.isEmpty())
        setStatus(tr("No history is kept (the dashboard was started without one), so there is nothing to replay."));
    sweepKeyChosen();
    schedule();
}

void WhatIfPanel::setNew()
{
    m_hasCurrent = false;
    setStatus(tr("A new endpoint has no recorded traffic yet: add it, let it run, then edit it to replay "
                 "what it met under another policy."));
}

void WhatIfPanel::setEdited(const Endpoint &edited)
{
    if (m_hasEdited && edited == m_edited)
        return; // validated again, not changed: nothing to replay
    m_edited = edited;
    m_hasEdited = true;
    m_dirty = true;
    schedule();
}

bool WhatIfPanel::isBusy() const
{
    return m_typing.isActive() || (m_watcher && m_watcher->isRunning())
        || (m_sweepWatcher && m_sweepWatcher->isRunning());
}

QString WhatIfPanel::status() const
{
    return m_status->text();
}

const Lab::Figures *WhatIfPanel::currentFigures() const
{
    return m_currentReplay ? &m_currentReplay->figures : nullptr;
}

const Lab::Figures *WhatIfPanel::editedFigures() const
{
    return m_editedReplay ? &m_editedReplay->figures : nullptr;
}

void WhatIfPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    schedule();
}

void WhatIfPanel::setStatus(const QString &text)
{
    m_status->setText(text);
}

void WhatIfPanel::schedule()
{
    if (!m_hasCurrent || m_historyPath.isEmpty() || !m_hasEdited || !m_dirty || !isVisible())
        return;
    m_typing.start(); // (re)started: a replay waits for a pause in typing
}

void WhatIfPanel::start()
{
    if (m_watcher && m_watcher->isRunning())
        return; // finished() starts again with what the form has then
    m_dirty = false;
    const bool reload = std::exchange(m_reload, false);
    if (reload) {
        setStatus(tr("Reading the %1 of %2's attempts…")
                      .arg(m_range->currentIndex() == 0 ? tr("last hour") : tr("last day"), m_current.name));
    }
    const QString path = m_historyPath;
    const Endpoint current = m_current;
    const Endpoint edited = m_edited;
    const QDateTime to = m_nowUtc;
    const QDateTime from = to.addMSecs(-rangeLength(m_range->currentIndex()).count());
    auto trace = reload ? nullptr : m_trace;
    auto currentDone = reload ? nullptr : m_currentReplay;
    m_watcher = std::make_unique<QFutureWatcher<Result>>();
    connect(m_watcher.get(), &QFutureWatcher<Result>::finished, this, &WhatIfPanel::finished);
    m_watcher->setFuture(QtConcurrent::run(&m_pool, [=]() mutable {
        Result result;
        result.reloaded = reload;
        if (reload) {
            const Lab::Recording recording = Lab::readRecording(path, Lab::RecordingFilter{{current.name}, from, to});
            if (!recording.error.isEmpty()) {
                result.error = recording.error;
                return result;
            }
            trace = Lab::makeTrace(recording.byEndpoint.value(current.name), current);
        }
        result.trace = trace;
        if (!trace)
            return result;
        std::optional<Lab::Replay> given;
        if (currentDone)
            given = *currentDone;
        Lab::Comparison both = Lab::compare(*trace, current, edited, seed, std::move(given));
        result.current = std::make_shared<const Lab::Replay>(std::move(both.current));
        result.edited = std::make_shared<const Lab::Replay>(std::move(both.edited));
        return result;
    }));
}

void WhatIfPanel::finished()
{
    const Result result = m_watcher->result();
    present(result);
    if (m_dirty)
        m_typing.start();
    else
        emit updated();
}

void WhatIfPanel::present(const Result &result)
{
    m_trace = result.trace;
    m_currentReplay = result.current;
    m_editedReplay = result.edited;
    const QString range = m_range->currentIndex() == 0 ? tr("last hour") : tr("last day");
    if (!result.error.isEmpty()) {
        setStatus(tr("The history could not be read: %1").arg(result.error));
    } else if (!m_trace) {
        setStatus(tr("Nothing was sent to %1 in the %2: there is nothing to replay. Choose a longer range, or let "
                     "it run a while.")
                      .arg(m_current.name, range));
    } else {
        const QLocale locale;
        const Lab::Figures &recorded = m_trace->recorded;
        const Lab::Figures &current = m_currentReplay->figures;
        // The self-check: does the current policy, replayed, reproduce what
        // was recorded? If not, the edited policy's figures are guesses.
        const QString fit = Lab::fits(recorded, current)
            ? tr("The model fits: the current policy replayed reproduces the recording.")
            : tr("The model fits poorly: the current policy replayed makes %1 cycles, %2 attempts and %3 % "
                 "success where %4, %5 and %6 % were recorded (the check allows 5 % and 5 points), so read the "
                 "figures with caution.")
                  .arg(locale.toString(current.cycles), locale.toString(current.attempts),
                       locale.toString(current.successPercent(), 'f', 1), locale.toString(recorded.cycles),
                       locale.toString(recorded.attempts), locale.toString(recorded.successPercent(), 'f', 1));
        setStatus(
            tr("%1 recorded cycles of the %2 (%3 of it known), replayed under both policies (seed %4). %5")
                .arg(locale.toString(recorded.cycles), range, durationText(std::chrono::milliseconds(recorded.knownMs)))
                .arg(seed)
                .arg(fit));
    }
    const QList<Lab::FigureRow> &rows = Lab::figureRows();
    for (int r = 0; r < rows.size(); ++r) {
        const Lab::FigureRow &row = rows[r];
        const int better = m_trace ? Lab::betterOf(row, m_currentReplay->figures, m_editedReplay->figures) : 0;
        const QStringList texts = m_trace
            ? QStringList{figureText(row, m_trace->recorded), figureText(row, m_currentReplay->figures),
                          figureText(row, m_editedReplay->figures)}
            : QStringList{QString(), QString(), QString()};
        for (int c = 0; c < 3; ++c) {
            auto *item = new QTableWidgetItem(texts[c]);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            const bool best = (c == 1 && better < 0) || (c == 2 && better > 0);
            if (best) {
                QFont font = item->font();
                font.setBold(true);
                item->setFont(font);
                item->setForeground(QColor(0x2e, 0x7d, 0x32));
                item->setToolTip(tr("the better of the two policies"));
            }
            m_figures->setItem(r, c, item);
        }
    }
    if (m_trace)
        m_timeline->setReplays(*m_trace, *m_currentReplay, *m_editedReplay);
    else
        m_timeline->clear();
    m_sweepButton->setEnabled(m_trace && !(m_sweepWatcher && m_sweepWatcher->isRunning()));
    fitFigures();
}

void WhatIfPanel::fitFigures()
{
    // Every column in view: the table is what the page is for.
    m_figures->resizeColumnsToContents();
    m_figures->setMinimumWidth(m_figures->sizeHint().width());
}

void WhatIfPanel::sweepKeyChosen()
{
    const EndpointKey *key = findEndpointKey(m_sweepKey->currentData().toString());
    if (!key)
        return;
    const FieldInfo &field = *key->field;
    const bool whole = field.kind != FieldKind::Number;
    const double high = std::isfinite(field.max) ? field.max : 1e9;
    const Endpoint &base = m_hasEdited ? m_edited : m_current;
    const double value = Lab::keyValue(base, *key);
    for (QDoubleSpinBox *box : {m_sweepFrom, m_sweepTo}) {
        box->setDecimals(whole ? 0 : 2);
        box->setRange(field.min, high);
        box->setSuffix(unitOf(*key));
    }
    // Around the value the form has: from a fifth of it to three times it.
    const double low = whole ? std::floor(value / 5) : value / 5;
    const double top = whole ? std::ceil(std::max(value * 3, value + 4)) : value * 3;
    m_sweepFrom->setValue(std::max(field.min, low));
    m_sweepTo->setValue(std::min(high, top));
}

void WhatIfPanel::startSweep()
{
    const EndpointKey *key = findEndpointKey(m_sweepKey->currentData().toString());
    if (!key || !m_trace || (m_sweepWatcher && m_sweepWatcher->isRunning()))
        return;
    const QList<double> values
        = Lab::sweepValues(*key, m_sweepFrom->value(), m_sweepTo->value(), m_sweepCount->value());
    m_sweptKey = key->path;
    m_sweepStatus->setText(tr("Replaying %1 values of %2 on %3 threads…")
                               .arg(values.size())
                               .arg(key->path)
                               .arg(m_sweepPool.maxThreadCount()));
    m_sweepButton->setEnabled(false);
    m_sweepCancel = std::make_shared<std::atomic_bool>(false);
    const auto trace = m_trace;
    const Endpoint base = m_hasEdited ? m_edited : m_current;
    m_sweptCurrent = base == m_current;
    const auto cancel = m_sweepCancel;
    m_sweepWatcher = std::make_unique<QFutureWatcher<QList<Lab::SweepPoint>>>();
    connect(m_sweepWatcher.get(), &QFutureWatcher<QList<Lab::SweepPoint>>::finished, this, &WhatIfPanel::sweepDone);
    // On a pool of the page's own, never the global one: Qt's raster
    // painting hands work to the global pool and waits for it, so a sweep
    // there froze the window until it ended (bench_whatif found it). The
    // thread that starts the replays takes its share of them while it waits.
    QThreadPool *pool = &m_sweepPool;
    m_sweepWatcher->setFuture(QtConcurrent::run(pool, [trace, base, key, values, cancel, pool] {
        return Lab::sweep(*trace, base, *key, values, seed, pool, cancel.get());
    }));
}

void WhatIfPanel::sweepDone()
{
    const QList<Lab::SweepPoint> points = m_sweepWatcher->result();
    const EndpointKey *key = findEndpointKey(m_sweptKey);
    QStringList refused;
    for (const Lab::SweepPoint &point : points) {
        if (!point.error.isEmpty())
            refused.append(point.error);
    }
    if (m_currentReplay && key) {
        // When the sweep varied the current policy, the current square is its
        // own value's point: a sweep's replays share their healthy stretches
        // (docs/policy-lab.md) and can differ from the whole replay above by
        // a cycle or two, which would put the square beside its own point.
        Lab::Figures current = m_currentReplay->figures;
        const double currentValue = Lab::keyValue(m_current, *key);
        for (const Lab::SweepPoint &point : points) {
            if (m_sweptCurrent && point.error.isEmpty() && qFuzzyCompare(point.value + 1, currentValue + 1))
                current = point.figures;
        }
        m_sweepChart->setPoints(points, unitOf(*key), current);
    }
    const int drawn = int(m_sweepChart->valuesDrawn().size());
    m_sweepStatus->setText(
        refused.isEmpty()
            ? tr("%1 values of %2 replayed. Up and to the left is better: more cycles succeed "
                 "for fewer attempts. Click a point to put its value in the form.")
                  .arg(drawn)
                  .arg(m_sweptKey)
            : tr("%1 values replayed; not replayed: %2").arg(drawn).arg(refused.join(QStringLiteral("; "))));
    m_sweepButton->setEnabled(m_trace != nullptr);
    emit sweepFinished();
}
