// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QIODevice>

#include <functional>

// A request body that Qt must ask before sending it again.
//
// Qt 6.4 re-sends a request by itself when a connection closes before the
// answer (docs/qt-network-notes.md), and before each re-send it rewinds the
// body through QIODevice::reset(), called in this thread (Qt blocks its HTTP
// thread until it returns). A body handed to QNAM as this device instead of a
// QByteArray (which Qt would wrap in a QBuffer it rewinds without asking)
// turns every rewind into a question: `rewind` answers it, so the caller can
// count each re-send, or refuse it, and Qt then fails the request with
// ContentReSendError instead of sending it again.
class UploadBody final : public QIODevice
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UploadBody)

public:
    UploadBody(QByteArray body, std::function<bool()> rewind, QObject *parent = nullptr);

    [[nodiscard]] bool isSequential() const override { return false; }
    [[nodiscard]] qint64 size() const override { return m_body.size(); }
    bool reset() override;

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 maxSize) override;

private:
    const QByteArray m_body;
    std::function<bool()> m_rewind;
};
