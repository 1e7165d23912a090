// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QUrl>

namespace ts {

/**
 * @brief A URL as every message shows it: the user info (user name and password) replaced by
 * three asterisks, whether or not the text is a valid URL (http://user:SECRET@host:99999 is invalid
 * and still shown with three asterisks before the @). Use it wherever a message, log line or summary prints
 * a URL that came from a user or a server (docs/reliability.md, Client).
 */
inline QString redactedUrl(const QString &text)
{
    const qsizetype schemeEnd = text.indexOf(QLatin1String("://"));
    const qsizetype authorityStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
    qsizetype authorityEnd = text.size();
    for (const QChar end : { u'/', u'?', u'#' }) {
        const qsizetype at = text.indexOf(end, authorityStart);
        if (at >= 0)
            authorityEnd = std::min(authorityEnd, at);
    }
    if (authorityEnd <= authorityStart)
        return text;
    const qsizetype at = text.lastIndexOf(u'@', authorityEnd - 1);
    if (at < authorityStart)
        return text;
    return text.left(authorityStart) + QLatin1String("***") + text.mid(at);
}

inline QString redactedUrl(const QUrl &url)
{
    return redactedUrl(url.toString());
}

} // namespace ts
