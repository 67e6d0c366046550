// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/exportdialog.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QListWidget>
#include <QPushButton>

namespace {

constexpr qint64 everything = -1;
constexpr qint64 custom = 0;

} // namespace

ExportDialog::ExportDialog(const QString &title, const QStringList &endpoints, const QDateTime &nowUtc, QWidget *parent)
    : QDialog(parent)
    , m_now(nowUtc)
    , m_span(new QComboBox)
    , m_from(new QDateTimeEdit(nowUtc.toLocalTime().addSecs(-3600)))
    , m_to(new QDateTimeEdit(nowUtc.toLocalTime()))
    , m_endpoints(new QListWidget)
{
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(title);
    m_span->setObjectName(QStringLiteral("exportSpan"));
    m_span->addItem(tr("Everything the history keeps"), everything);
    m_span->addItem(tr("The last hour"), 3600);
    m_span->addItem(tr("The last 24 hours"), 86400);
    m_span->addItem(tr("The last 7 days"), 7 * 86400);
    m_span->addItem(tr("From … to …"), custom);
    for (QDateTimeEdit *edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    }
    m_endpoints->setObjectName(QStringLiteral("exportEndpoints"));
    QStringList sorted = endpoints;
    sorted.sort(Qt::CaseInsensitive);
    for (const QString &name : std::as_const(sorted)) {
        auto *item = new QListWidgetItem(name, m_endpoints);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export…"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout(this);
    form->addRow(tr("&Time"), m_span);
    form->addRow(tr("&From"), m_from);
    form->addRow(tr("&To"), m_to);
    form->addRow(tr("&Endpoints"), m_endpoints);
    form->addRow(buttons);
    connect(m_span, &QComboBox::currentIndexChanged, this, &ExportDialog::updateState);
    connect(m_endpoints, &QListWidget::itemChanged, this, [this, buttons] {
        bool any = false;
        for (int i = 0; i < m_endpoints->count(); ++i)
            any = any || m_endpoints->item(i)->checkState() == Qt::Checked;
        buttons->button(QDialogButtonBox::Ok)->setEnabled(any || m_endpoints->count() == 0);
    });
    updateState();
}

ExportDialog::~ExportDialog() = default;

void ExportDialog::updateState()
{
    const bool isCustom = m_span->currentData().toLongLong() == custom;
    m_from->setEnabled(isCustom);
    m_to->setEnabled(isCustom);
}

HistoryRange ExportDialog::range() const
{
    HistoryRange range;
    const qint64 seconds = m_span->currentData().toLongLong();
    range.toUtc = m_now.addSecs(1);
    if (seconds == everything)
        range.fromUtc = m_now.addYears(-100);
    else if (seconds == custom) {
        range.fromUtc = m_from->dateTime().toUTC();
        range.toUtc = m_to->dateTime().toUTC();
    } else
        range.fromUtc = m_now.addSecs(-seconds);
    QStringList chosen;
    for (int i = 0; i < m_endpoints->count(); ++i) {
        if (m_endpoints->item(i)->checkState() == Qt::Checked)
            chosen.append(m_endpoints->item(i)->text());
    }
    if (chosen.size() < m_endpoints->count())
        range.endpoints = chosen;
    return range;
}
