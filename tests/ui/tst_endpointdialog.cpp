// SPDX-License-Identifier: GPL-3.0-or-later
// The endpoint dialog's own form: fields, ranges and help, problems in the
// form's words, the Checks JSON, the preview, the planned outage and the curl
// paste. Editing from the window is tst_endpointeditor's.
#include "core/config/endpointfields.h"
#include "tests/ui/dialogfields.h"
#include "ui/dashboardsettings.h"
#include "ui/endpointdialog.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QGuiApplication>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QScreen>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocumentFragment>
#include <QToolButton>

using namespace std::chrono_literals;

namespace {

// The label the form shows for a field (its buddy label), without the '&'.
QString labelOf(QWidget *dialog, const char *key)
{
    for (const QLabel *label : dialog->findChildren<QLabel *>()) {
        if (label->buddy() && label->buddy()->objectName() == QLatin1String(key))
            return label->text().remove(u'&');
    }
    return {};
}

// The endpoint most tests start the dialog with: "api" at `url`.
Endpoint apiEndpoint(const char *url)
{
    Endpoint endpoint;
    endpoint.name = QStringLiteral("api");
    endpoint.url = QUrl(QLatin1String(url));
    return endpoint;
}

} // namespace

class TestEndpointDialog final : public QObject
{
    Q_OBJECT

private slots:
    // Problems come in the form's words, with the tab named and marked; a
    // number out of range is explained, not put back in silence.
    void problemsInTheFormsOwnWords()
    {
        EndpointsDocument empty;
        const Endpoint start = apiEndpoint("http://127.0.0.1/");
        EndpointDialog dialog(empty, -1, start, QProcessEnvironment());
        dialog.show();
        QVERIFY(okButton(&dialog)->isEnabled());
        // It fits the screen (the offscreen one is 800x600): the pages
        // scroll, the problem line and the buttons stay in view.
        QVERIFY(dialog.height() <= dialog.screen()->availableGeometry().height());
        QVERIFY(dialog.rect().contains(
            okButton(&dialog)->geometry().translated(okButton(&dialog)->parentWidget()->mapTo(&dialog, QPoint(0, 0)))));
        auto *tabs = dialog.findChild<QTabWidget *>();

        for (const char *typed : {"0", "-100"}) {
            auto *interval = child<QSpinBox>(&dialog, "intervalMs");
            typeInto(interval, QString::fromLatin1(typed));
            QVERIFY2(dialog.problem().startsWith(QStringLiteral("Request ▸ Interval: must be from 100 to ")),
                     qPrintable(dialog.problem()));
            QVERIFY(dialog.problem().endsWith(QStringLiteral("(got %1)").arg(QLatin1String(typed))));
            interval->clearFocus(); // leaving the field keeps what was typed, and the message
            QCOMPARE(interval->value(), QString::fromLatin1(typed).toInt());
            QVERIFY(!okButton(&dialog)->isEnabled());
            QVERIFY(!tabs->tabIcon(0).isNull()); // the Request tab is marked
        }
        typeInto(child<QSpinBox>(&dialog, "intervalMs"), QStringLiteral("1000"));
        QVERIFY(okButton(&dialog)->isEnabled());
        QVERIFY(tabs->tabIcon(0).isNull());

        // Keys become labels, the first with its tab.
        auto *openMs = child<QSpinBox>(&dialog, "breaker.openMs");
        typeInto(child<QSpinBox>(&dialog, "breaker.maxOpenMs"), QStringLiteral("1000"));
        typeInto(openMs, QStringLiteral("5000"));
        QVERIFY2(dialog.problem().startsWith(
                     QStringLiteral("Budget & breaker ▸ %1: must not be less than “%2”")
                         .arg(labelOf(&dialog, "breaker.maxOpenMs"), labelOf(&dialog, "breaker.openMs"))),
                 qPrintable(dialog.problem()));
        QVERIFY(!dialog.problem().contains(QLatin1String("breaker.")));
        QVERIFY(!tabs->tabIcon(2).isNull());
        QVERIFY(tabs->tabIcon(0).isNull());
        // The arrows stop at the lowest value a field takes.
        auto *threshold = child<QSpinBox>(&dialog, "breaker.failureThreshold");
        threshold->setValue(1);
        threshold->stepDown();
        QCOMPARE(threshold->value(), 1);
    }

    // The outage the user wants caught, stated on the breaker page: the
    // warning says whether it opens the breaker, and the choice is kept for
    // the next endpoint (it is not a key of the endpoint).
    // Every key of the endpoint key table has its field, named after the key,
    // with the row's label, range and tooltip: the form accepts what the file
    // accepts, no more, no less.
    void everyKeyHasItsFieldRangeAndHelp()
    {
        EndpointsDocument empty;
        EndpointDialog dialog(empty, -1, Endpoint{}, QProcessEnvironment());
        int spinBoxes = 0;
        for (const EndpointKey &key : endpointKeys()) {
            const FieldInfo &field = *key.field;
            const QByteArray path = key.path.toLatin1();
            if (field.kind == FieldKind::NameList) { // one check box per name
                QVERIFY(!dialog.findChildren<QCheckBox *>(QRegularExpression(QStringLiteral("^retryOn_"))).isEmpty());
                continue;
            }
            QWidget *widget = dialog.findChild<QWidget *>(key.path);
            QVERIFY2(widget, path.constData());
            QVERIFY2(widget->toolTip().contains(QString::fromUtf8(field.help).toHtmlEscaped()), path.constData());
            if (const QString byDefault = fieldDefaultText(field, key.byDefault); !byDefault.isEmpty())
                QVERIFY2(widget->toolTip().contains(byDefault.toHtmlEscaped()), path.constData());
            const QString label = QString::fromUtf8(field.label).remove(u'&');
            if (auto *box = qobject_cast<QCheckBox *>(widget))
                QCOMPARE(box->text(), label);
            else if (key.path != QLatin1String("method"))
                QCOMPARE(labelOf(&dialog, path.constData()), label);

            if (auto *box = qobject_cast<QSpinBox *>(widget)) {
                ++spinBoxes;
                QCOMPARE(box->maximum(), int(std::min(field.max, 2147483647.0)));
                box->setValue(int(field.min) + 1);
                box->stepBy(-5);
                QCOMPARE(box->value(), int(field.min)); // the arrows stop at the lowest value allowed
                box->setValue(box->maximum());
                box->stepBy(1);
                QCOMPARE(box->value(), int(std::min(field.max, 2147483647.0)));
            } else if (auto *box = qobject_cast<QDoubleSpinBox *>(widget)) {
                ++spinBoxes;
                const double step = std::pow(10.0, -box->decimals());
                const double lowest = field.aboveMin ? field.min + step : field.min;
                box->setValue(lowest + 1);
                box->stepBy(-100);
                QCOMPARE(box->value(), lowest);
                if (std::isfinite(field.max))
                    QCOMPARE(box->maximum(), field.belowMax ? field.max - step : field.max);
            }
        }
        QCOMPARE(spinBoxes, 24);
    }

    // The Connection page: a file that cannot be used is named, in the
    // form's words, on that page, when the form is checked (not at save);
    // a server name on a URL with a host name is worth a second look.
    void connectionFilesAreCheckedAsTyped()
    {
        QTemporaryDir dir;
        QFile notPem(dir.filePath(QStringLiteral("ca.pem")));
        QVERIFY(notPem.open(QIODevice::WriteOnly) && notPem.write("not a certificate\n") > 0);
        notPem.close();
        EndpointsDocument empty;
        const Endpoint start = apiEndpoint("https://api.example.com/health");
        EndpointDialog dialog(empty, -1, start, QProcessEnvironment());
        auto *tabs = dialog.findChild<QTabWidget *>();
        QCOMPARE(tabs->tabText(4), QStringLiteral("Co&nnection"));
        QVERIFY(dialog.findChild<QToolButton *>(QStringLiteral("tls.caFile.browse")));
        QCOMPARE(labelOf(&dialog, "tls.caFile"), QStringLiteral("Trusted CA file"));

        child<QLineEdit>(&dialog, "tls.caFile")->setText(dir.filePath(QStringLiteral("missing.pem")));
        QCOMPARE(dialog.problem(),
                 QStringLiteral("Connection ▸ Trusted CA file: %1: no such file")
                     .arg(dir.filePath(QStringLiteral("missing.pem"))));
        QVERIFY(!tabs->tabIcon(4).isNull());
        child<QLineEdit>(&dialog, "tls.caFile")->setText(notPem.fileName());
        QVERIFY2(dialog.problem().contains(QLatin1String("holds no PEM certificate")), qPrintable(dialog.problem()));
        child<QLineEdit>(&dialog, "tls.caFile")->clear();
        QCOMPARE(dialog.problem(), QString());
        QVERIFY(tabs->tabIcon(4).isNull());

        child<QLineEdit>(&dialog, "tls.serverName")->setText(QStringLiteral("api.internal"));
        QCOMPARE(dialog.problem(), QString());
        QCOMPARE(dialog.endpoint().tls.serverName, QStringLiteral("api.internal"));
        QVERIFY2(dialog.warnings().join(u'\n').contains(QLatin1String("differs from the URL's host")),
                 qPrintable(dialog.warnings().join(u'\n')));
        // A passphrase written out is not shown.
        QCOMPARE(child<QLineEdit>(&dialog, "tls.keyPassphrase")->echoMode(), QLineEdit::PasswordEchoOnEdit);
    }

    // Every Alt+letter on a page leads to one place: the tab titles and the
    // page's own labels, buttons and group titles never share a letter (a
    // shared one makes Alt+letter cycle, so it lands where nobody expects).
    void eachPageHasItsOwnMnemonics()
    {
        EndpointsDocument empty;
        const Endpoint start = apiEndpoint("https://api.example.com/health");
        EndpointDialog dialog(empty, -1, start, QProcessEnvironment());
        dialog.show();
        auto *tabs = dialog.findChild<QTabWidget *>();
        QStringList clashes;
        for (int page = 0; page < tabs->count(); ++page) {
            tabs->setCurrentIndex(page);
            QMap<QKeySequence, QStringList> users;
            const auto use = [&users](const QString &text) {
                const QKeySequence key = QKeySequence::mnemonic(text);
                if (!key.isEmpty())
                    users[key].append(text);
            };
            for (int tab = 0; tab < tabs->count(); ++tab)
                use(tabs->tabText(tab));
            for (QWidget *widget : dialog.findChildren<QWidget *>()) {
                if (!widget->isVisibleTo(&dialog))
                    continue;
                if (auto *label = qobject_cast<QLabel *>(widget); label && label->buddy())
                    use(label->text());
                else if (auto *button = qobject_cast<QAbstractButton *>(widget))
                    use(button->text());
                else if (auto *group = qobject_cast<QGroupBox *>(widget))
                    use(group->title());
            }
            for (auto it = users.cbegin(); it != users.cend(); ++it) {
                if (it->size() > 1)
                    clashes.append(QStringLiteral("page %1: %2 is used by %3")
                                       .arg(tabs->tabText(page), it.key().toString(), it->join(QStringLiteral(", "))));
            }
        }
        QVERIFY2(clashes.isEmpty(), qPrintable(clashes.join(u'\n')));
    }

    // The Checks page: "Equals" takes JSON (a text with its quotes), and a
    // value that is not JSON is a problem in words on that page.
    void checksTakeJson()
    {
        EndpointsDocument empty;
        const Endpoint start = apiEndpoint("http://127.0.0.1/health");
        EndpointDialog dialog(empty, -1, start, QProcessEnvironment());
        child<QLineEdit>(&dialog, "assert.jsonPointer")->setText(QStringLiteral("/status"));
        child<QLineEdit>(&dialog, "assert.equals")->setText(QStringLiteral("UP"));
        QVERIFY2(dialog.problem().contains(QLatin1String("is not a JSON value")), qPrintable(dialog.problem()));
        child<QLineEdit>(&dialog, "assert.equals")->setText(QStringLiteral("\"UP\""));
        QCOMPARE(dialog.problem(), QString());
        QCOMPARE(dialog.endpoint().assertions.equals, QJsonValue(QStringLiteral("UP")));
        QCOMPARE(dialog.endpoint().assertions.jsonPointer, QStringLiteral("/status"));
        // A long value comes back whole when the form is filled again.
        Endpoint long_ = start;
        long_.assertions.jsonPointer = QStringLiteral("/checks");
        long_.assertions.equals = QJsonObject{{QStringLiteral("database"), QStringLiteral("reachable and replicating")},
                                              {QStringLiteral("queue"), QStringLiteral("draining normally")}};
        EndpointDialog again(empty, -1, long_, QProcessEnvironment());
        QCOMPARE(again.problem(), QString());
        QCOMPARE(again.endpoint().assertions.equals, long_.assertions.equals);
        child<QLineEdit>(&dialog, "assert.jsonPointer")->setText(QStringLiteral("status"));
        QVERIFY2(dialog.problem().contains(QLatin1String("must start with /")), qPrintable(dialog.problem()));
    }

    // The preview says, in numbers, what each rule will do: the open period
    // with its jitter, slow calls, announced rate limits, the checks and the
    // certificate warning; and it follows the form as the user types.
    void previewSaysWhatTheRulesDo()
    {
        EndpointsDocument empty;
        Endpoint start = apiEndpoint("https://127.0.0.1/health");
        start.breaker.openDuration = 10s;
        start.breaker.openJitter = 0.5;
        start.breaker.slowCallDuration = 800ms;
        start.breaker.slowCallRatePercent = 60;
        start.assertions.jsonPointer = QStringLiteral("/status");
        start.assertions.equals = QJsonValue(QStringLiteral("UP"));
        EndpointDialog dialog(empty, -1, start, QProcessEnvironment());
        auto *preview = child<QLabel>(&dialog, "cycleTime");
        const auto says = [preview](const char *text) {
            return QTextDocumentFragment::fromHtml(preview->text()).toPlainText().contains(QString::fromUtf8(text));
        };
        QVERIFY2(says("It stays open 10 s to 15 s (openJitter 50%"), qPrintable(preview->text()));
        QVERIFY2(says("A success taking 800 ms or longer is a slow call; 60% slow calls among the last 20 (at least "
                      "10) open it too."),
                 qPrintable(preview->text()));
        QVERIFY(says("Rate limits: when the server announces 0 requests left, the next request waits for the reset"));
        QVERIFY(says("Checks: /status is \"UP\"; otherwise the attempt fails as assertion_failed and is not retried"));
        QVERIFY(says("Certificate: flagged 14 days before it expires."));

        typeInto(child<QDoubleSpinBox>(&dialog, "breaker.openJitter"), QStringLiteral("0"));
        QVERIFY2(says("It stays open 10 s (no openJitter: breakers that opened together probe together)"),
                 qPrintable(preview->text()));
        child<QCheckBox>(&dialog, "retry.respectRateLimit")->setChecked(false);
        QVERIFY(says("announced quotas (RateLimit, X-RateLimit-*) are shown but not followed"));
        typeInto(child<QLineEdit>(&dialog, "url"), QStringLiteral("http://127.0.0.1/health"));
        QVERIFY(!says("Certificate:"));
    }

    void plannedOutageIsCheckedAndRemembered()
    {
        DashboardSettings().remove(QStringLiteral("editor/plannedOutageSeconds"));
        EndpointsDocument empty;
        Endpoint start = apiEndpoint("http://127.0.0.1/");
        start.interval = 5s;
        start.breaker.failureThreshold = 3;
        {
            EndpointDialog dialog(empty, -1, start, QProcessEnvironment());
            dialog.show();
            auto *planned = child<QSpinBox>(&dialog, "plannedOutage");
            QCOMPARE(planned->value(), 0); // not stated: no warning about it
            QVERIFY(!dialog.warnings().join(u' ').contains(QLatin1String("An outage of")));
            typeInto(planned, QStringLiteral("10"));
            QVERIFY2(dialog.warnings().join(u' ').contains(
                         QLatin1String("An outage of 10 s opens the breaker only while the retry budget holds")),
                     qPrintable(dialog.warnings().join(u' ')));
            QVERIFY(child<QLabel>(&dialog, "lintWarnings")->text().contains(QLatin1String("An outage of 10 s")));
            typeInto(planned, QStringLiteral("11"));
            QVERIFY(!dialog.warnings().join(u' ').contains(QLatin1String("An outage of")));
            QVERIFY(okButton(&dialog)->isEnabled()); // a question, never a problem
        }
        EndpointDialog next(empty, -1, start, QProcessEnvironment());
        QCOMPARE(child<QSpinBox>(&next, "plannedOutage")->value(), 11);
        DashboardSettings().remove(QStringLiteral("editor/plannedOutageSeconds"));
    }

    void invalidInputKeepsOkDisabled()
    {
        EndpointsDocument empty;
        EndpointDialog dialog(empty, -1, Endpoint{}, QProcessEnvironment());
        dialog.show();
        auto *problem = child<QLabel>(&dialog, "problem");
        QVERIFY(!okButton(&dialog)->isEnabled());
        QCOMPARE(dialog.problem(), QStringLiteral("Request ▸ Name: enter a name for the endpoint"));
        QTest::keyClicks(child<QLineEdit>(&dialog, "name"), QStringLiteral("api"));
        QCOMPARE(dialog.problem(), QStringLiteral("Request ▸ URL: enter the address to poll"));

        auto *url = child<QLineEdit>(&dialog, "url");
        for (const auto &[text, why] :
             {std::pair{"ftp://files.example/x",
                        "Request ▸ URL: \"ftp://files.example/x\" is not an http or https URL"},
              {"http://", "Request ▸ URL: \"http://\" has no host"},
              {"not a url", "Request ▸ URL: \"not a url\" is not a web address: it must start with http://"},
              {"http://exa mple.com/", "Request ▸ URL: \"http://exa mple.com/\" contains a space"},
              {"http://[::1", "Request ▸ URL: \"http://[::1\" is not a valid URL"}}) {
            typeInto(url, QString::fromLatin1(text));
            QVERIFY(!okButton(&dialog)->isEnabled());
            QVERIFY2(dialog.problem().startsWith(QString::fromUtf8(why)), qPrintable(dialog.problem()));
            QVERIFY(problem->isVisible());
            QCOMPARE(okButton(&dialog)->toolTip(), dialog.problem());
        }
        typeInto(url, QStringLiteral("https://api.example.com/health"));
        QVERIFY(okButton(&dialog)->isEnabled());
        QVERIFY(!problem->isVisible());

        typeInto(child<QLineEdit>(&dialog, "expectStatus"), QStringLiteral("200, 2x4"));
        QCOMPARE(dialog.problem(),
                 QStringLiteral("Request ▸ Expected statuses: \"2x4\" is not an HTTP status (100-599)"));
        // The range is the key's, worded as the endpoints file words it.
        typeInto(child<QLineEdit>(&dialog, "expectStatus"), QStringLiteral("200, 700"));
        QCOMPARE(dialog.problem(), QStringLiteral("Request ▸ Expected statuses: 700 is not an HTTP status (100-599)"));
        typeInto(child<QLineEdit>(&dialog, "expectStatus"), QStringLiteral("200, 204"));
        QVERIFY(okButton(&dialog)->isEnabled());
        QCOMPARE(dialog.endpoint().expectStatus, (QList<int>{200, 204}));

        // A header that refers to an unset variable is refused by name.
        auto *headers = child<QTableWidget>(&dialog, "headers");
        QTest::mouseClick(child<QPushButton>(&dialog, "addHeader"), Qt::LeftButton);
        headers->setItem(0, 0, new QTableWidgetItem(QStringLiteral("Authorization")));
        headers->setItem(0, 1, new QTableWidgetItem(QStringLiteral("Bearer ${env:RETRYSCOPE_UNSET_TOKEN}")));
        QCOMPARE(dialog.problem(),
                 QStringLiteral("Request ▸ Headers ▸ Authorization: environment variable RETRYSCOPE_UNSET_TOKEN is not "
                                "set"));
        // Every field explains itself.
        QVERIFY(child<QSpinBox>(&dialog, "intervalMs")->toolTip().contains(QLatin1String("Default: 5000 ms")));
        QVERIFY(child<QSpinBox>(&dialog, "breaker.openMs")->toolTip().contains(QLatin1String("30000 ms")));
        QVERIFY(child<QSpinBox>(&dialog, "retry.maxAttempts")->toolTip().contains(QLatin1String("Default: 5.")));
    }

    void curlPasteFillsTheForm()
    {
        EndpointsDocument empty;
        EndpointDialog dialog(empty, -1, Endpoint{}, QProcessEnvironment::systemEnvironment());
        dialog.show();
        QGuiApplication::clipboard()->setText(QStringLiteral("curl 'https://api.example.com/v1/orders' \\\n"
                                                             "  -X POST \\\n"
                                                             "  -H 'Content-Type: application/json' \\\n"
                                                             "  -H 'Authorization: Bearer ${env:HOME}' \\\n"
                                                             "  --data-raw '{\"item\": 42}' --compressed"));
        QTest::mouseClick(child<QPushButton>(&dialog, "pasteCurl"), Qt::LeftButton);
        QCOMPARE(child<QComboBox>(&dialog, "method")->currentText(), QStringLiteral("POST"));
        QCOMPARE(child<QLineEdit>(&dialog, "url")->text(), QStringLiteral("https://api.example.com/v1/orders"));
        QCOMPARE(child<QPlainTextEdit>(&dialog, "body")->toPlainText(), QStringLiteral("{\"item\": 42}"));
        auto *headers = child<QTableWidget>(&dialog, "headers");
        QCOMPARE(headers->rowCount(), 2);
        QCOMPARE(headers->item(1, 1)->text(), QStringLiteral("Bearer ${env:HOME}")); // shown as written
        QCOMPARE(child<QLineEdit>(&dialog, "name")->text(), QStringLiteral("api.example.com/v1/orders"));
        QVERIFY2(okButton(&dialog)->isEnabled(), qPrintable(dialog.problem()));
        QVERIFY(child<QLabel>(&dialog, "curlNote")->text().contains(QLatin1String("--compressed")));
        const Endpoint e = dialog.endpoint();
        QCOMPARE(e.method, QByteArray("POST"));
        QCOMPARE(e.headers.size(), 2);

        // A POST is never retried blindly: the cycle is one attempt until an
        // idempotency key is on, and retrying without one is called out.
        QVERIFY(child<QLabel>(&dialog, "cycleTime")->text().contains(QLatin1String("1 attempt,")));
        child<QCheckBox>(&dialog, "retry.retryNonIdempotent")->setChecked(true);
        QVERIFY(dialog.warnings().join(u' ').contains(QLatin1String("Retries POST without an Idempotency-Key")));
        QVERIFY(child<QLabel>(&dialog, "lintWarnings")->isVisible());
        child<QCheckBox>(&dialog, "idempotencyKey")->setChecked(true);
        QVERIFY(!dialog.warnings().join(u' ').contains(QLatin1String("Idempotency-Key")));
        QVERIFY(child<QLabel>(&dialog, "cycleTime")->text().contains(QLatin1String("5 attempts")));

        // Not a curl command: nothing changes, and the reason is shown.
        QVERIFY(!dialog.importCurl(QStringLiteral("wget https://x/")));
        QCOMPARE(child<QLineEdit>(&dialog, "url")->text(), QStringLiteral("https://api.example.com/v1/orders"));
        QVERIFY(child<QLabel>(&dialog, "curlNote")->text().contains(QLatin1String("not a curl command")));
    }
};

QTEST_MAIN(TestEndpointDialog)
#include "tst_endpointdialog.moc"
