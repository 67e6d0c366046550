// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/config/curlcommand.h"

#include "core/config/proxyrules.h"
#include "core/util/httptoken.h"

#include <QFileInfo>
#include <QHash>

#include <cctype>
#include <cmath>

namespace {

// \xHH or \uHHHH: up to `digits` hex digits after the letter at `i`, or
// the two characters as written when none follow. Moves `i` to the last one used.
QString hexEscape(const QString &text, qsizetype &i, int digits)
{
    qsizetype end = i + 1;
    while (end < text.size() && end <= i + digits && isxdigit(text.at(end).toLatin1()))
        ++end;
    if (end == i + 1)
        return QStringLiteral("\\") + text.at(i);
    const ushort code = text.mid(i + 1, end - i - 1).toUShort(nullptr, 16);
    i = end - 1;
    return QString(QChar(code));
}

// The character after a backslash inside $'...'.
QString ansiEscape(const QString &text, qsizetype &i)
{
    const QChar c = text.at(i);
    switch (c.unicode()) {
    case 'n': return QStringLiteral("\n");
    case 't': return QStringLiteral("\t");
    case 'r': return QStringLiteral("\r");
    case '0': return QString(QChar(0));
    case 'x': return hexEscape(text, i, 2);
    case 'u': return hexEscape(text, i, 4);
    default: return QString(c); // \\ \' \" and anything else stand for themselves
    }
}

enum class Takes { Nothing, Value };

struct Option
{
    QString name; // the long form, the one handled below
    Takes takes = Takes::Nothing;
};

const QHash<QString, Option> &options()
{
    static const QHash<QString, Option> table = [] {
        QHash<QString, Option> t;
        const auto add = [&t](const char *shortName, const char *longName, Takes takes) {
            const Option option{QString::fromLatin1(longName), takes};
            t.insert(QString::fromLatin1(longName), option);
            if (shortName)
                t.insert(QString::fromLatin1(shortName), option);
        };
        add("-X", "--request", Takes::Value);
        add("-H", "--header", Takes::Value);
        add("-d", "--data", Takes::Value);
        add(nullptr, "--data-raw", Takes::Value);
        add(nullptr, "--data-binary", Takes::Value);
        add(nullptr, "--data-ascii", Takes::Value);
        add(nullptr, "--data-urlencode", Takes::Value);
        add(nullptr, "--json", Takes::Value);
        add("-u", "--user", Takes::Value);
        add("-A", "--user-agent", Takes::Value);
        add("-e", "--referer", Takes::Value);
        add("-b", "--cookie", Takes::Value);
        add(nullptr, "--url", Takes::Value);
        add("-m", "--max-time", Takes::Value);
        add("-F", "--form", Takes::Value);
        add("-T", "--upload-file", Takes::Value);
        add("-G", "--get", Takes::Nothing);
        add("-I", "--head", Takes::Nothing);
        add("-k", "--insecure", Takes::Nothing);
        add("-x", "--proxy", Takes::Value);
        // Understood, and without an endpoint key: value-taking ...
        for (const auto &[s, l] : {std::pair{"-o", "--output"},
                                   {"-w", "--write-out"},
                                   {nullptr, "--connect-timeout"},
                                   {nullptr, "--retry"},
                                   {nullptr, "--retry-delay"},
                                   {nullptr, "--retry-max-time"},
                                   {nullptr, "--cacert"},
                                   {"-E", "--cert"},
                                   {nullptr, "--key"},
                                   {nullptr, "--resolve"},
                                   {"-c", "--cookie-jar"},
                                   {nullptr, "--limit-rate"},
                                   {"-y", "--speed-time"},
                                   {"-Y", "--speed-limit"}})
            add(s, l, Takes::Value);
        // ... and flags.
        for (const auto &[s, l] : {std::pair{"-L", "--location"},
                                   {"-s", "--silent"},
                                   {"-S", "--show-error"},
                                   {"-v", "--verbose"},
                                   {"-i", "--include"},
                                   {nullptr, "--compressed"},
                                   {"-f", "--fail"},
                                   {nullptr, "--fail-with-body"},
                                   {nullptr, "--http1.1"},
                                   {nullptr, "--http2"},
                                   {"-N", "--no-buffer"},
                                   {"-g", "--globoff"},
                                   {"-#", "--progress-bar"},
                                   {"-4", "--ipv4"},
                                   {"-6", "--ipv6"},
                                   {nullptr, "--path-as-is"},
                                   {nullptr, "--no-progress-meter"}})
            add(s, l, Takes::Nothing);
        return t;
    }();
    return table;
}

bool handledHere(const QString &name)
{
    static const QStringList handled{QStringLiteral("--request"),
                                     QStringLiteral("--header"),
                                     QStringLiteral("--data"),
                                     QStringLiteral("--data-raw"),
                                     QStringLiteral("--data-binary"),
                                     QStringLiteral("--data-ascii"),
                                     QStringLiteral("--data-urlencode"),
                                     QStringLiteral("--json"),
                                     QStringLiteral("--user"),
                                     QStringLiteral("--user-agent"),
                                     QStringLiteral("--referer"),
                                     QStringLiteral("--cookie"),
                                     QStringLiteral("--url"),
                                     QStringLiteral("--max-time"),
                                     QStringLiteral("--form"),
                                     QStringLiteral("--upload-file"),
                                     QStringLiteral("--get"),
                                     QStringLiteral("--head"),
                                     QStringLiteral("--insecure"),
                                     QStringLiteral("--proxy")};
    return handled.contains(name);
}

bool hasHeader(const CurlCommand &command, QLatin1String name)
{
    return std::any_of(command.headers.begin(), command.headers.end(),
                       [name](const auto &header) { return header.first.compare(name, Qt::CaseInsensitive) == 0; });
}

void setHeader(CurlCommand &command, const QString &name, const QString &value)
{
    command.headers.erase(
        std::remove_if(command.headers.begin(), command.headers.end(),
                       [&name](const auto &header) { return header.first.compare(name, Qt::CaseInsensitive) == 0; }),
        command.headers.end());
    command.headers.append({name, value});
}

// `--data-urlencode`'s forms: "content", "=content", "name=content".
QByteArray urlEncodedPart(const QString &value)
{
    const qsizetype equals = value.indexOf(u'=');
    if (equals < 0)
        return QUrl::toPercentEncoding(value);
    const QString name = value.left(equals);
    const QByteArray content = QUrl::toPercentEncoding(value.mid(equals + 1));
    return name.isEmpty() ? content : name.toUtf8() + '=' + content;
}

struct Parser
{
    CurlCommand result;
    QList<QByteArray> data;
    bool get = false;
    bool head = false;
    bool json = false;
    bool formEncoded = false;

    QString apply(const QString &name, const QString &value)
    {
        if (name == QLatin1String("--request")) {
            result.method = value.toLatin1();
        } else if (name == QLatin1String("--header")) {
            const qsizetype colon = value.indexOf(u':');
            const bool emptyHeader = colon < 0 && value.endsWith(u';'); // "Name;" sends an empty header
            const QString headerName = (emptyHeader ? value.chopped(1) : value.left(colon)).trimmed();
            if (colon < 0 && !emptyHeader)
                return QStringLiteral("header \"%1\" has no \"Name: value\" form").arg(value);
            if (!HttpToken::isToken(headerName))
                return QStringLiteral("header \"%1\": \"%2\" is not a valid header name").arg(value, headerName);
            const QString headerValue = emptyHeader ? QString() : value.mid(colon + 1).trimmed();
            if (emptyHeader || !headerValue.isEmpty()) // "Name:" only removes a header curl would send
                setHeader(result, headerName, headerValue);
        } else if (name.startsWith(QLatin1String("--data")) || name == QLatin1String("--json")) {
            const bool raw = name == QLatin1String("--data-raw") || name == QLatin1String("--json");
            if (!raw && value.startsWith(u'@'))
                return QStringLiteral("%1 %2 reads a file; paste the body itself instead").arg(name, value);
            if (name == QLatin1String("--data-urlencode"))
                data.append(urlEncodedPart(value));
            else
                data.append(value.toUtf8());
            json = json || name == QLatin1String("--json");
            formEncoded = formEncoded || !json;
        } else if (name == QLatin1String("--user")) {
            setHeader(result, QStringLiteral("Authorization"),
                      QStringLiteral("Basic ") + QString::fromLatin1(value.toUtf8().toBase64()));
        } else if (name == QLatin1String("--user-agent")) {
            setHeader(result, QStringLiteral("User-Agent"), value);
        } else if (name == QLatin1String("--referer")) {
            setHeader(result, QStringLiteral("Referer"), value);
        } else if (name == QLatin1String("--cookie")) {
            if (!value.contains(u'='))
                return QStringLiteral("--cookie %1 reads a cookie file; paste \"name=value\" instead").arg(value);
            setHeader(result, QStringLiteral("Cookie"), value);
        } else if (name == QLatin1String("--url")) {
            return setUrl(value);
        } else if (name == QLatin1String("--max-time")) {
            bool ok = false;
            const double seconds = value.toDouble(&ok);
            if (!ok || !std::isfinite(seconds) || seconds <= 0 || seconds > 2147483.0)
                return QStringLiteral("--max-time %1 is not a number of seconds").arg(value);
            result.timeout = std::chrono::milliseconds(std::max<qint64>(1, std::llround(seconds * 1000)));
        } else if (name == QLatin1String("--form") || name == QLatin1String("--upload-file")) {
            return QStringLiteral("%1 (multipart forms and uploads) cannot be an endpoint's body").arg(name);
        } else if (name == QLatin1String("--get")) {
            get = true;
        } else if (name == QLatin1String("--head")) {
            head = true;
        } else if (name == QLatin1String("--proxy")) {
            if (const QString problem = ProxyRules::parse(value).problem; !problem.isEmpty())
                return QStringLiteral("--proxy: ") + problem; // never the value: it may hold a password
            result.proxy = value.trimmed();
        } else if (name == QLatin1String("--insecure")) {
            result.ignored.append(
                QStringLiteral("--insecure: Retryscope always verifies certificates (a failure is a tls_error)"));
        }
        return {};
    }

    QString setUrl(const QString &text)
    {
        if (!result.url.isEmpty())
            return QStringLiteral("more than one URL (%1 and %2)").arg(result.url.toString(), text);
        // Like curl, a URL without a scheme is http.
        const QString withScheme = text.contains(QLatin1String("://")) ? text : QStringLiteral("http://") + text;
        result.url = QUrl(withScheme, QUrl::StrictMode);
        if (!result.url.isValid())
            return QStringLiteral("\"%1\" is not a valid URL (%2)").arg(text, result.url.errorString());
        return {};
    }

    void finish()
    {
        const QByteArray joined = data.join('&');
        if (get && !data.isEmpty()) {
            QString query = result.url.query(QUrl::FullyEncoded);
            query += (query.isEmpty() ? QString() : QStringLiteral("&")) + QString::fromUtf8(joined);
            result.url.setQuery(query, QUrl::TolerantMode);
        } else if (!data.isEmpty()) {
            result.body = joined;
            if (json) {
                if (!hasHeader(result, QLatin1String("Content-Type")))
                    setHeader(result, QStringLiteral("Content-Type"), QStringLiteral("application/json"));
                if (!hasHeader(result, QLatin1String("Accept")))
                    setHeader(result, QStringLiteral("Accept"), QStringLiteral("application/json"));
            } else if (formEncoded && !hasHeader(result, QLatin1String("Content-Type"))) {
                setHeader(result, QStringLiteral("Content-Type"), QStringLiteral("application/x-www-form-urlencoded"));
            }
        }
        if (result.method.isEmpty())
            result.method = head ? "HEAD" : (!data.isEmpty() && !get) ? "POST" : "GET";
    }
};

} // namespace

QStringList Curl::splitShellWords(const QString &text, QString *error)
{
    QStringList words;
    QString word;
    bool inWord = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == u'\\') {
            if (i + 1 >= text.size()) {
                inWord = true; // a lone trailing backslash stands for itself
                word += c;
            } else if (text.at(i + 1) == u'\n') {
                ++i; // line continuation
            } else if (text.at(i + 1) == u'\r' && i + 2 < text.size() && text.at(i + 2) == u'\n') {
                i += 2;
            } else {
                word += text.at(++i);
                inWord = true;
            }
        } else if (c == u'\'') {
            const qsizetype end = text.indexOf(u'\'', i + 1);
            if (end < 0) {
                *error = QStringLiteral("unterminated single quote");
                return {};
            }
            word += text.mid(i + 1, end - i - 1);
            i = end;
            inWord = true;
        } else if (c == u'$' && i + 1 < text.size() && text.at(i + 1) == u'\'') {
            qsizetype j = i + 2;
            for (; j < text.size() && text.at(j) != u'\''; ++j) {
                if (text.at(j) == u'\\' && j + 1 < text.size()) {
                    ++j;
                    word += ansiEscape(text, j);
                } else {
                    word += text.at(j);
                }
            }
            if (j >= text.size()) {
                *error = QStringLiteral("unterminated $'...' string");
                return {};
            }
            i = j;
            inWord = true;
        } else if (c == u'"') {
            qsizetype j = i + 1;
            for (; j < text.size() && text.at(j) != u'"'; ++j) {
                // Inside double quotes a backslash escapes only $ ` " \ and newline.
                if (text.at(j) == u'\\' && j + 1 < text.size() && QStringView(u"$`\"\\\n").contains(text.at(j + 1))) {
                    ++j;
                    if (text.at(j) != u'\n')
                        word += text.at(j);
                } else {
                    word += text.at(j);
                }
            }
            if (j >= text.size()) {
                *error = QStringLiteral("unterminated double quote");
                return {};
            }
            i = j;
            inWord = true;
        } else if (c.isSpace()) {
            if (inWord)
                words.append(std::exchange(word, {}));
            inWord = false;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (inWord)
        words.append(word);
    return words;
}

CurlCommand Curl::parse(const QString &text)
{
    CurlCommand failed;
    QString error;
    const QStringList words = splitShellWords(text.trimmed(), &error);
    if (!error.isEmpty()) {
        failed.error = error;
        return failed;
    }
    if (words.isEmpty() || QFileInfo(words.first()).completeBaseName() != QLatin1String("curl")) {
        failed.error = QStringLiteral("not a curl command (it must start with \"curl\")");
        return failed;
    }

    Parser parser;
    const auto fail = [&failed](const QString &message) {
        failed.error = message;
        return failed;
    };
    bool optionsEnded = false;
    for (qsizetype i = 1; i < words.size(); ++i) {
        const QString &word = words.at(i);
        if (optionsEnded || !word.startsWith(u'-') || word == QLatin1String("-")) {
            if (QString problem = parser.setUrl(word); !problem.isEmpty())
                return fail(problem);
            continue;
        }
        if (word == QLatin1String("--")) {
            optionsEnded = true;
            continue;
        }
        // "--name=value" is not curl syntax, but "--name value" and "-Xvalue"
        // are, and so are bundled flags like "-sSL".
        QList<QPair<QString, QString>> uses; // option name, inline value (or null)
        if (word.startsWith(QLatin1String("--"))) {
            uses.append({word, QString()});
        } else {
            for (qsizetype k = 1; k < word.size(); ++k) {
                const QString shortName = QStringLiteral("-") + word.at(k);
                const auto it = options().constFind(shortName);
                if (it != options().constEnd() && it->takes == Takes::Value && k + 1 < word.size()) {
                    uses.append({shortName, word.mid(k + 1)});
                    break;
                }
                uses.append({shortName, QString()});
            }
        }
        for (const auto &[name, inlineValue] : std::as_const(uses)) {
            const auto it = options().constFind(name);
            if (it == options().constEnd())
                return fail(QStringLiteral("unsupported curl option %1").arg(name));
            QString value = inlineValue;
            if (it->takes == Takes::Value && value.isNull()) {
                if (i + 1 >= words.size())
                    return fail(QStringLiteral("%1 needs a value").arg(name));
                value = words.at(++i);
            }
            if (!handledHere(it->name)) {
                parser.result.ignored.append(it->name);
                continue;
            }
            if (QString problem = parser.apply(it->name, value); !problem.isEmpty())
                return fail(problem);
        }
    }
    if (parser.result.url.isEmpty())
        return fail(QStringLiteral("no URL in the command"));
    parser.finish();
    return parser.result;
}
