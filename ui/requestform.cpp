// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/requestform.h"

#include "core/config/curlcommand.h"
#include "core/config/endpointfields.h"
#include "ui/formfields.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>

#include <algorithm>

using FormFields::label;
using FormFields::named;
using std::chrono::milliseconds;

RequestForm::RequestForm(QWidget *parent)
    : QWidget(parent)
{
    m_name = named(new QLineEdit, "name");
    m_method = named(new QComboBox, "method");
    m_method->setEditable(true);
    m_method->addItems({QStringLiteral("GET"), QStringLiteral("HEAD"), QStringLiteral("POST"), QStringLiteral("PUT"),
                        QStringLiteral("PATCH"), QStringLiteral("DELETE"), QStringLiteral("OPTIONS")});
    m_url = named(new QLineEdit, "url");
    m_url->setPlaceholderText(QStringLiteral("https://api.example.com/health"));
    m_headers = named(new QTableWidget(0, 2), "headers");
    m_headers->setHorizontalHeaderLabels({tr("Header"), tr("Value (may use ${env:NAME})")});
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->verticalHeader()->hide();
    m_headers->setMinimumHeight(fontMetrics().height() * 6);
    m_headers->setMaximumHeight(fontMetrics().height() * 10);
    auto *addHeader = named(new QPushButton(tr("Add header")), "addHeader");
    auto *removeHeader = named(new QPushButton(tr("Remove header")), "removeHeader");
    connect(addHeader, &QPushButton::clicked, this, [this] {
        m_headers->insertRow(m_headers->rowCount());
        m_headers->setCurrentCell(m_headers->rowCount() - 1, 0);
        m_headers->editItem(m_headers->currentItem());
    });
    connect(removeHeader, &QPushButton::clicked, this, [this] {
        if (m_headers->currentRow() >= 0)
            m_headers->removeRow(m_headers->currentRow());
        emit changed();
    });
    auto *headerButtons = new QHBoxLayout;
    headerButtons->addWidget(addHeader);
    headerButtons->addWidget(removeHeader);
    headerButtons->addStretch();
    m_body = named(new QPlainTextEdit, "body");
    m_body->setMaximumHeight(fontMetrics().height() * 5);
    m_expectStatus = named(new QLineEdit, "expectStatus");
    m_expectStatus->setPlaceholderText(tr("any 2xx"));
    m_interval = FormFields::spinBox("intervalMs");
    m_timeout = FormFields::spinBox("timeoutMs");
    m_idempotencyKey = FormFields::checkBox("idempotencyKey");
    m_enabled = FormFields::checkBox("enabled");
    connect(m_method, &QComboBox::currentTextChanged, this, &RequestForm::changed);
    connect(m_body, &QPlainTextEdit::textChanged, this, &RequestForm::changed);
    connect(m_headers, &QTableWidget::itemChanged, this, &RequestForm::changed);

    auto *form = new QFormLayout(this);
    form->addRow(label("name"), m_name);
    auto *line = new QHBoxLayout;
    line->addWidget(m_method);
    line->addWidget(m_url, 1);
    auto *urlLabel = new QLabel(label("url"));
    urlLabel->setBuddy(m_url);
    form->addRow(urlLabel, line);
    form->addRow(label("headers"), m_headers);
    form->addRow(QString(), headerButtons);
    form->addRow(label("body"), m_body);
    form->addRow(label("expectStatus"), m_expectStatus);
    form->addRow(label("intervalMs"), m_interval);
    form->addRow(label("timeoutMs"), m_timeout);
    form->addRow(QString(), m_idempotencyKey);
    form->addRow(QString(), m_enabled);
}

RequestForm::~RequestForm() = default;

void RequestForm::setRequest(const Endpoint &e)
{
    m_name->setText(e.name);
    m_method->setCurrentText(QString::fromLatin1(e.method));
    m_url->setText(e.url.toString());
    setHeaders(e.headers);
    m_body->setPlainText(QString::fromUtf8(e.body));
    m_expectStatus->setText(FormFields::statusText(e.expectStatus));
    m_interval->setValue(int(e.interval.count()));
    m_timeout->setValue(int(e.timeout.count()));
    m_idempotencyKey->setChecked(e.idempotencyKey);
    m_enabled->setChecked(e.enabled);
}

void RequestForm::setHeaders(const QList<QPair<QString, QString>> &headers)
{
    m_headers->setRowCount(0);
    for (const auto &[name, value] : headers) {
        const int row = m_headers->rowCount();
        m_headers->insertRow(row);
        m_headers->setItem(row, 0, new QTableWidgetItem(name));
        m_headers->setItem(row, 1, new QTableWidgetItem(value)); // templates shown as written, never resolved
    }
}

QString RequestForm::read(Endpoint &e) const
{
    e.name = m_name->text().trimmed();
    e.method = m_method->currentText().trimmed().toLatin1();
    e.body = m_body->toPlainText().toUtf8();
    e.interval = milliseconds(m_interval->value());
    e.timeout = milliseconds(m_timeout->value());
    e.idempotencyKey = m_idempotencyKey->isChecked();
    e.enabled = m_enabled->isChecked();

    e.headers.clear();
    QString problem;
    const auto note = [&problem](const QString &text) {
        if (problem.isEmpty())
            problem = text;
    };
    for (int row = 0; row < m_headers->rowCount(); ++row) {
        const QTableWidgetItem *nameItem = m_headers->item(row, 0);
        const QTableWidgetItem *valueItem = m_headers->item(row, 1);
        const QString name = nameItem ? nameItem->text().trimmed() : QString();
        const QString value = valueItem ? valueItem->text() : QString();
        if (name.isEmpty()) {
            if (!value.isEmpty())
                note(tr("Headers: row %1 has a value but no name").arg(row + 1));
            continue;
        }
        for (const auto &[existing, unused] : std::as_const(e.headers)) {
            if (existing.compare(name, Qt::CaseInsensitive) == 0)
                note(tr("Headers: %1 appears twice").arg(name));
        }
        e.headers.append({name, value});
    }

    const QString url = m_url->text().trimmed();
    e.url = QUrl(url, QUrl::StrictMode);
    if (e.name.isEmpty())
        note(tr("Name: enter a name for the endpoint"));
    if (url.isEmpty())
        note(tr("URL: enter the address to poll"));
    else if (const QString urlWrong = urlProblem(url); !urlWrong.isEmpty())
        note(QStringLiteral("url: ") + urlWrong);
    note(FormFields::parseStatuses(m_expectStatus->text(), QStringLiteral("expectStatus"), e.expectStatus));
    return problem;
}

void RequestForm::fill(const CurlCommand &command)
{
    m_method->setCurrentText(QString::fromLatin1(command.method));
    m_url->setText(command.url.toString());
    setHeaders(command.headers);
    m_body->setPlainText(QString::fromUtf8(command.body));
    if (command.timeout)
        m_timeout->setValue(int(std::min(command.timeout->count(), RetryPolicy::maxDuration.count())));
    if (m_name->text().trimmed().isEmpty())
        m_name->setText(command.url.host() + command.url.path());
}
