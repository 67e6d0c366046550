// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QPair>
#include <QString>

class QUrl;

// Takes the secrets one request carries (URL user-info, header values) out
// of text that leaves the process. Needed because Qt's own error strings
// quote the request URL with its password ("Error transferring
// http://user:pw@host/ - server replied: Not Found"), and those strings go
// to the CSV, the history and the console (docs/endpoints-file.md and docs/attempt-log.md: never).
class SecretScrubber
{
public:
    // Values shorter than this are not treated as secrets on their own:
    // replacing every "1" or "en" would garble messages for nothing.
    static constexpr qsizetype minimumLength = 4;

    // The URL in every form Qt writes it becomes its redacted form; its
    // password, decoded and encoded, becomes ***.
    void addUrl(const QUrl &url);
    void addValue(const QString &secret);
    [[nodiscard]] QString scrub(QString text) const;

private:
    void add(const QString &from, const QString &to);

    QList<QPair<QString, QString>> m_replacements; // longest first
};
