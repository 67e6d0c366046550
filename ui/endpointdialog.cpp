// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/endpointdialog.h"

#include "core/config/curlcommand.h"
#include "core/config/endpointsedit.h"
#include "core/config/policylint.h"
#include "ui/breakerbudgetform.h"
#include "ui/checksform.h"
#include "ui/connectionform.h"
#include "ui/fieldhelp.h"
#include "ui/formfields.h"
#include "ui/formwords.h"
#include "ui/policysummary.h"
#include "ui/requestform.h"
#include "ui/retryform.h"
#include "ui/whatifpanel.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSpinBox>
#include <QStyle>
#include <QTabWidget>
#include <QVBoxLayout>

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
    m_request = new RequestForm;
    m_tabs->addTab(scrollable(m_request), tr("&Request"));
    m_retry = new RetryForm;
    m_tabs->addTab(scrollable(m_retry), tr("Re&try"));
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
    connect(m_request, &RequestForm::changed, this, &EndpointDialog::validate);
    connect(m_retry, &RetryForm::changed, this, &EndpointDialog::validate);
    // Not scrolled: its charts share the height the page has (a scroll area
    // would grow the page to their preferred heights).
    m_tabs->addTab(m_lab, tr("Policy &lab"));
    validate();
    // 980x760, or 60 % of the width and 85 % of the height of a larger
    // screen (so that the longest page, Retry, need not scroll there), but
    // never beyond the screen: at 1024x700 the pages scroll and the problem
    // line and the buttons stay in view.
    const QRect screen = this->screen()->availableGeometry();
    resize(std::min(std::max(980, screen.width() * 6 / 10), screen.width() - 40),
           std::min(std::max(760, screen.height() * 85 / 100), screen.height() - 60));
}

EndpointDialog::~EndpointDialog() = default;

void EndpointDialog::setForm(const Endpoint &e)
{
    m_filling = true;
    m_request->setRequest(e);
    m_retry->setPolicy(e.retry);
    m_breakerBudget->setPolicies(e.budget, e.breaker);
    m_checks->setChecks(e.assertions, e.tlsExpiryWarningDays);
    m_connection->setConnection(e.tls, e.proxy);
    m_filling = false;
}

Endpoint EndpointDialog::endpoint() const
{
    Endpoint e = m_base;
    (void)readTextFields(e);
    return e;
}

QString EndpointDialog::readTextFields(Endpoint &e) const
{
    const QString requestProblem = m_request->read(e);
    const QString retryProblem = m_retry->read(e.retry);
    m_breakerBudget->read(e.budget, e.breaker);
    const QString checksProblem = m_checks->read(e.assertions, e.tlsExpiryWarningDays);
    m_connection->read(e.tls, e.proxy);
    for (const QString &problem : {requestProblem, retryProblem, checksProblem}) {
        if (!problem.isEmpty())
            return problem;
    }
    return {};
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
    m_request->fill(command);
    if (!command.proxy.isEmpty())
        m_connection->setProxy(command.proxy);
    m_filling = false;
    m_curlNote->setStyleSheet(QString());
    m_curlNote->setText(
        command.ignored.isEmpty()
            ? tr("Filled from the curl command.")
            : tr("Filled from the curl command; not used: %1.").arg(command.ignored.join(QStringLiteral("; "))));
    validate();
    return true;
}
