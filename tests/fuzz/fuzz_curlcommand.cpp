// SPDX-License-Identifier: GPL-3.0-or-later
// The curl-command importer (core/config/curlcommand). Two modes, by the
// first byte: 'w' treats the rest as NUL-separated words, quotes each one the
// way a POSIX shell reads it back and checks that the splitter returns
// exactly those words; anything else is pasted text for Curl::parse.
// Invariants: a refused command says why; an accepted one has a valid
// http(s) URL; nothing crashes, whatever the quoting.
#include "core/config/curlcommand.h"
#include "tests/fuzz/fuzzsupport.h"

namespace {

QString shellQuote(const QString &word)
{
    QString quoted = QStringLiteral("'");
    for (const QChar c : word) {
        if (c == u'\'')
            quoted += QStringLiteral("'\\''");
        else
            quoted += c;
    }
    return quoted + u'\'';
}

void checkSplitter(const QByteArray &input)
{
    QStringList words;
    for (const QByteArray &part : input.split('\0'))
        words.append(QString::fromUtf8(part));
    QStringList quoted;
    for (const QString &word : words)
        quoted.append(shellQuote(word));
    QString error;
    const QStringList split = Curl::splitShellWords(quoted.join(u' '), &error);
    Fuzz::check(error.isEmpty(), "quoted words refused", error.toUtf8());
    Fuzz::check(split == words, "quoted words do not split back", quoted.join(u' ').toUtf8());
}

void checkParse(const QString &text)
{
    const CurlCommand command = Curl::parse(text);
    if (!command.ok())
        return;
    Fuzz::check(command.url.isValid(), "accepted with an invalid URL", text.toUtf8());
    Fuzz::check(!command.method.isEmpty(), "accepted without a method", text.toUtf8());
    for (const auto &header : command.headers)
        Fuzz::check(!header.first.isEmpty(), "a header without a name", text.toUtf8());
    if (command.timeout)
        Fuzz::check(command.timeout->count() >= 1, "a timeout below 1 ms", text.toUtf8());
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = Fuzz::bytes(data, size);
    if (input.startsWith('w'))
        checkSplitter(input.sliced(1));
    else
        checkParse(QString::fromUtf8(input));
    return 0;
}
