// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/policy/errorcategory.h"

#include "core/util/enumnames.h"

namespace {

constexpr EnumNameTable<ErrorCategory, 14> categoryNames{{
    {ErrorCategory::Ok, "ok"},
    {ErrorCategory::CircuitOpen, "circuit_open"},
    {ErrorCategory::AssertionFailed, "assertion_failed"},
    {ErrorCategory::Timeout, "timeout"},
    {ErrorCategory::ConnectionRefused, "connection_refused"},
    {ErrorCategory::ConnectionReset, "connection_reset"},
    {ErrorCategory::DnsFailure, "dns_failure"},
    {ErrorCategory::TlsError, "tls_error"},
    {ErrorCategory::NetworkError, "network_error"},
    {ErrorCategory::RateLimited, "rate_limited"},
    {ErrorCategory::ServerError, "server_error"},
    {ErrorCategory::ClientError, "client_error"},
    {ErrorCategory::UnexpectedStatus, "unexpected_status"},
    {ErrorCategory::Cancelled, "cancelled"},
}};

} // namespace

QLatin1String categoryName(ErrorCategory category)
{
    return enumName(categoryNames, category);
}

std::optional<ErrorCategory> categoryFromName(QAnyStringView name)
{
    return enumFromName(categoryNames, name);
}

const QList<ErrorCategory> &allCategories()
{
    static const QList<ErrorCategory> all = enumValues(categoryNames);
    return all;
}

bool isTransportCategory(ErrorCategory category)
{
    switch (category) {
    case ErrorCategory::Timeout:
    case ErrorCategory::ConnectionRefused:
    case ErrorCategory::ConnectionReset:
    case ErrorCategory::DnsFailure:
    case ErrorCategory::TlsError:
    case ErrorCategory::NetworkError: return true;
    default: return false;
    }
}

bool isRetryOnErrorsCategory(ErrorCategory category)
{
    return isTransportCategory(category) || category == ErrorCategory::AssertionFailed;
}

bool countsAsFailure(ErrorCategory category)
{
    return isRetryOnErrorsCategory(category) || category == ErrorCategory::RateLimited
        || category == ErrorCategory::ServerError;
}
