// SPDX-License-Identifier: GPL-3.0-or-later
// The main window's docks: attempts with their waterfall, breaker
// transitions, charts and the retry policy.
#include "ui/attemptfilter.h"
#include "ui/chartspanel.h"
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
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

void MainWindow::buildDocks()
{
    m_attemptFilter = new AttemptFilterProxy(m_attemptModel, this);
    m_attemptView = makeTableView(m_attemptFilter, QStringLiteral("attemptLog"));
    for (const auto &[column, sample] : {std::pair{AttemptLogModel::Time, "00:00:00.000"},
                                         {AttemptLogModel::Endpoint, "rate-limited-01"},
                                         {AttemptLogModel::Reason, "Retry-After too long"},
                                         {AttemptLogModel::Category, "connection_refused"}})
        m_attemptView->horizontalHeader()->resizeSection(
            column,
            std::max(m_attemptView->horizontalHeader()->sectionSize(column),
                     fontMetrics().horizontalAdvance(QString::fromUtf8(sample)) + 16));
    m_attemptFilterBar = new AttemptFilterBar(m_attemptFilter);
    m_waterfall = new CycleWaterfall;
    auto *split = new QSplitter(Qt::Horizontal);
    split->addWidget(m_attemptView);
    split->addWidget(m_waterfall);
    split->setStretchFactor(0, 2); // the log before its waterfall
    split->setStretchFactor(1, 1);
    auto *attemptPane = new QWidget;
    auto *attemptLayout = new QVBoxLayout(attemptPane);
    attemptLayout->setContentsMargins(2, 2, 2, 2);
    attemptLayout->addWidget(m_attemptFilterBar);
    attemptLayout->addWidget(split, 1);
    connect(m_attemptView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
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
    m_transitionsBreaker = new QComboBox;
    m_transitionsBreaker->setObjectName(QStringLiteral("transitionsBreaker"));
    m_transitionsBreaker->setToolTip(tr("Show the transitions of one breaker (an endpoint's, or a shared key's)"));
    m_transitionsBreaker->addItem(tr("All breakers"));
    connect(m_transitionsBreaker, &QComboBox::currentIndexChanged, this, [this](int index) {
        const QString breaker = index > 0 ? m_transitionsBreaker->itemText(index) : QString();
        m_transitionsFilter->setFilterRegularExpression(
            breaker.isEmpty() ? QString() : QStringLiteral("^%1$").arg(QRegularExpression::escape(breaker)));
        m_transitionsView->scrollToBottom();
    });
    auto *transitionsPane = new QWidget;
    auto *transitionsLayout = new QVBoxLayout(transitionsPane);
    transitionsLayout->setContentsMargins(2, 2, 2, 2);
    auto *transitionsBar = new QHBoxLayout;
    auto *breakerLabel = new QLabel(tr("&Breaker:"));
    breakerLabel->setBuddy(m_transitionsBreaker);
    transitionsBar->addWidget(breakerLabel);
    transitionsBar->addWidget(m_transitionsBreaker, 1);
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
    policy->setWidget(m_policy);
    addDockWidget(Qt::RightDockWidgetArea, policy);
    tabifyDockWidget(charts, policy); // the selected endpoint's policy, one tab away
    charts->raise();
}

// The logs' endpoint and breaker choosers follow the monitor's endpoints.
void MainWindow::followEndpoints()
{
    QStringList names;
    QStringList breakers;
    for (const Endpoint &endpoint : m_monitor.endpoints()) {
        names.append(endpoint.name);
        if (!breakers.contains(endpoint.breakerName()))
            breakers.append(endpoint.breakerName());
    }
    if (names != m_filterNames) {
        m_filterNames = names;
        m_attemptFilterBar->setEndpoints(names);
    }
    breakers.sort(Qt::CaseInsensitive);
    if (breakers == m_transitionsBreakers)
        return;
    m_transitionsBreakers = breakers;
    const QString chosen = m_transitionsBreaker->currentIndex() > 0 ? m_transitionsBreaker->currentText() : QString();
    const QSignalBlocker blocker(m_transitionsBreaker);
    while (m_transitionsBreaker->count() > 1)
        m_transitionsBreaker->removeItem(1);
    m_transitionsBreaker->addItems(breakers);
    // A breaker that went away still filters what it left in the log.
    if (!chosen.isEmpty() && !breakers.contains(chosen))
        m_transitionsBreaker->addItem(chosen);
    m_transitionsBreaker->setCurrentIndex(std::max(0, m_transitionsBreaker->findText(chosen)));
}
