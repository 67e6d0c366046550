// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <optional>

// The outcome of one request made straight through QNetworkAccessManager,
// for tests that check the fault server itself.
struct HttpResult
{
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    std::optional<int> status;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;
    bool finished = false;

    [[nodiscard]] QByteArray header(QByteArrayView name) const;
};

// Sends `request` and waits for it to finish (at most `waitMs`).
HttpResult sendAndWait(QNetworkAccessManager &manager, const QNetworkRequest &request, const QByteArray &method = "GET",
                       const QByteArray &body = {}, int waitMs = 10000);
