// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/attemptfilter.h"

#include "ui/logmodels.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>

AttemptFilterProxy::AttemptFilterProxy(AttemptLogModel *source, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_source(source)
{
    setSourceModel(source);
}

AttemptFilterProxy::~AttemptFilterProxy() = default;

void AttemptFilterProxy::setFilter(const QString &endpoint, std::optional<ErrorCategory> category,
                                   std::optional<AttemptOutcome> outcome)
{
    m_endpoint = endpoint;
    m_category = category;
    m_outcome = outcome;
    invalidateRowsFilter();
}

const AttemptRecord &AttemptFilterProxy::record(int proxyRow) const
{
    return m_source->at(mapToSource(index(proxyRow, 0)).row());
}

bool AttemptFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    const AttemptRecord &r = m_source->at(sourceRow);
    return (m_endpoint.isEmpty() || r.endpoint == m_endpoint) && (!m_category || r.category == *m_category)
        && (!m_outcome || r.outcome == *m_outcome);
}

AttemptFilterBar::AttemptFilterBar(AttemptFilterProxy *proxy, QWidget *parent)
    : QWidget(parent)
    , m_proxy(proxy)
    , m_endpoint(new QComboBox)
    , m_category(new QComboBox)
    , m_outcome(new QComboBox)
{
    m_endpoint->setObjectName(QStringLiteral("attemptEndpointFilter"));
    m_category->setObjectName(QStringLiteral("attemptCategoryFilter"));
    m_outcome->setObjectName(QStringLiteral("attemptOutcomeFilter"));
    m_endpoint->addItem(tr("All endpoints"));
    m_category->addItem(tr("All categories"));
    for (const ErrorCategory category : allCategories())
        m_category->addItem(QString(categoryName(category)), int(category));
    m_outcome->addItem(tr("All outcomes"));
    for (const AttemptOutcome outcome :
         {AttemptOutcome::Success, AttemptOutcome::Retry, AttemptOutcome::Failed, AttemptOutcome::Rejected})
        m_outcome->addItem(QString(outcomeName(outcome)), int(outcome));
    m_endpoint->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Show")));
    layout->addWidget(m_endpoint);
    layout->addWidget(m_category);
    layout->addWidget(m_outcome);
    layout->addStretch();
    for (QComboBox *box : {m_endpoint, m_category, m_outcome})
        connect(box, &QComboBox::currentIndexChanged, this, &AttemptFilterBar::apply);
}

AttemptFilterBar::~AttemptFilterBar() = default;

void AttemptFilterBar::setEndpoints(const QStringList &names)
{
    const QString current = m_endpoint->currentIndex() > 0 ? m_endpoint->currentText() : QString();
    const QSignalBlocker blocker(m_endpoint);
    while (m_endpoint->count() > 1)
        m_endpoint->removeItem(1);
    QStringList sorted = names;
    sorted.sort(Qt::CaseInsensitive);
    m_endpoint->addItems(sorted);
    m_endpoint->setCurrentIndex(std::max(0, m_endpoint->findText(current)));
    apply();
}

void AttemptFilterBar::apply()
{
    const QVariant category = m_category->currentData();
    const QVariant outcome = m_outcome->currentData();
    m_proxy->setFilter(m_endpoint->currentIndex() > 0 ? m_endpoint->currentText() : QString(),
                       category.isValid() ? std::optional(ErrorCategory(category.toInt())) : std::nullopt,
                       outcome.isValid() ? std::optional(AttemptOutcome(outcome.toInt())) : std::nullopt);
}
