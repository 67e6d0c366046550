// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QString>

class QFileDevice;

// Writing to files that can fill up: the reason a write failed, in words.
namespace WriteError {

// Writes all of `bytes`; an empty string when that worked, else why not.
// After a short write (a disk that filled up part-way) QFile reports no
// error of its own ("Unknown error"); the write(2) that stopped it left the
// reason in errno ("No space left on device"), which is read at once.
[[nodiscard]] QString writeAll(QFileDevice &file, QByteArrayView bytes);

// The same reasoning for a failed flush or QSaveFile::commit(); clear errno
// before the call.
[[nodiscard]] QString reason(const QFileDevice &file, int savedErrno);

} // namespace WriteError
