// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/httpget.h"

#include <QSignalSpy>

QByteArray HttpResult::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (name.compare(key, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

HttpResult sendAndWait(QNetworkAccessManager &manager, const QNetworkRequest &request, const QByteArray &method,
                       const QByteArray &body, int waitMs)
{
    // Standard methods go through QNAM's own operations: a HEAD sent as a
    // custom verb would wait for the body its Content-Length announces.
    QNetworkReply *reply = nullptr;
    if (method == "GET")
        reply = manager.get(request);
    else if (method == "HEAD")
        reply = manager.head(request);
    else
        reply = manager.sendCustomRequest(request, method, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    HttpResult result;
    result.finished = reply->isFinished() || finished.wait(waitMs);
    if (!result.finished)
        reply->abort();
    result.error = reply->error();
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (status.isValid())
        result.status = status.toInt();
    result.body = reply->readAll();
    result.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return result;
}
