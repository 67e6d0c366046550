// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/endpointdialog.h"

#include "core/config/curlcommand.h"
#include "core/config/endpointfields.h"
#include "core/config/endpointsedit.h"
#include "core/config/policylint.h"
#include "ui/breakerbudgetform.h"
#include "ui/checksform.h"
#include "ui/connectionform.h"
#include "ui/fieldhelp.h"
#include "ui/formfields.h"
#include "ui/formwords.h"
#include "ui/policypreviewwidget.h"
#include "ui/policysummary.h"
#include "ui/whatifpanel.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QScrollArea>
#include <QSpinBox>
#include <QStyle>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

using FormFields::label;
using FormFields::named;
using std::chrono::milliseconds;

namespace {

// A tab page that scrolls when the dialog is smaller than the page.
QScrollArea *scrollable(QWidget *page)
{
    auto *area = new QScrollArea;
    area->setWidget(page);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    return area;
}

} // namespace

namespace {

QString statusText(const QList<int> &statuses)
{
    QStringList parts;
    for (const int status : statuses)
        parts.append(QString::number(status));
    return parts.join(QStringLiteral(", "));
}

// "200, 204" into statuses; the first problem names `key`. Whether each is
// in range is the key's row's to say (the endpoints file's own message).
QString parseStatuses(const QString &text, const QString &key, QList<int> &statuses)
{
    statuses.clear();
    for (const QString &part : text.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts)) {
        bool ok = false;
        const int status = part.toInt(&ok);
        if (!ok) {
            const FieldInfo &row = *findEndpointKey(key)->field;
            return QStringLiteral("%1: \"%2\" is not an HTTP status (%3-%4)").arg(key, part).arg(row.min).arg(row.max);
        }
        if (!statuses.contains(status))
            statuses.append(status);
    }
    return {};
}

QLabel *noteLabel(const char *objectName)
{
    auto *label = new QLabel;
    label->setObjectName(QString::fromLatin1(objectName));
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    return label;
}

} // namespace

EndpointDialog::EndpointDialog(const EndpointsDocument &document, qsizetype index, const Endpoint &initial,
                               const QProcessEnvironment &environment, QWidget *parent)
    : QDialog(parent)
    , m_document(document)
    , m_index(index)
    , m_environment(environment)
    , m_base(initial)
{
    setObjectName(QStringLiteral("endpointDialog"));
    setWindowTitle(index < 0 ? tr("Add endpoint") : tr("Edit endpoint — %1").arg(initial.name));

    m_tabs = new QTabWidget;
    m_tabs->addTab(scrollable(requestPage()), tr("&Request"));
    m_tabs->addTab(scrollable(retryPage()), tr("Re&try"));
    m_breakerBudget = new BreakerBudgetForm;
    m_tabs->addTab(scrollable(m_breakerBudget), tr("&Budget && breaker"));
    m_checks = new ChecksForm;
    m_tabs->addTab(scrollable(m_checks), tr("C&hecks"));
    m_connection = new ConnectionForm;
    m_tabs->addTab(scrollable(m_connection), tr("Co&nnection"));
    // The lab's page is added once the form is wired (below): its own
    // controls are not fields of the endpoint, to be validated, given help
    // or named in problems.
    m_lab = new WhatIfPanel;
    if (index < 0)
        m_lab->setNew();
    connect(m_lab, &WhatIfPanel::valueChosen, this, &EndpointDialog::setKey);
    // The lab shows what the policy does; its summary below would only
    // take the room its charts need.
    connect(m_tabs, &QTabWidget::currentChanged, this,
            [this] { m_cycleTime->setVisible(m_tabs->currentWidget() != m_lab); });

    m_cycleTime = noteLabel("cycleTime");
    m_warnings = noteLabel("lintWarnings");
    m_problem = noteLabel("problem");
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setStyleSheet(QStringLiteral("color: #c62828; font-weight: bold;"));
    m_curlNote = noteLabel("curlNote");
    m_curlNote->setTextFormat(Qt::PlainText);
    m_curlNote->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    QPushButton *curl = m_buttons->addButton(tr("Paste &curl command…"), QDialogButtonBox::ActionRole);
    curl->setObjectName(QStringLiteral("pasteCurl"));
    curl->setToolTip(tr("Fill method, URL, headers and body from a curl command (the clipboard's, if it holds one)"));
    connect(curl, &QPushButton::clicked, this, &EndpointDialog::pasteCurl);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_curlNote);
    layout->addWidget(m_cycleTime);
    layout->addWidget(m_warnings);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    applyFieldHelp(this);
    m_words = std::make_unique<FormWords>(*m_tabs);
    setForm(initial);
    // Any edit re-validates: every field reports through one of these.
    for (QLineEdit *edit : findChildren<QLineEdit *>())
        connect(edit, &QLineEdit::textChanged, this, &EndpointDialog::validate);
    for (QSpinBox *box : findChildren<QSpinBox *>())
        connect(box, &QSpinBox::valueChanged, this, &EndpointDialog::validate);
    for (QDoubleSpinBox *box : findChildren<QDoubleSpinBox *>())
        connect(box, &QDoubleSpinBox::valueChanged, this, &EndpointDialog::validate);
    for (QCheckBox *box : findChildren<QCheckBox *>())
        connect(box, &QCheckBox::toggled, this, &EndpointDialog::validate);
    connect(m_method, &QComboBox::currentTextChanged, this, &EndpointDialog::validate);
    connect(m_body, &QPlainTextEdit::textChanged, this, &EndpointDialog::validate);
    connect(m_headers, &QTableWidget::itemChanged, this, &EndpointDialog::validate);
    connect(m_policy, &PolicyPreviewWidget::policyChanged, this, &EndpointDialog::validate);
    // Not scrolled: its charts share the height the page has (a scroll area
    // would grow the page to their preferred heights).
    m_tabs->addTab(m_lab, tr("Policy &lab"));
    validate();
    // As large as it likes, but never beyond the screen: at 1024x700 the
    // pages scroll and the problem line and the buttons stay in view.
    const QRect screen = this->screen()->availableGeometry();
    resize(std::min(980, screen.width() - 40), std::min(760, screen.height() - 60));
}

EndpointDialog::~EndpointDialog() = default;

QWidget *EndpointDialog::requestPage()
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
        validate();
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

    auto *page = new QWidget;
    auto *form = new QFormLayout(page);
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
    return page;
}

QWidget *EndpointDialog::retryPage()
{
    m_policy = new PolicyPreviewWidget;
    m_deadline = FormFields::spinBox("retry.deadlineMs");
    m_retryOnStatus = named(new QLineEdit, "retry.retryOnStatus");
    m_respectRetryAfter = FormFields::checkBox("retry.respectRetryAfter");
    m_maxRetryAfter = FormFields::spinBox("retry.maxRetryAfterMs");
    m_respectRateLimit = FormFields::checkBox("retry.respectRateLimit");
    m_retryNonIdempotent = FormFields::checkBox("retry.retryNonIdempotent");
    auto *errors = new QGridLayout;
    int column = 0;
    for (const ErrorCategory category : allCategories()) {
        if (!isRetryOnErrorsCategory(category))
            continue;
        auto *box = new QCheckBox(QString(categoryName(category)));
        box->setObjectName(QStringLiteral("retryOn_") + QString(categoryName(category)));
        box->setToolTip(fieldHelp(QStringLiteral("retry.retryOnErrors")));
        errors->addWidget(box, column / 3, column % 3);
        ++column;
        m_retryOnErrors.append({category, box});
    }

    auto *more = new QWidget;
    auto *form = new QFormLayout(more);
    form->addRow(label("retry.deadlineMs"), m_deadline);
    form->addRow(label("retry.retryOnStatus"), m_retryOnStatus);
    form->addRow(label("retry.retryOnErrors"), errors);
    form->addRow(QString(), m_respectRetryAfter);
    form->addRow(label("retry.maxRetryAfterMs"), m_maxRetryAfter);
    form->addRow(QString(), m_respectRateLimit);
    form->addRow(QString(), m_retryNonIdempotent);

    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_policy, 1);
    layout->addWidget(more);
    return page;
}

void EndpointDialog::setForm(const Endpoint &e)
{
    m_filling = true;
    m_name->setText(e.name);
    m_method->setCurrentText(QString::fromLatin1(e.method));
    m_url->setText(e.url.toString());
    setHeaders(e.headers);
    m_body->setPlainText(QString::fromUtf8(e.body));
    m_expectStatus->setText(statusText(e.expectStatus));
    m_interval->setValue(int(e.interval.count()));
    m_timeout->setValue(int(e.timeout.count()));
    m_idempotencyKey->setChecked(e.idempotencyKey);
    m_enabled->setChecked(e.enabled);

    m_policy->setPolicy(e.retry);
    m_deadline->setValue(int(e.retry.deadline.count()));
    m_retryOnStatus->setText(statusText(e.retry.retryOnStatus));
    for (const auto &[category, box] : std::as_const(m_retryOnErrors))
        box->setChecked(e.retry.retryOnErrors.contains(category));
    m_respectRetryAfter->setChecked(e.retry.respectRetryAfter);
    m_respectRateLimit->setChecked(e.retry.respectRateLimit);
    m_maxRetryAfter->setValue(int(e.retry.maxRetryAfter.count()));
    m_retryNonIdempotent->setChecked(e.retry.retryNonIdempotent);

    m_breakerBudget->setPolicies(e.budget, e.breaker);
    m_checks->setChecks(e.assertions, e.tlsExpiryWarningDays);
    m_connection->setConnection(e.tls, e.proxy);
    m_filling = false;
}

void EndpointDialog::setHeaders(const QList<QPair<QString, QString>> &headers)
{
    const bool filling = std::exchange(m_filling, true);
    m_headers->setRowCount(0);
    for (const auto &[name, value] : headers) {
        const int row = m_headers->rowCount();
        m_headers->insertRow(row);
        m_headers->setItem(row, 0, new QTableWidgetItem(name));
        m_headers->setItem(row, 1, new QTableWidgetItem(value)); // templates shown as written, never resolved
    }
    m_filling = filling;
}

Endpoint EndpointDialog::endpoint() const
{
    Endpoint e = m_base;
    (void)readTextFields(e);
    return e;
}

QString EndpointDialog::readTextFields(Endpoint &e) const
{
    e.name = m_name->text().trimmed();
    e.method = m_method->currentText().trimmed().toLatin1();
    e.body = m_body->toPlainText().toUtf8();
    e.interval = milliseconds(m_interval->value());
    e.timeout = milliseconds(m_timeout->value());
    e.idempotencyKey = m_idempotencyKey->isChecked();
    e.enabled = m_enabled->isChecked();

    e.retry = m_policy->policy();
    e.retry.deadline = milliseconds(m_deadline->value());
    e.retry.retryOnErrors.clear();
    for (const auto &[category, box] : m_retryOnErrors) {
        if (box->isChecked())
            e.retry.retryOnErrors.append(category);
    }
    e.retry.respectRetryAfter = m_respectRetryAfter->isChecked();
    e.retry.respectRateLimit = m_respectRateLimit->isChecked();
    e.retry.maxRetryAfter = milliseconds(m_maxRetryAfter->value());
    e.retry.retryNonIdempotent = m_retryNonIdempotent->isChecked();

    m_breakerBudget->read(e.budget, e.breaker);
    const QString checksProblem = m_checks->read(e.assertions, e.tlsExpiryWarningDays);
    m_connection->read(e.tls, e.proxy);

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
    note(parseStatuses(m_expectStatus->text(), QStringLiteral("expectStatus"), e.expectStatus));
    note(parseStatuses(m_retryOnStatus->text(), QStringLiteral("retry.retryOnStatus"), e.retry.retryOnStatus));
    note(checksProblem);
    return problem;
}

QString EndpointDialog::problem() const
{
    return m_buttons->button(QDialogButtonBox::Ok)->isEnabled() ? QString() : m_problem->text();
}

QStringList EndpointDialog::warnings() const
{
    Endpoint e = m_base;
    if (!readTextFields(e).isEmpty())
        return {};
    return lintAll(e);
}

void EndpointDialog::setRecording(const QString &historyPath, const QDateTime &nowUtc)
{
    if (m_index >= 0)
        m_lab->setRecording(historyPath, m_base, nowUtc);
}

void EndpointDialog::setKey(const QString &keyPath, double value)
{
    if (auto *box = findChild<QSpinBox *>(keyPath))
        box->setValue(int(std::lround(value)));
    else if (auto *real = findChild<QDoubleSpinBox *>(keyPath))
        real->setValue(value);
}

void EndpointDialog::setObservedCertificate(const QDateTime &expiryUtc, const QDateTime &nowUtc)
{
    m_certificateExpiryUtc = expiryUtc;
    m_certificateSeenAtUtc = nowUtc;
    validate();
}

QStringList EndpointDialog::lintAll(const Endpoint &e) const
{
    QStringList lint = lintEndpoint(e, m_breakerBudget->plannedOutage());
    // The certificate was seen on the server the endpoint had when the
    // dialog opened: it says nothing about another host or port.
    if (e.url.host() == m_base.url.host() && e.url.port(443) == m_base.url.port(443)) {
        if (const QString certificate = lintCertificate(e, m_certificateExpiryUtc, m_certificateSeenAtUtc);
            !certificate.isEmpty())
            lint.append(certificate);
    }
    return lint;
}

void EndpointDialog::validate()
{
    if (m_filling)
        return;
    Endpoint e = m_base;
    QString problem = readTextFields(e);
    if (problem.isEmpty()) {
        m_result = EndpointsEdit::put(m_document, m_index, e, m_environment);
        problem = m_result.error;
    } else {
        m_result = EndpointsLoadResult{{}, problem};
    }
    // Said as the form says it, with the tab that holds the field marked.
    const int problemTab = problem.isEmpty() ? -1 : m_words->tabOf(problem);
    problem = m_words->translate(problem);
    for (int tab = 0; tab < m_tabs->count(); ++tab)
        m_tabs->setTabIcon(tab, tab == problemTab ? style()->standardIcon(QStyle::SP_MessageBoxWarning) : QIcon());
    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setEnabled(problem.isEmpty());
    ok->setToolTip(problem);
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());

    m_cycleTime->setText(policySummaryHtml(e));
    if (problem.isEmpty())
        m_lab->setEdited(e);

    const QStringList lint = problem.isEmpty() ? lintAll(e) : QStringList();
    QString html;
    for (const QString &warning : lint)
        html += QStringLiteral("<li>") + warning.toHtmlEscaped() + QStringLiteral("</li>");
    m_warnings->setText(
        html.isEmpty()
            ? QString()
            : QStringLiteral("<b>%1</b><ul style=\"margin: 0\">%2</ul>").arg(tr("Worth a second look:"), html));
    m_warnings->setVisible(!html.isEmpty());
}

void EndpointDialog::pasteCurl()
{
    QString text = QGuiApplication::clipboard()->text();
    if (!text.trimmed().startsWith(QLatin1String("curl"))) {
        bool ok = false;
        text = QInputDialog::getMultiLineText(this, tr("Paste a curl command"),
                                              tr("A curl command (as \"Copy as cURL\" gives it):"), QString(), &ok);
        if (!ok)
            return;
    }
    importCurl(text);
}

bool EndpointDialog::importCurl(const QString &text)
{
    const CurlCommand command = Curl::parse(text);
    m_curlNote->show();
    if (!command.ok()) {
        m_curlNote->setText(tr("Not imported: %1").arg(command.error));
        m_curlNote->setStyleSheet(QStringLiteral("color: #c62828;"));
        return false;
    }
    m_filling = true;
    m_method->setCurrentText(QString::fromLatin1(command.method));
    m_url->setText(command.url.toString());
    setHeaders(command.headers);
    m_body->setPlainText(QString::fromUtf8(command.body));
    if (command.timeout)
        m_timeout->setValue(int(std::min(command.timeout->count(), RetryPolicy::maxDuration.count())));
    if (!command.proxy.isEmpty())
        m_connection->setProxy(command.proxy);
    if (m_name->text().trimmed().isEmpty())
        m_name->setText(command.url.host() + command.url.path());
    m_filling = false;
    m_curlNote->setStyleSheet(QString());
    m_curlNote->setText(
        command.ignored.isEmpty()
            ? tr("Filled from the curl command.")
            : tr("Filled from the curl command; not used: %1.").arg(command.ignored.join(QStringLiteral("; "))));
    validate();
    return true;
}
