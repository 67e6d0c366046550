// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/config/endpointsfile.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;

// The JSON below writes "://" as ":\/\/" (a legal JSON escape): moc in Qt 6.4
// takes "//" inside a raw string literal for a comment and then loses track
// of the class.

namespace {

QProcessEnvironment environment()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("API_TOKEN"), QStringLiteral("s3cret"));
    return env;
}

EndpointsLoadResult parse(const QByteArray &json)
{
    return EndpointsFile::parse(json, QStringLiteral("test.json"), environment());
}

// A file with one endpoint whose object is `endpoint` (JSON members).
QByteArray withEndpoint(const char *members)
{
    return QByteArray(R"({"version": 1, "endpoints": [{"name": "api", "url": "http:\/\/127.0.0.1:8080/ok", )") + members
        + "}]}";
}

} // namespace

class TestEndpointsFile final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void readsAFullEndpoint()
    {
        const auto result = parse(R"({
          "version": 1,
          "endpoints": [{
            "name": "payments", "url": "https:\/\/api.example.com/v1/charge", "method": "POST",
            "headers": {"Authorization": "Bearer ${env:API_TOKEN}", "X-Mode": "test"},
            "body": "amount=1", "intervalMs": 2500, "timeoutMs": 800, "expectStatus": [200, 201],
            "idempotencyKey": true, "enabled": false,
            "retry": {"maxAttempts": 3, "jitter": "full"},
            "budget": {"maxTokens": 5},
            "breaker": {"failureThreshold": 2, "key": "upstream"}
          }]})");
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.document.endpoints.size(), 1);
        const Endpoint &e = result.document.endpoints.first();
        QCOMPARE(e.name, QStringLiteral("payments"));
        QCOMPARE(e.url, QUrl(QStringLiteral("https://api.example.com/v1/charge")));
        QCOMPARE(e.method, QByteArray("POST"));
        // Templates are kept, never resolved into the value.
        QCOMPARE(e.headers.first(),
                 qMakePair(QStringLiteral("Authorization"), QStringLiteral("Bearer ${env:API_TOKEN}")));
        QCOMPARE(e.body, QByteArray("amount=1"));
        QCOMPARE(e.interval, 2500ms);
        QCOMPARE(e.timeout, 800ms);
        QCOMPARE(e.expectStatus, (QList<int>{200, 201}));
        QVERIFY(e.idempotencyKey);
        QVERIFY(!e.enabled);
        QCOMPARE(e.retry.maxAttempts, 3);
        QCOMPARE(e.retry.jitter, JitterMode::Full);
        QCOMPARE(e.retry.initialDelay, 1000ms); // untouched keys keep their defaults
        QCOMPARE(e.budget.maxTokens, 5.0);
        QCOMPARE(e.breaker.failureThreshold, 2);
        QCOMPARE(e.breakerName(), QStringLiteral("upstream"));
        QCOMPARE(e.budgetName(), QStringLiteral("payments"));
    }

    void defaultsMergeKeyByKey()
    {
        const auto result = parse(R"({
          "version": 1,
          "defaults": {"intervalMs": 1000, "headers": {"User-Agent": "probe", "X-Env": "prod"},
                       "retry": {"maxAttempts": 7, "initialDelayMs": 50, "maxDelayMs": 500}},
          "endpoints": [
            {"name": "a", "url": "http:\/\/a.test/", "retry": {"maxAttempts": 2}, "headers": {"x-env": "staging"}},
            {"name": "b", "url": "http:\/\/b.test/", "intervalMs": 300}
          ]})");
        QVERIFY2(result.ok(), qPrintable(result.error));
        const Endpoint &a = result.document.endpoints[0];
        const Endpoint &b = result.document.endpoints[1];
        QCOMPARE(a.retry.maxAttempts, 2);
        QCOMPARE(a.retry.initialDelay, 50ms); // from defaults.retry
        QCOMPARE(a.interval, 1000ms);
        QCOMPARE(a.headers.size(), 2);
        QVERIFY(a.headers.contains(qMakePair(QStringLiteral("x-env"), QStringLiteral("staging"))));
        QVERIFY(a.headers.contains(qMakePair(QStringLiteral("User-Agent"), QStringLiteral("probe"))));
        QCOMPARE(b.retry.maxAttempts, 7);
        QCOMPARE(b.interval, 300ms);
        QCOMPARE(b.timeout, 10000ms);
        // What is kept for saving is what was written, not the merge.
        QVERIFY(!result.document.endpointObjects[1].contains(QLatin1String("retry")));
    }

    void refusesBadFiles_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        const auto bad = [](const char *name, const QByteArray &json, const char *message) {
            QTest::newRow(name) << json << QStringLiteral("test.json: ") + QString::fromUtf8(message);
        };
        const auto badKey = [&bad](const char *name, const char *members, const char *message) {
            bad(name, withEndpoint(members), QByteArray(QByteArray("endpoints[0] (\"api\"): ") + message).constData());
        };
        bad("empty", "", "line 1, column 1: JSON syntax error: illegal value");
        bad("syntax", "{\n  \"version\": 1,\n  \"endpoints\": [,]\n}",
            "line 3, column 18: JSON syntax error: illegal value");
        bad("array at top", "[]", "the top level must be a JSON object");
        bad("no version", R"({"endpoints": []})", "version: missing (must be 1)");
        bad("version 2", R"({"version": 2, "endpoints": []})", "version: must be 1 (got 2)");
        bad("version string", R"({"version": "1", "endpoints": []})", "version: must be 1 (got a non-number)");
        bad("unknown top key", R"({"version": 1, "endpoints": [], "endpoint": []})", "endpoint: unknown key");
        bad("no endpoints", R"({"version": 1})", "endpoints: missing (an array of endpoints)");
        bad("endpoints object", R"({"version": 1, "endpoints": {}})", "endpoints: expected an array");
        bad("endpoint not object", R"({"version": 1, "endpoints": [3]})", "endpoints[0]: expected an object");
        bad("no name", R"({"version": 1, "endpoints": [{"url": "http:\/\/a.test/"}]})",
            "endpoints[0]: name: missing (every endpoint needs a unique name)");
        bad("no url", R"({"version": 1, "endpoints": [{"name": "a"}]})", "endpoints[0] (\"a\"): url: missing");
        bad("empty name", R"({"version": 1, "endpoints": [{"name": " ", "url": "http:\/\/a.test/"}]})",
            "endpoints[0] (\" \"): name: must not be empty");
        bad("name not string", R"({"version": 1, "endpoints": [{"name": 5, "url": "http:\/\/a.test/"}]})",
            "endpoints[0]: name: expected a string, got 5");
        bad("duplicate names",
            R"({"version": 1, "endpoints": [{"name": "a", "url": "http:\/\/a.test/"}, {"name": "a", "url": "http:\/\/b.test/"}]})",
            "endpoints[1] (\"a\"): name: duplicate of endpoints[0]");
        badKey("unknown endpoint key", R"("intervall": 5)", "intervall: unknown key");
        // Found by fuzz_endpointsfile: a key or a name holding a line break
        // made the "one line" message two lines.
        badKey("unknown key with line break", R"("a\nb\u0001": 5)", "a\\nb\\x01: unknown key");
        bad("name with line break", R"({"version": 1, "endpoints": [{"name": "a\nb", "url": "http:\/\/a.test/"}]})",
            "endpoints[0] (\"a\\nb\"): name: must not contain control characters (line breaks, tabs)");
        badKey("string value with tab", R"("timeoutMs": "5\t")",
               "timeoutMs: expected a whole number, got the string \"5\\t\"");
        bad("ftp url", R"({"version": 1, "endpoints": [{"name": "a", "url": "ftp:\/\/a.test/"}]})",
            "endpoints[0] (\"a\"): url: \"ftp://a.test/\" is not an http or https URL");
        bad("no host", R"({"version": 1, "endpoints": [{"name": "a", "url": "http:\/\//path"}]})",
            "endpoints[0] (\"a\"): url: \"http:///path\" has no host");
        bad("relative url", R"({"version": 1, "endpoints": [{"name": "a", "url": "/ok"}]})",
            "endpoints[0] (\"a\"): url: \"/ok\" is not a web address: it must start with http:// or https://");
        badKey("interval too small", R"("intervalMs": 99)", "intervalMs: must be from 100 to 2147483647 (got 99)");
        badKey("interval fraction", R"("intervalMs": 1000.5)", "intervalMs: expected a whole number, got 1000.5");
        badKey("timeout zero", R"("timeoutMs": 0)", "timeoutMs: must be from 1 to 2147483647 (got 0)");
        badKey("timeout string", R"("timeoutMs": "5s")", "timeoutMs: expected a whole number, got the string \"5s\"");
        badKey("method with space", R"("method": "GET X")", "method: \"GET X\" is not a valid HTTP method");
        badKey("expectStatus range", R"("expectStatus": [200, 999])",
               "expectStatus: 999 is not an HTTP status (100-599)");
        badKey("enabled string", R"("enabled": "yes")", "enabled: expected true or false, got the string \"yes\"");
        badKey("headers array", R"("headers": ["a"])", "headers: expected an object of strings, got an array");
        badKey("header number", R"("headers": {"X-A": 1})", "headers.X-A: expected a string, got 1");
        badKey("header name", R"("headers": {"Bad Name": "x"})", "headers.Bad Name: not a valid header name");
        badKey("header injection", R"("headers": {"X-A": "a\r\nX-Evil: 1"})",
               "headers.X-A: a header value must not contain line breaks or NUL");
        badKey("missing env", R"("headers": {"Authorization": "Bearer ${env:NOT_SET_ANYWHERE}"})",
               "headers.Authorization: environment variable NOT_SET_ANYWHERE is not set");
        badKey("proxy empty", R"("proxy": " ")", "proxy: empty: write none for no proxy");
        badKey("proxy number", R"("proxy": 3128)", "proxy: expected a string, got 3128");
        badKey("proxy scheme", R"("proxy": "https://u:secret@proxy.test:3128")",
               "proxy: https:// proxies are not supported: use http:// (CONNECT) or socks5://");
        badKey("proxy path", R"("proxy": "http://proxy.test:3128/x")",
               "proxy: a proxy URL has no path: give only http://host:port");
        badKey("proxy missing env", R"("proxy": "http://u:${env:NOT_SET_ANYWHERE}@proxy.test:3128")",
               "proxy: environment variable NOT_SET_ANYWHERE is not set");
        badKey("retry not object", R"("retry": 3)", "retry: expected an object, got 3");
        badKey("retry unknown key", R"("retry": {"attempts": 3})", "retry.attempts: unknown key");
        badKey("retry range", R"("retry": {"maxAttempts": 101})", "retry.maxAttempts: must be from 1 to 100 (got 101)");
        badKey("jitter name", R"("retry": {"jitter": "lots"})",
               "retry.jitter: unknown value \"lots\" (expected none, proportional, full, equal, decorrelated)");
        badKey("jitterFactor", R"("retry": {"jitterFactor": 1})",
               "retry.jitterFactor: must be a number >= 0 and < 1 (got 1)");
        badKey("multiplier", R"("retry": {"multiplier": 0.9})", "retry.multiplier: must be a number >= 1 (got 0.9)");
        badKey(
            "retryOnErrors", R"("retry": {"retryOnErrors": ["server_error"]})",
            "retry.retryOnErrors: \"server_error\" is not a category retryOnErrors may list (allowed: timeout, "
            "connection_refused, connection_reset, dns_failure, tls_error, network_error, assertion_failed; statuses "
            "go in retryOnStatus)");
        badKey("budget key type", R"("budget": {"key": 1})", "budget.key: expected a string, got 1");
        badKey("breaker window", R"("breaker": {"windowSize": 5, "minimumCalls": 10})",
               "breaker.minimumCalls: must not exceed breaker.windowSize (10 > 5)");
        badKey("breaker percent", R"("breaker": {"failureRatePercent": -1})",
               "breaker.failureRatePercent: must be from 0 to 100 (got -1)");
        bad("defaults bad key", R"({"version": 1, "defaults": {"retries": 3}, "endpoints": []})",
            "defaults: retries: unknown key");
        bad("defaults bad value", R"({"version": 1, "defaults": {"retry": {"maxAttempts": 0}}, "endpoints": []})",
            "defaults: retry.maxAttempts: must be from 1 to 100 (got 0)");
        bad("defaults not object", R"({"version": 1, "defaults": [], "endpoints": []})",
            "defaults: expected an object");
        bad("shared breaker differs",
            R"({"version": 1, "endpoints": [
                 {"name": "a", "url": "http:\/\/a.test/", "breaker": {"key": "up", "openMs": 1000}},
                 {"name": "b", "url": "http:\/\/b.test/", "breaker": {"key": "up", "openMs": 2000}}]})",
            "endpoints[1] (\"b\"): breaker: settings differ from endpoints[0] (\"a\"), which shares breaker.key "
            "\"up\"");
        bad("shared budget differs",
            R"({"version": 1, "endpoints": [
                 {"name": "a", "url": "http:\/\/a.test/", "budget": {"key": "k"}},
                 {"name": "b", "url": "http:\/\/b.test/", "budget": {"key": "k", "maxTokens": 3}}]})",
            "endpoints[1] (\"b\"): budget: settings differ from endpoints[0] (\"a\"), which shares budget.key \"k\"");
    }

    void refusesBadFiles()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        const auto result = parse(json);
        QCOMPARE(result.error, message);
    }

    void savesAtomicallyKeepingABackup()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sub/endpoints.json"));
        const QByteArray first = withEndpoint(R"("headers": {"Authorization": "Bearer ${env:API_TOKEN}"})");
        auto loaded = parse(first);
        QVERIFY(loaded.ok());
        QCOMPARE(EndpointsFile::save(path, loaded.document), QString());
        QVERIFY(!QFile::exists(path + QStringLiteral(".bak"))); // nothing to keep the first time

        // Change and save again: the previous version becomes the .bak.
        loaded.document.endpointObjects[0].insert(QStringLiteral("intervalMs"), 700);
        QCOMPARE(EndpointsFile::save(path, loaded.document), QString());
        const auto reread = EndpointsFile::load(path, environment());
        QVERIFY2(reread.ok(), qPrintable(reread.error));
        QCOMPARE(reread.document.endpoints.first().interval, 700ms);
        const auto backup = EndpointsFile::load(path + QStringLiteral(".bak"), environment());
        QVERIFY(backup.ok());
        QCOMPARE(backup.document.endpoints.first().interval, 5000ms);

        // The secret's template is written, never its value.
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray written = file.readAll();
        QVERIFY(written.contains("${env:API_TOKEN}"));
        QVERIFY(!written.contains("s3cret"));
    }

    // Secrets written as such make the file owner-only; templates do not.
    void literalSecretsMakeTheFileOwnerOnly_data()
    {
        QTest::addColumn<QByteArray>("members");
        QTest::addColumn<bool>("secret");
        QTest::newRow("template only") << QByteArray(R"("headers": {"X-Key": "${env:API_TOKEN}"})") << false;
        QTest::newRow("scheme and template")
            << QByteArray(R"("headers": {"Authorization": "Bearer ${env:API_TOKEN}"})") << false;
        QTest::newRow("literal token") << QByteArray(R"("headers": {"Authorization": "Bearer abc123"})") << true;
        QTest::newRow("literal after template")
            << QByteArray(R"("headers": {"X-Key": "${env:API_TOKEN}-suffix"})") << true;
        QTest::newRow("literal api key") << QByteArray(R"("headers": {"X-Api-Key": "k"})") << true;
        QTest::newRow("no headers") << QByteArray(R"("intervalMs": 1000)") << false;
    }

    void literalSecretsMakeTheFileOwnerOnly()
    {
        QFETCH(QByteArray, members);
        QFETCH(bool, secret);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("endpoints.json"));
        const auto loaded = parse(withEndpoint(members.constData()));
        QVERIFY2(loaded.ok(), qPrintable(loaded.error));
        QCOMPARE(EndpointsFile::holdsLiteralSecrets(loaded.document), secret);
        QCOMPARE(EndpointsFile::save(path, loaded.document), QString());
        const auto others
            = QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther;
        QCOMPARE(bool(QFileInfo(path).permissions() & others), !secret);
        QVERIFY(QFileInfo(path).permissions() & QFileDevice::ReadOwner);
        QCOMPARE(EndpointsFile::save(path, loaded.document), QString());
        QCOMPARE(bool(QFileInfo(path + QStringLiteral(".bak")).permissions() & others), false);
    }

    void urlCredentialsMakeTheFileOwnerOnly()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("endpoints.json"));
        const auto loaded = parse(R"({"version": 1, "endpoints": [{"name": "a", "url": "http:\/\/user:pw@a.test/"}]})");
        QVERIFY2(loaded.ok(), qPrintable(loaded.error));
        QCOMPARE(EndpointsFile::save(path, loaded.document), QString());
        const QFileDevice::Permissions permissions = QFileInfo(path).permissions();
        QVERIFY(permissions.testFlag(QFileDevice::ReadOwner) && permissions.testFlag(QFileDevice::WriteOwner));
        QVERIFY(!(permissions & (QFileDevice::ReadGroup | QFileDevice::ReadOther)));
    }

    // A file broken by someone else is never taken as the backup: the .bak
    // keeps the last good version, the broken one is kept as .corrupt.
    void aCorruptFileDoesNotReplaceTheBackup()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("endpoints.json"));
        auto loaded = parse(withEndpoint(R"("intervalMs": 700)"));
        QVERIFY(loaded.ok());
        QCOMPARE(EndpointsFile::save(path, loaded.document), QString());
        QCOMPARE(EndpointsFile::save(path, loaded.document), QString()); // a good .bak now
        QFile broken(path);
        QVERIFY(broken.open(QIODevice::WriteOnly | QIODevice::Truncate));
        broken.write("{\"version\": 1, \"endpoi"); // cut off mid-write
        broken.close();

        const auto refused = EndpointsFile::load(path, environment());
        QVERIFY2(refused.error.contains(QLatin1String("JSON syntax error")), qPrintable(refused.error));
        loaded.document.endpointObjects[0].insert(QStringLiteral("intervalMs"), 900);
        QCOMPARE(EndpointsFile::save(path, loaded.document), QString());
        QCOMPARE(EndpointsFile::load(path + QStringLiteral(".bak"), environment()).document.endpoints.first().interval,
                 700ms);
        QFile corrupt(path + QStringLiteral(".corrupt"));
        QVERIFY(corrupt.open(QIODevice::ReadOnly));
        QCOMPARE(corrupt.readAll(), QByteArray("{\"version\": 1, \"endpoi"));
        QCOMPARE(EndpointsFile::load(path, environment()).document.endpoints.first().interval, 900ms);
    }

    void reportsUnreadableAndUnwritablePlaces()
    {
        QTemporaryDir dir;
        const auto missing = EndpointsFile::load(dir.filePath(QStringLiteral("nope.json")), environment());
        QVERIFY(
            missing.error.startsWith(dir.filePath(QStringLiteral("nope.json")) + QStringLiteral(": cannot read: ")));
        // A folder where the file should be.
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("taken.json")));
        const QString error = EndpointsFile::save(dir.filePath(QStringLiteral("taken.json")), EndpointsDocument{});
        QVERIFY2(error.contains(QLatin1String("taken.json")), qPrintable(error));
    }

    void defaultPathIsInTheConfigFolder()
    {
        QVERIFY(EndpointsFile::defaultPath().endsWith(QLatin1String("/endpoints.json")));
    }
};

QTEST_GUILESS_MAIN(TestEndpointsFile)
#include "tst_endpointsfile.moc"
