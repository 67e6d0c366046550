// SPDX-License-Identifier: GPL-3.0-or-later
// The fault server's request parser (core/net/httprequestparser), which reads
// whatever a client sends. Input: the bytes a client sends on one connection.
// Invariants: the result does not depend on how the bytes were cut into
// reads (all at once, byte by byte, or in uneven pieces); complete requests
// respect the head and body limits; an error says why.
#include "core/net/httprequestparser.h"
#include "tests/fuzz/fuzzsupport.h"

namespace {

struct Outcome
{
    QList<HttpRequest> requests;
    bool error = false;
};

bool sameRequests(const QList<HttpRequest> &a, const QList<HttpRequest> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a[i].method != b[i].method || a[i].target != b[i].target || a[i].version != b[i].version
            || a[i].headers != b[i].headers || a[i].body != b[i].body)
            return false;
    }
    return true;
}

// Feeds `input` in pieces of the sizes `step` gives, taking requests off
// after every read the way FaultConnection does.
template<typename Step> Outcome parseInPieces(const QByteArray &input, Step step)
{
    Outcome outcome;
    HttpRequestParser parser;
    qsizetype at = 0;
    int round = 0;
    while (at < input.size()) {
        const qsizetype n = std::min(input.size() - at, step(round++));
        parser.feed(input.sliced(at, n));
        at += n;
        for (;;) {
            HttpRequest request;
            const HttpRequestParser::Result result = parser.next(request);
            if (result == HttpRequestParser::Result::NeedMore)
                break;
            if (result == HttpRequestParser::Result::Error) {
                Fuzz::check(!parser.error().isEmpty(), "an error without a message");
                outcome.error = true;
                return outcome;
            }
            Fuzz::check(!request.method.isEmpty(), "a request without a method");
            Fuzz::check(request.body.size() <= HttpRequestParser::maxBodyBytes, "a body over the limit");
            outcome.requests.append(request);
        }
    }
    return outcome;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = Fuzz::bytes(data, size);
    const Outcome whole = parseInPieces(input, [](int) { return qsizetype(1) << 30; });
    const Outcome bytewise = parseInPieces(input, [](int) { return qsizetype(1); });
    const Outcome uneven = parseInPieces(input, [](int round) { return qsizetype(1 + (round * 7) % 13); });
    // A stream cut in the middle of a request may stop one request earlier
    // when the error comes from a later request's head; the requests taken
    // before it must agree in every case.
    Fuzz::check(whole.error == bytewise.error && whole.error == uneven.error,
                "an error depends on how the bytes arrived", input.left(200));
    Fuzz::check(sameRequests(whole.requests, bytewise.requests) && sameRequests(whole.requests, uneven.requests),
                "requests depend on how the bytes arrived", input.left(200));
    return 0;
}
