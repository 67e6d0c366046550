// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/writeerror.h"

#include <QFileDevice>

#include <cerrno>

QString WriteError::writeAll(QFileDevice &file, QByteArrayView bytes)
{
    errno = 0;
    const qint64 written = file.write(bytes.data(), bytes.size());
    const int savedErrno = errno;
    return written == bytes.size() ? QString() : reason(file, savedErrno);
}

QString WriteError::reason(const QFileDevice &file, int savedErrno)
{
    // errno was cleared before the call: when set, it is the system's reason.
    return savedErrno != 0 ? qt_error_string(savedErrno) : file.errorString();
}
