// SPDX-License-Identifier: GPL-3.0-or-later
// The endpoints-file loader and validator (core/config/endpointsfile).
// Input: the file's bytes. Invariants: a refused file gets exactly one line
// that names the file (docs/endpoints-file.md and the command line in README.md: "one line, naming the problem"); an
// accepted file, written back the way the GUI saves it, loads again to the
// same endpoints; a resolved ${env:...} value never appears in what is saved.
#include "core/config/endpointsfile.h"
#include "tests/fuzz/fuzzsupport.h"

#include <QJsonDocument>

namespace {

const QString source = QStringLiteral("fuzz.json");
const QByteArray secret = "s3cr3t-fuzz-token";

QProcessEnvironment environment()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("TOKEN"), QString::fromLatin1(secret));
    env.insert(QStringLiteral("EMPTY"), QString());
    return env;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = Fuzz::bytes(data, size);
    const QProcessEnvironment env = environment();
    const EndpointsLoadResult loaded = EndpointsFile::parse(input, source, env);
    if (!loaded.ok()) {
        Fuzz::check(loaded.error.startsWith(source + QStringLiteral(": ")), "the message does not name the file",
                    loaded.error.toUtf8());
        Fuzz::check(!loaded.error.contains(u'\n') && !loaded.error.contains(u'\r'), "a message of more than one line",
                    loaded.error.toUtf8());
        return 0;
    }
    Fuzz::check(loaded.document.endpoints.size() == loaded.document.endpointObjects.size(),
                "endpoints and their JSON objects differ in number");

    const QByteArray saved = QJsonDocument(loaded.document.toJson()).toJson(QJsonDocument::Indented);
    if (!input.contains(secret))
        Fuzz::check(!saved.contains(secret), "a resolved ${env:} value was written back", saved);
    const EndpointsLoadResult reloaded = EndpointsFile::parse(saved, source, env);
    Fuzz::check(reloaded.ok(), "a saved file is refused on reload", reloaded.error.toUtf8() + '\n' + saved);
    Fuzz::check(reloaded.document.endpoints == loaded.document.endpoints, "a save and reload changed the endpoints",
                saved);
    return 0;
}
