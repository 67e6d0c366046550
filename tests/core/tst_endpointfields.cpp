// SPDX-License-Identifier: GPL-3.0-or-later
// The endpoint key table (core/config/endpointfields.h) is what the reader,
// the writer, the range checks, the editor and the docs read: these tests
// drive every row through the public reader and writer, so a row that the
// code does not honour, or code that a row does not describe, fails here.
#include "core/config/endpointfields.h"
#include "core/config/endpointjson.h"
#include "core/config/endpointparser.h"

#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

#include <cmath>

namespace {

// The endpoint object {name, url} with `value` at `path` ("retry.maxAttempts").
QJsonObject endpointWith(const QString &path, const QJsonValue &value)
{
    QJsonObject object{{QStringLiteral("name"), QStringLiteral("a")},
                       {QStringLiteral("url"), QStringLiteral("http://h/")}};
    if (!path.contains(u'.')) {
        object.insert(path, value);
        return object;
    }
    QJsonObject nested{{path.section(u'.', 1), value}};
    if (path == QLatin1String("assert.equals")) // compares the value a pointer finds: needs one
        nested.insert(QStringLiteral("jsonPointer"), QStringLiteral("/status"));
    object.insert(path.section(u'.', 0, 0), nested);
    return object;
}

QJsonValue at(const QJsonObject &object, const QString &path)
{
    if (!path.contains(u'.'))
        return object.value(path);
    return object.value(path.section(u'.', 0, 0)).toObject().value(path.section(u'.', 1));
}

QString parse(const QJsonObject &object, Endpoint &endpoint)
{
    return parseEndpoint(object, QProcessEnvironment(), endpoint);
}

// A value in range, different from the default, that no rule between keys refuses.
QJsonValue otherValue(const EndpointKey &key)
{
    const FieldInfo &field = *key.field;
    switch (field.kind) {
    case FieldKind::Flag: return !key.byDefault.toBool();
    case FieldKind::Whole:
    case FieldKind::Milliseconds: {
        const double byDefault = key.byDefault.toDouble();
        return qint64(byDefault + 1 <= field.max ? byDefault + 1 : byDefault - 1);
    }
    case FieldKind::Number: {
        const double byDefault = key.byDefault.toDouble();
        return std::isinf(field.max) ? byDefault + 1 : (byDefault + field.max) / 2;
    }
    case FieldKind::Text:
        if (key.path == QLatin1String("tls.serverName"))
            return QStringLiteral("api.internal");
        if (key.path.startsWith(QLatin1String("tls.")))
            return QJsonValue(QJsonValue::Undefined); // files that must exist, keys that go together: tst_tlstrust
        if (key.path == QLatin1String("method"))
            return QStringLiteral("PUT");
        return key.path == QLatin1String("assert.jsonPointer") ? QStringLiteral("/status") : QStringLiteral("shared");
    case FieldKind::StatusList: return QJsonArray{qint64(field.min)};
    case FieldKind::Choice:
        return key.path == QLatin1String("retry.strategy") ? QStringLiteral("linear") : QStringLiteral("full");
    case FieldKind::NameList: return QJsonArray{QStringLiteral("dns_failure")};
    default: return QJsonValue(QJsonValue::Undefined);
    }
}

// Values just outside the row's range.
QList<double> outside(const FieldInfo &field)
{
    const double step = field.kind == FieldKind::Number ? 0.5 : 1;
    QList<double> values{field.aboveMin ? field.min : field.min - step};
    if (std::isfinite(field.max))
        values.append(field.belowMax ? field.max : field.max + step);
    return values;
}

// The keys of the docs' table under `heading` (a line starting with it).
QStringList documentedKeys(const QString &docs, const QString &heading, QHash<QString, QString> &defaults)
{
    const qsizetype start = docs.indexOf(u'\n' + heading + u'\n');
    if (start < 0)
        qFatal("heading %s not in docs/endpoints-file.md", qPrintable(heading));
    QStringList keys;
    static const QRegularExpression row(QStringLiteral("^\\| `([A-Za-z]+)` \\|.*\\|\\s*([^|]*?)\\s*\\|$"));
    bool inTable = false;
    for (const QString &line : docs.mid(start + heading.size() + 2).split(u'\n')) {
        const QRegularExpressionMatch match = row.match(line);
        if (match.hasMatch()) {
            keys.append(match.captured(1));
            defaults.insert(match.captured(1), match.captured(2).remove(u'`').trimmed());
            inTable = true;
        } else if (inTable && !line.startsWith(u'|')) {
            break;
        }
    }
    return keys;
}

} // namespace

class TestEndpointFields : public QObject
{
    Q_OBJECT

private slots:
    void everyKeyIsReadAndWritten()
    {
        QVERIFY(endpointKeys().size() >= 36);
        for (const EndpointKey &key : endpointKeys()) {
            const QJsonValue value = otherValue(key);
            if (value.isUndefined())
                continue; // name, url, headers: their own tests (tst_endpointsfile)
            QVERIFY2(value != key.byDefault, qPrintable(key.path));
            Endpoint endpoint;
            const QString problem = parse(endpointWith(key.path, value), endpoint);
            QVERIFY2(problem.isEmpty(), qPrintable(key.path + QStringLiteral(": ") + problem));
            QVERIFY2(endpoint != Endpoint{} || key.path == QLatin1String("name"), qPrintable(key.path));
            QCOMPARE(at(endpointToJson(endpoint), key.path), value);
            // And written back only where it differs from the defaults.
            const QJsonObject own = endpointObject(endpoint, {}).object;
            QCOMPARE(at(own, key.path), value);
        }
    }

    void theWriterWritesExactlyTheKeysTheReaderKnows()
    {
        const QJsonObject written = endpointToJson(Endpoint{});
        QStringList writtenPaths;
        for (auto it = written.constBegin(); it != written.constEnd(); ++it) {
            if (!it->isObject() || it.key() == QLatin1String("headers")) {
                writtenPaths.append(it.key());
                continue;
            }
            for (const QString &inner : it->toObject().keys())
                writtenPaths.append(it.key() + u'.' + inner);
        }
        QStringList tablePaths;
        for (const EndpointKey &key : endpointKeys()) {
            if (key.field->writtenWhenEmpty)
                tablePaths.append(key.path);
        }
        writtenPaths.sort();
        tablePaths.sort();
        QCOMPARE(writtenPaths, tablePaths);

        Endpoint endpoint;
        QCOMPARE(parse(endpointWith(QStringLiteral("retry.maxAttempt"), 3), endpoint),
                 QStringLiteral("retry.maxAttempt: unknown key"));
        QCOMPARE(parse(endpointWith(QStringLiteral("interval"), 3), endpoint), QStringLiteral("interval: unknown key"));
    }

    void everyRangeIsEnforcedNamingTheKey()
    {
        int checked = 0;
        for (const EndpointKey &key : endpointKeys()) {
            const FieldInfo &field = *key.field;
            const bool numeric = field.kind == FieldKind::Whole || field.kind == FieldKind::Milliseconds
                || field.kind == FieldKind::Number || field.kind == FieldKind::StatusList;
            if (!numeric)
                continue;
            for (const double bad : outside(field)) {
                const QJsonValue value
                    = field.kind == FieldKind::StatusList ? QJsonValue(QJsonArray{bad}) : QJsonValue(bad);
                Endpoint endpoint;
                const QString problem = parse(endpointWith(key.path, value), endpoint);
                const QString expected = key.path + QStringLiteral(": ") + fieldRangeProblem(field, bad);
                QCOMPARE(problem, expected);
                ++checked;
            }
        }
        QVERIFY(checked >= 30);
    }

    void messagesAndTextsSayTheRange()
    {
        const auto row = [](const char *path) { return *findEndpointKey(QString::fromLatin1(path))->field; };
        QCOMPARE(fieldRangeProblem(row("retry.maxAttempts"), 0), QStringLiteral("must be from 1 to 100 (got 0)"));
        QCOMPARE(fieldRangeProblem(row("retry.jitterFactor"), 1),
                 QStringLiteral("must be a number >= 0 and < 1 (got 1)"));
        QCOMPARE(fieldRangeProblem(row("budget.maxTokens"), 0),
                 QStringLiteral("must be a number above 0 and at most 1000000 (got 0)"));
        QCOMPARE(fieldRangeProblem(row("retry.multiplier"), qQNaN()),
                 QStringLiteral("must be a number >= 1 (got nan)"));
        QCOMPARE(fieldRangeProblem(row("expectStatus"), 600), QStringLiteral("600 is not an HTTP status (100-599)"));
        QCOMPARE(fieldRangeProblem(row("retry.maxAttempts"), 100), QString());

        QCOMPARE(fieldRangeText(row("retry.maxAttempts")), QStringLiteral("From 1 to 100."));
        QCOMPARE(fieldRangeText(row("intervalMs")), QStringLiteral("At least 100 ms."));
        QCOMPARE(fieldRangeText(row("retry.jitterFactor")), QStringLiteral("At least 0, below 1."));
        QCOMPARE(fieldRangeText(row("retry.initialDelayMs")), QString());

        const auto byDefault = [](const char *path) {
            const EndpointKey *key = findEndpointKey(QString::fromLatin1(path));
            return fieldDefaultText(*key->field, key->byDefault);
        };
        QCOMPARE(byDefault("intervalMs"), QStringLiteral("5000 ms"));
        QCOMPARE(byDefault("retry.deadlineMs"), QStringLiteral("0 ms (none)"));
        QCOMPARE(byDefault("retry.multiplier"), QStringLiteral("2.0"));
        QCOMPARE(byDefault("retry.retryOnStatus"), QStringLiteral("408, 429, 502, 503, 504"));
        QCOMPARE(byDefault("expectStatus"), QStringLiteral("any 2xx"));
        QCOMPARE(byDefault("breaker.failureRatePercent"), QStringLiteral("0 (off)"));
        QCOMPARE(byDefault("breaker.key"), QStringLiteral("the endpoint's own"));
        QCOMPARE(byDefault("enabled"), QStringLiteral("on"));
        QCOMPARE(byDefault("url"), QStringLiteral("none (required)"));
    }

    // docs/endpoints-file.md lists every key of the table, and each number it
    // gives as a default is the one the code uses.
    void theReferenceListsEveryKeyWithItsDefault()
    {
        QFile file(QStringLiteral(RETRYSCOPE_SOURCE_DIR "/docs/endpoints-file.md"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString docs = QString::fromUtf8(file.readAll());
        for (const auto &[heading, prefix] : {std::pair{"## Endpoint keys", ""},
                                              {"### `retry`", "retry."},
                                              {"### `budget`", "budget."},
                                              {"### `breaker`", "breaker."},
                                              {"### `assert`", "assert."},
                                              {"### `tls`", "tls."}}) {
            QHash<QString, QString> documentedDefaults;
            QStringList documented = documentedKeys(docs, QString::fromUtf8(heading), documentedDefaults);
            QStringList table;
            for (const EndpointKey &key : endpointKeys()) {
                const QString path = key.path;
                if (*prefix ? path.startsWith(QLatin1String(prefix)) : !path.contains(u'.'))
                    table.append(path.mid(qsizetype(qstrlen(prefix))));
            }
            if (!*prefix) // the nested objects have rows of their own in the endpoint table
                documented.removeIf([](const QString &k) {
                    return k == QLatin1String("retry") || k == QLatin1String("budget") || k == QLatin1String("breaker")
                        || k == QLatin1String("assert") || k == QLatin1String("tls");
                });
            documented.sort();
            table.sort();
            QCOMPARE(documented, table);
            for (const QString &key : std::as_const(table)) {
                bool isNumber = false;
                const double number = documentedDefaults.value(key).toDouble(&isNumber);
                const QJsonValue byDefault = findEndpointKey(QString(QLatin1String(prefix) + key))->byDefault;
                if (isNumber)
                    QVERIFY2(byDefault.toDouble() == number, qPrintable(QLatin1String(prefix) + key));
                else if (byDefault.isBool())
                    QCOMPARE(documentedDefaults.value(key),
                             byDefault.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestEndpointFields)
#include "tst_endpointfields.moc"
