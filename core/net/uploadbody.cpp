// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/uploadbody.h"

#include <cstring>

UploadBody::UploadBody(QByteArray body, std::function<bool()> rewind, QObject *parent)
    : QIODevice(parent)
    , m_body(std::move(body))
    , m_rewind(std::move(rewind))
{
    open(QIODevice::ReadOnly);
}

bool UploadBody::reset()
{
    // Qt rewinds only to send again (or, after a 307/308, as bookkeeping the
    // caller tells apart), never before the first transmission: ask always,
    // also for an empty body, which Qt sends without reading anything.
    return m_rewind() && QIODevice::reset();
}

qint64 UploadBody::readData(char *data, qint64 maxSize)
{
    const qint64 n = std::min(maxSize, m_body.size() - pos());
    if (n <= 0)
        return 0;
    std::memcpy(data, m_body.constData() + pos(), static_cast<size_t>(n));
    return n;
}

qint64 UploadBody::writeData(const char *, qint64)
{
    return -1;
}
