// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QString>

// Text from outside (a config key, a header value, a server's bytes) quoted
// inside a message. Messages are one line (the command line in README.md: "one line, naming the
// problem"; one stdout line per attempt), so control characters are shown
// as escapes rather than written: a key named "a\nb" cannot split a log line
// or forge a second one.
namespace MessageText {

// C0 controls and DEL as \n, \r, \t or \xNN; everything else unchanged.
[[nodiscard]] QString oneLine(const QString &text);

// Bytes of unknown encoding (a header field), as Latin-1 with the same
// escapes, cut to `limit` characters with "..." when longer.
[[nodiscard]] QString bytes(QByteArrayView value, qsizetype limit);

} // namespace MessageText
