// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/categorystyle.h"

QColor CategoryStyle::color(ErrorCategory category)
{
    switch (category) {
    case ErrorCategory::Ok: return QColor(46, 160, 67);
    case ErrorCategory::CircuitOpen: return QColor(130, 20, 30);
    case ErrorCategory::AssertionFailed: return QColor(200, 60, 150);
    case ErrorCategory::Timeout: return QColor(219, 154, 4);
    case ErrorCategory::ConnectionRefused: return QColor(120, 80, 200);
    case ErrorCategory::ConnectionReset: return QColor(170, 110, 230);
    case ErrorCategory::DnsFailure: return QColor(90, 90, 160);
    case ErrorCategory::TlsError: return QColor(60, 60, 60);
    case ErrorCategory::NetworkError: return QColor(140, 140, 140);
    case ErrorCategory::RateLimited: return QColor(30, 144, 200);
    case ErrorCategory::ServerError: return QColor(207, 34, 46);
    case ErrorCategory::ClientError: return QColor(230, 120, 40);
    case ErrorCategory::UnexpectedStatus: return QColor(200, 170, 60);
    case ErrorCategory::Cancelled: return QColor(180, 180, 180);
    }
    return {};
}
