// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/secretscrubber.h"

#include "core/net/attemptrecord.h"

#include <QUrl>

void SecretScrubber::add(const QString &from, const QString &to)
{
    if (from.size() < minimumLength || from == to)
        return;
    for (const auto &[existing, replacement] : std::as_const(m_replacements)) {
        if (existing == from)
            return;
    }
    // Longest first, so that a whole URL is replaced before its password.
    const auto at = std::find_if(m_replacements.begin(), m_replacements.end(),
                                 [&from](const auto &entry) { return entry.first.size() < from.size(); });
    m_replacements.insert(at, {from, to});
}

void SecretScrubber::addUrl(const QUrl &url)
{
    if (url.userInfo().isEmpty())
        return;
    const QString redacted = redactedUrl(url);
    for (const QUrl::FormattingOptions options :
         {QUrl::FormattingOptions(QUrl::PrettyDecoded), QUrl::FormattingOptions(QUrl::FullyEncoded),
          QUrl::FormattingOptions(QUrl::FullyDecoded)})
        add(url.toString(options), redacted);
    add(url.userInfo(QUrl::FullyDecoded), QStringLiteral("***"));
    add(url.userInfo(QUrl::FullyEncoded), QStringLiteral("***"));
    add(url.password(QUrl::FullyDecoded), QStringLiteral("***"));
    add(url.password(QUrl::FullyEncoded), QStringLiteral("***"));
}

void SecretScrubber::addValue(const QString &secret)
{
    add(secret, QStringLiteral("***"));
}

QString SecretScrubber::scrub(QString text) const
{
    for (const auto &[from, to] : m_replacements)
        text.replace(from, to);
    return text;
}
