// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/metrics/promtext.h"

#include <QLocale>

#include <cmath>

namespace PromText {

Format negotiate(QByteArrayView accept)
{
    return QByteArray::fromRawData(accept.data(), accept.size()).contains("application/openmetrics-text")
        ? Format::OpenMetrics
        : Format::Text;
}

QByteArray contentType(Format format)
{
    return format == Format::OpenMetrics
        ? QByteArrayLiteral("application/openmetrics-text; version=1.0.0; charset=utf-8")
        : QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8");
}

QByteArray escapeLabelValue(QStringView value)
{
    const QByteArray utf8 = value.toUtf8();
    QByteArray out;
    out.reserve(utf8.size());
    for (const char c : utf8) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '"': out += "\\\""; break;
        case '\n': out += "\\n"; break;
        default: out += c;
        }
    }
    return out;
}

QByteArray formatValue(double value)
{
    if (std::isnan(value))
        return QByteArrayLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QByteArrayLiteral("+Inf") : QByteArrayLiteral("-Inf");
    if (value == std::trunc(value) && std::fabs(value) < 1e15)
        return QByteArray::number(qint64(value));
    return QByteArray::number(value, 'g', QLocale::FloatingPointShortest);
}

namespace {

QByteArray typeName(Family::Type type, Format format)
{
    switch (type) {
    case Family::Type::Counter: return "counter";
    case Family::Type::Histogram: return "histogram";
    case Family::Type::Info: return format == Format::OpenMetrics ? "info" : "gauge";
    case Family::Type::Gauge: break;
    }
    return "gauge";
}

// The name the TYPE and HELP lines carry: the text format names the sample
// (retryscope_attempts_total), OpenMetrics the family (retryscope_attempts).
QByteArray metadataName(const Family &family, Format format)
{
    if (format == Format::OpenMetrics)
        return family.name;
    switch (family.type) {
    case Family::Type::Counter: return family.name + "_total";
    case Family::Type::Info: return family.name + "_info";
    case Family::Type::Gauge:
    case Family::Type::Histogram: break;
    }
    return family.name;
}

QByteArray escapeHelp(const QByteArray &help)
{
    QByteArray out = help;
    out.replace("\\", "\\\\").replace("\n", "\\n");
    return out;
}

} // namespace

QByteArray render(const QList<Family> &families, Format format)
{
    QByteArray out;
    for (const Family &family : families) {
        const QByteArray name = metadataName(family, format);
        out += "# HELP " + name + ' ' + escapeHelp(family.help) + '\n';
        out += "# TYPE " + name + ' ' + typeName(family.type, format) + '\n';
        if (format == Format::OpenMetrics && !family.unit.isEmpty())
            out += "# UNIT " + name + ' ' + family.unit + '\n';
        for (const Sample &sample : family.samples) {
            out += family.name + sample.suffix;
            if (!sample.labels.isEmpty()) {
                out += '{';
                for (qsizetype i = 0; i < sample.labels.size(); ++i) {
                    if (i > 0)
                        out += ',';
                    out += sample.labels[i].first + "=\"" + escapeLabelValue(sample.labels[i].second) + '"';
                }
                out += '}';
            }
            out += ' ' + formatValue(sample.value) + '\n';
        }
    }
    if (format == Format::OpenMetrics)
        out += "# EOF\n";
    return out;
}

} // namespace PromText
