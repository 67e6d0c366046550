// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <utility>

// Prometheus's text exposition format (0.0.4) and OpenMetrics 1.0.0, the two
// formats a scrape may ask for. Written by hand because Qt has no
// Prometheus client and the C++ clients (prometheus-cpp) bring their own
// HTTP server and registry; the formats themselves are a page of rules.
namespace PromText {

enum class Format { Text, OpenMetrics };

// What the scraper's Accept header asks for: OpenMetrics when it names
// application/openmetrics-text (Prometheus does, with a fallback), else text.
[[nodiscard]] Format negotiate(QByteArrayView accept);
[[nodiscard]] QByteArray contentType(Format format);

// A label value with \, " and line feeds escaped, as both formats want.
[[nodiscard]] QByteArray escapeLabelValue(QStringView value);

using Labels = QList<std::pair<QByteArray, QString>>;

struct Sample
{
    QByteArray suffix; // "_total", "_bucket", "_sum", "_count", or empty
    Labels labels;
    double value = 0;
};

struct Family
{
    enum class Type { Counter, Gauge, Histogram, Info };
    QByteArray name; // without _total or _info: retryscope_attempts
    Type type = Type::Gauge;
    QByteArray help;
    QByteArray unit; // OpenMetrics only, e.g. "seconds" (the name ends with it)
    QList<Sample> samples;
};

// Sample values: integers without a fraction, others shortest round-trip,
// and +Inf/-Inf/NaN as both formats spell them.
[[nodiscard]] QByteArray formatValue(double value);

[[nodiscard]] QByteArray render(const QList<Family> &families, Format format);

} // namespace PromText
