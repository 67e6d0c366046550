// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QStringList>

// RFC 4180 as SPEC §7 wants it: UTF-8, comma separator, CRLF line ends,
// fields with a comma, quote, CR or LF quoted with quotes doubled. Written by
// hand because Qt has no CSV writer; it is twenty lines.
namespace Csv {

// A text field that starts with =, +, -, @, tab or CR gets a leading '
// so that spreadsheets do not run it as a formula.
[[nodiscard]] QString guardFormula(const QString &text);

// One field, quoted where needed. `text` is written as given.
[[nodiscard]] QByteArray field(const QString &text);

// Appends one UTF-8 field to `out`, quoted where needed; with `guard`, the
// formula guard too. The byte-level twin of field(), for bulk export.
void appendField(QByteArray &out, QByteArrayView utf8, bool guard);

// One line: the fields joined by commas, ended by CRLF. Fields in
// `textColumns` (by index) get the formula guard.
[[nodiscard]] QByteArray line(const QStringList &fields, const QList<int> &textColumns = {});

} // namespace Csv
