// SPDX-License-Identifier: GPL-3.0-or-later
// Issue #7's secrets, end to end: a headless run whose endpoints carry an
// ${env:...} token, literal credential headers and URL passwords, through
// every kind of outcome (errors quote URLs), with every output on: stdout,
// stderr, both CSV logs, the SQLite history. Every byte written anywhere is
// searched for every secret, in every encoding a secret could be written in.
#include "core/faultserver/faultserver.h"
#include "core/util/clock.h"
#include "tests/support/appprocess.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <csignal>

namespace {

const QString envToken = QStringLiteral("EnvT0ken-9f3a1c");
const QString literalKey = QStringLiteral("L1teralKey-5d2e8b");
const QString cookieValue = QStringLiteral("C00kieSess-7a4f2d");
const QString urlPassword = QStringLiteral("UrlPassw0rd-3c9e1f");
const QString proxyPassword = QStringLiteral("Pr0xyPassw0rd-6b1d");
const QString proxyEnvPassword = QStringLiteral("Pr0xyEnvPass-2e8c");
const QString proxyVariablePassword = QStringLiteral("Pr0xyVarPass-9f4a");

// Every form in which a secret could end up in a file or a stream.
QList<QByteArray> forms()
{
    QList<QByteArray> forms;
    for (const QString &secret :
         {envToken, literalKey, cookieValue, urlPassword, proxyPassword, proxyEnvPassword, proxyVariablePassword}) {
        forms.append(secret.toUtf8());
        forms.append(secret.toUtf8().toBase64());
        forms.append(QByteArray(reinterpret_cast<const char *>(secret.utf16()), secret.size() * 2)); // UTF-16
    }
    for (const QString &password : {urlPassword, proxyPassword, proxyEnvPassword, proxyVariablePassword})
        forms.append(QByteArray("agent:" + password.toUtf8()).toBase64()); // what Basic auth sends
    return forms;
}

QString leaks(const QByteArray &bytes, const QString &where)
{
    QStringList found;
    for (const QByteArray &form : forms()) {
        if (!form.isEmpty() && bytes.contains(form))
            found.append(QString::fromLatin1(form.toPercentEncoding()));
    }
    return found.isEmpty() ? QString() : where + QStringLiteral(" holds ") + found.join(QStringLiteral(", "));
}

QJsonObject endpoint(const QString &name, const QUrl &url, int timeoutMs = 800)
{
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("url"), url.toString()},
                       {QStringLiteral("intervalMs"), 300},
                       {QStringLiteral("timeoutMs"), timeoutMs},
                       {QStringLiteral("retry"), QJsonObject{{QStringLiteral("initialDelayMs"), 20}}}};
}

} // namespace

class TestSecrets final : public QObject
{
    Q_OBJECT

private:
    SystemClock m_clock;
    FaultServer m_server{m_clock};

private slots:
    void initTestCase() { QVERIFY(m_server.listen(0)); }

    void noOutputHoldsASecret()
    {
        QTemporaryDir home;
        const auto withPassword = [this](const QString &path) {
            QUrl url = m_server.url(path);
            url.setUserName(QStringLiteral("agent"));
            url.setPassword(urlPassword);
            return url;
        };
        const QUrl refused(QStringLiteral("http://agent:%1@127.0.0.1:1/x").arg(urlPassword));
        const QUrl unknownHost(QStringLiteral("http://agent:%1@no-such-host.invalid/x").arg(urlPassword));
        QJsonArray endpoints{
            endpoint(QStringLiteral("not-found"), withPassword(QStringLiteral("/status/404"))),
            endpoint(QStringLiteral("unavailable"), withPassword(QStringLiteral("/status/503"))),
            endpoint(QStringLiteral("reset"), withPassword(QStringLiteral("/reset"))),
            endpoint(QStringLiteral("hang"), withPassword(QStringLiteral("/hang")), 200),
            endpoint(QStringLiteral("cut"), withPassword(QStringLiteral("/truncate?declared=100&sent=5"))),
            endpoint(QStringLiteral("elsewhere"),
                     withPassword(QStringLiteral("/redirect-to?url=http://localhost:%1/ok").arg(m_server.port()))),
            endpoint(QStringLiteral("refused"), refused),
            endpoint(QStringLiteral("unknown-host"), unknownHost),
            // Proxies that refuse the connection: the error names the proxy.
            endpoint(QStringLiteral("proxy-env-variable"), QUrl(QStringLiteral("http://proxied.invalid/x"))),
        };
        QJsonObject viaProxy = endpoint(QStringLiteral("proxy-literal"), m_server.url(QStringLiteral("/ok")));
        viaProxy.insert(QStringLiteral("proxy"), QStringLiteral("http://agent:%1@127.0.0.1:1").arg(proxyPassword));
        endpoints.append(viaProxy);
        QJsonObject viaSocks = endpoint(QStringLiteral("proxy-env"), m_server.url(QStringLiteral("/ok")));
        viaSocks.insert(QStringLiteral("proxy"), QStringLiteral("socks5://agent:${env:RS_PROXY_PASSWORD}@127.0.0.1:1"));
        endpoints.append(viaSocks);
        QJsonObject defaults{
            {QStringLiteral("headers"),
             QJsonObject{{QStringLiteral("Authorization"), QStringLiteral("Bearer ${env:RS_SECRET_TOKEN}")},
                         {QStringLiteral("X-Api-Key"), literalKey},
                         {QStringLiteral("Cookie"), QString(QStringLiteral("session=") + cookieValue)}}},
            {QStringLiteral("breaker"),
             QJsonObject{{QStringLiteral("failureThreshold"), 2}, {QStringLiteral("openMs"), 500}}}};
        const QString config = home.filePath(QStringLiteral("endpoints.json"));
        QVERIFY(writeJsonFile(config,
                              QJsonObject{{QStringLiteral("version"), 1},
                                          {QStringLiteral("defaults"), defaults},
                                          {QStringLiteral("endpoints"), endpoints}}));
        QProcessEnvironment environment = privateEnvironment(home.path());
        environment.insert(QStringLiteral("RS_SECRET_TOKEN"), envToken);
        environment.insert(QStringLiteral("RS_PROXY_PASSWORD"), proxyEnvPassword);
        environment.insert(QStringLiteral("http_proxy"),
                           QStringLiteral("http://agent:%1@127.0.0.1:1").arg(proxyVariablePassword));
        environment.insert(QStringLiteral("no_proxy"), QStringLiteral("no-such-host.invalid"));
        const QString outputs = home.filePath(QStringLiteral("out"));
        QDir().mkpath(outputs);
        QProcess process;
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(RETRYSCOPE_BINARY),
                      {QStringLiteral("--headless"), QStringLiteral("--config"), config, QStringLiteral("--csv"),
                       outputs + QStringLiteral("/attempts.csv"), QStringLiteral("--transitions-csv"),
                       outputs + QStringLiteral("/transitions.csv"), QStringLiteral("--duration"),
                       QStringLiteral("4")});
        QTRY_COMPARE_WITH_TIMEOUT(process.state(), QProcess::NotRunning, 60000);
        const QByteArray out = process.readAllStandardOutput();
        const QByteArray err = process.readAllStandardError();
        QVERIFY2(process.exitCode() == 0, err.constData());

        // The run did send the secrets, and did go through every outcome.
        bool tokenSent = false;
        for (const auto &request : m_server.received())
            tokenSent = tokenSent || request.header("Authorization") == "Bearer " + envToken.toUtf8();
        QVERIFY(tokenSent);
        for (const char *category :
             {"client_error", "server_error", "connection_reset", "timeout", "connection_refused", "dns_failure", "ok"})
            QVERIFY2(out.contains(category), category);
        QVERIFY(out.contains("BREAKER"));
        for (const char *proxy : {"proxy-literal", "proxy-env", "proxy-env-variable"}) {
            const qsizetype line = out.indexOf(QByteArray(QByteArray(proxy) + ' '));
            QVERIFY2(line >= 0, proxy);
            const QByteArray text = out.mid(line, out.indexOf('\n', line) - line);
            QVERIFY2(text.contains("via proxy ") && text.contains("127.0.0.1:1"), text.constData());
        }

        QStringList found;
        for (const auto &[bytes, where] :
             {std::pair{out, QStringLiteral("stdout")}, std::pair{err, QStringLiteral("stderr")}}) {
            if (const QString leak = leaks(bytes, where); !leak.isEmpty())
                found.append(leak);
        }
        int filesSearched = 0;
        QDirIterator it(home.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (path == config)
                continue; // the user's own file, which holds what the user wrote
            QFile output(path);
            QVERIFY(output.open(QIODevice::ReadOnly));
            ++filesSearched;
            if (const QString leak = leaks(output.readAll(), path); !leak.isEmpty())
                found.append(leak);
        }
        QVERIFY2(found.isEmpty(), qPrintable(found.join(u'\n')));
        QVERIFY2(filesSearched >= 3, "the CSV logs and the history were written"); // attempts, transitions, history
        QVERIFY(QFileInfo(outputs + QStringLiteral("/attempts.csv")).size() > 1000);
    }

    // A crash prints nothing of the configuration either.
    void crashOutputHoldsNoSecret()
    {
        QTemporaryDir home;
        const QString config = home.filePath(QStringLiteral("endpoints.json"));
        QUrl url = m_server.url(QStringLiteral("/ok"));
        url.setUserName(QStringLiteral("agent"));
        url.setPassword(urlPassword);
        QJsonObject e = endpoint(QStringLiteral("a"), url);
        e.insert(QStringLiteral("headers"), QJsonObject{{QStringLiteral("X-Api-Key"), literalKey}});
        e.insert(QStringLiteral("proxy"), QStringLiteral("http://agent:%1@127.0.0.1:1").arg(proxyPassword));
        QVERIFY(writeJsonFile(
            config, QJsonObject{{QStringLiteral("version"), 1}, {QStringLiteral("endpoints"), QJsonArray{e}}}));
        QProcess process;
        process.setProcessEnvironment(privateEnvironment(home.path()));
        process.start(QStringLiteral(RETRYSCOPE_BINARY),
                      {QStringLiteral("--headless"), QStringLiteral("--config"), config});
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += process.readAllStandardOutput()).contains("via proxy"), 30000);
        ::kill(pid_t(process.processId()), SIGSEGV);
        QTRY_COMPARE_WITH_TIMEOUT(process.state(), QProcess::NotRunning, 30000);
        QCOMPARE(process.exitStatus(), QProcess::CrashExit);
        out += process.readAllStandardOutput();
        const QByteArray err = process.readAllStandardError();
        const QByteArray all = out + err;
        QVERIFY2(leaks(all, QStringLiteral("crash output")).isEmpty(), all.constData());
    }
};

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
