// SPDX-License-Identifier: MIT
#include "jsonwriter.h"

#include <QLocale>

#include <cmath>

namespace ts::archive {

JsonWriter &JsonWriter::value(const QString &s)
{
    separate();
    appendEscaped(s.toUtf8());
    return *this;
}

JsonWriter &JsonWriter::value(QLatin1StringView s)
{
    separate();
    appendEscaped(QByteArray(s.data(), s.size()));
    return *this;
}

JsonWriter &JsonWriter::value(double d)
{
    separate();
    if (!std::isfinite(d))
        m_out += "null"; // JSON has no NaN or infinity
    else
        m_out += QByteArray::number(d, 'g', QLocale::FloatingPointShortest);
    return *this;
}

void JsonWriter::appendEscaped(const QByteArray &utf8)
{
    static constexpr char hex[] = "0123456789abcdef";
    m_out += '"';
    const char *p = utf8.constData();
    const char *end = p + utf8.size();
    const char *run = p; // start of the bytes that need no escaping
    for (; p < end; ++p) {
        const auto c = static_cast<unsigned char>(*p);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        m_out.append(run, p - run);
        run = p + 1;
        switch (c) {
        case '"':
            m_out += "\\\"";
            break;
        case '\\':
            m_out += "\\\\";
            break;
        case '\n':
            m_out += "\\n";
            break;
        case '\r':
            m_out += "\\r";
            break;
        case '\t':
            m_out += "\\t";
            break;
        case '\b':
            m_out += "\\b";
            break;
        case '\f':
            m_out += "\\f";
            break;
        default: {
            const char esc[] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf] };
            m_out.append(esc, sizeof esc);
        }
        }
    }
    m_out.append(run, p - run);
    m_out += '"';
}

} // namespace ts::archive
