// SPDX-License-Identifier: GPL-3.0-or-later
// The main window's docks: attempts with their waterfall, breaker
// transitions, charts and the retry policy.
#include "ui/attemptfilter.h"
#include "ui/chartspanel.h"
#include "ui/columnchooser.h"
#include "ui/cyclewaterfall.h"
#include "ui/endpointeditor.h"
#include "ui/logmodels.h"
#include "ui/mainwindow.h"
#include "ui/policypreviewwidget.h"
#include "ui/tableviews.h"

#include <QComboBox>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

void MainWindow::buildDocks()
{
    m_attemptFilter = new AttemptFilterProxy(m_attemptModel, this);
    m_attemptView = makeTableView(m_attemptFilter, QStringLiteral("attemptLog"));
    sizeColumns(m_attemptView,
                {{AttemptLogModel::Time, "00:00:00.000"},
                 {AttemptLogModel::Endpoint, "rate-limited-01"},
                 {AttemptLogModel::Reason, "Retry-After too long"},
                 {AttemptLogModel::Category, "connection_refused"}});
    m_attemptFilterBar = new AttemptFilterBar(m_attemptFilter);
    m_waterfall = new CycleWaterfall;
    auto *split = new QSplitter(Qt::Horizontal);
    split->addWidget(m_attemptView);
    split->addWidget(m_waterfall);
    split->setStretchFactor(0, 2); // the log before its waterfall
    split->setStretchFactor(1, 1);
    // The waterfall takes room only once there is a cycle to draw; until
    // then the log has the dock's width and a line says how to get one.
    m_waterfall->hide();
    auto *waterfallHint = new QLabel(tr("Select an attempt to see its cycle as a waterfall"));
    waterfallHint->setObjectName(QStringLiteral("waterfallHint"));
    waterfallHint->setForegroundRole(QPalette::PlaceholderText);
    waterfallHint->setWordWrap(true); // two short lines in a narrow dock rather than a cut one
    waterfallHint->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto *attemptBar = new QHBoxLayout;
    attemptBar->addWidget(m_attemptFilterBar);
    attemptBar->addWidget(waterfallHint, 1);
    auto *attemptPane = new QWidget;
    auto *attemptLayout = new QVBoxLayout(attemptPane);
    attemptLayout->setContentsMargins(2, 2, 2, 2);
    attemptLayout->addLayout(attemptBar);
    attemptLayout->addWidget(split, 1);
    connect(m_attemptView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this, waterfallHint](const QModelIndex &current) {
                m_waterfall->setVisible(current.isValid());
                waterfallHint->setVisible(!current.isValid());
                if (current.isValid())
                    showCycle(m_attemptFilter->mapToSource(current).row());
            });
    auto *attempts = new QDockWidget(tr("Attempts"), this);
    attempts->setObjectName(QStringLiteral("attemptsDock"));
    attempts->setWidget(attemptPane);
    addDockWidget(Qt::BottomDockWidgetArea, attempts);

    m_transitionsFilter = new QSortFilterProxyModel(this);
    m_transitionsFilter->setSourceModel(m_transitionsModel);
    m_transitionsFilter->setFilterKeyColumn(TransitionsModel::Breaker);
    m_transitionsView = makeTableView(m_transitionsFilter, QStringLiteral("transitionLog"));
    // In a narrow dock the reason stays and "from" goes (the row above says it).
    using T = TransitionsModel::Column;
    m_transitionsView->horizontalHeader()->resizeSection(
        T::Reason, m_transitionsView->horizontalHeader()->sectionSizeHint(T::Reason)); // the rest of the row
    new ColumnChooser(m_transitionsView, {T::Time, T::Breaker, T::To, T::Reason, T::From},
                      QStringLiteral("transitionLog"));
    // By endpoint, as everywhere else in the window; transitions belong to
    // breakers, so an endpoint on a shared key shows that key's.
    m_transitionsEndpoint = new QComboBox;
    m_transitionsEndpoint->setObjectName(QStringLiteral("transitionsEndpoint"));
    m_transitionsEndpoint->setToolTip(
        tr("Show the transitions of one endpoint's breaker (a shared key's breaker, where endpoints share one)"));
    m_transitionsEndpoint->addItem(tr("All endpoints"));
    connect(m_transitionsEndpoint, &QComboBox::currentIndexChanged, this, [this](int index) {
        const QString breaker = m_transitionsEndpoint->itemData(index).toString();
        m_transitionsFilter->setFilterRegularExpression(
            breaker.isEmpty() ? QString() : QStringLiteral("^%1$").arg(QRegularExpression::escape(breaker)));
        m_transitionsView->scrollToBottom();
    });
    auto *transitionsPane = new QWidget;
    auto *transitionsLayout = new QVBoxLayout(transitionsPane);
    transitionsLayout->setContentsMargins(2, 2, 2, 2);
    auto *transitionsBar = new QHBoxLayout;
    auto *breakerLabel = new QLabel(tr("&Endpoint:"));
    breakerLabel->setBuddy(m_transitionsEndpoint);
    transitionsBar->addWidget(breakerLabel);
    transitionsBar->addWidget(m_transitionsEndpoint, 1);
    transitionsLayout->addLayout(transitionsBar);
    transitionsLayout->addWidget(m_transitionsView, 1);
    auto *transitions = new QDockWidget(tr("Breaker transitions"), this);
    transitions->setObjectName(QStringLiteral("transitionsDock"));
    transitions->setWidget(transitionsPane);
    addDockWidget(Qt::BottomDockWidgetArea, transitions);
    splitDockWidget(attempts, transitions, Qt::Horizontal);
    resizeDocks({attempts, transitions}, {3, 2}, Qt::Horizontal);
    resizeDocks({attempts}, {fontMetrics().height() * 18}, Qt::Vertical);

    m_charts = new ChartsPanel;
    auto *charts = new QDockWidget(tr("Charts"), this);
    charts->setObjectName(QStringLiteral("chartsDock"));
    charts->setWidget(m_charts);
    addDockWidget(Qt::RightDockWidgetArea, charts);
    m_chartsDock = charts; // a third of the window: see resizeEvent()

    m_policy = new PolicyPreviewWidget;
    m_policy->setTarget({}); // a what-if for the selected endpoint, once there is one
    connect(m_policy, &PolicyPreviewWidget::applyRequested, this,
            [this](const QString &name, const RetryPolicy &policy) {
                m_editor->setRetryPolicy(name, policy);
                for (const Endpoint &endpoint : m_monitor.endpoints()) {
                    if (endpoint.name == name)
                        m_policy->setPolicy(endpoint.retry); // what runs now (the old one if it failed)
                }
            });
    auto *policy = new QDockWidget(tr("Retry policy"), this);
    policy->setObjectName(QStringLiteral("policyDock"));
    auto *policyScroll = new QScrollArea; // a narrow dock puts the chart below, and scrolls
    policyScroll->setWidgetResizable(true);
    policyScroll->setFrameShape(QFrame::NoFrame);
    policyScroll->setWidget(m_policy);
    policy->setWidget(policyScroll);
    addDockWidget(Qt::RightDockWidgetArea, policy);
    tabifyDockWidget(charts, policy); // the selected endpoint's policy, one tab away
    charts->raise();
}

// The logs' endpoint choosers follow the monitor's endpoints.
void MainWindow::followEndpoints()
{
    QStringList names;
    QList<std::pair<QString, QString>> choices; // what the chooser says, and the breaker it filters by
    for (const Endpoint &endpoint : m_monitor.endpoints()) {
        names.append(endpoint.name);
        choices.append({endpoint.breakerName() == endpoint.name
                            ? endpoint.name
                            : tr("%1 · breaker %2").arg(endpoint.name, endpoint.breakerName()),
                        endpoint.breakerName()});
    }
    if (names != m_filterNames) {
        m_filterNames = names;
        m_attemptFilterBar->setEndpoints(names);
    }
    std::sort(choices.begin(), choices.end(),
              [](const auto &a, const auto &b) { return a.first.compare(b.first, Qt::CaseInsensitive) < 0; });
    if (choices == m_transitionsChoices)
        return;
    m_transitionsChoices = choices;
    const int current = m_transitionsEndpoint->currentIndex();
    const QString chosenText = current > 0 ? m_transitionsEndpoint->currentText() : QString();
    const QString chosenBreaker = m_transitionsEndpoint->itemData(current).toString();
    const QSignalBlocker blocker(m_transitionsEndpoint);
    while (m_transitionsEndpoint->count() > 1)
        m_transitionsEndpoint->removeItem(1);
    for (const auto &[text, breaker] : choices)
        m_transitionsEndpoint->addItem(text, breaker);
    // An endpoint that went away still filters what its breaker left in the log.
    if (!chosenText.isEmpty() && m_transitionsEndpoint->findText(chosenText) < 0)
        m_transitionsEndpoint->addItem(chosenText, chosenBreaker);
    m_transitionsEndpoint->setCurrentIndex(std::max(0, m_transitionsEndpoint->findText(chosenText)));
}
