// SPDX-License-Identifier: MIT
#include "csvformat.h"

#include <charconv>
#include <cstring>

namespace ts::exporter::csv {

namespace {

bool needsQuotes(QStringView text)
{
    for (const QChar ch : text) {
        const char16_t c = ch.unicode();
        if (c == u'"' || c == u',' || c == u'\n' || c == u'\r')
            return true;
    }
    return false;
}

// Encodes and doubles quotes; dst needs 3 bytes per UTF-16 unit (a quote takes 2).
char *encodeUtf8Quoted(char *dst, QStringView text)
{
    qsizetype start = 0;
    for (;;) {
        const qsizetype q = text.indexOf(u'"', start);
        if (q < 0)
            return encodeUtf8(dst, text.sliced(start));
        dst = encodeUtf8(dst, text.sliced(start, q - start));
        *dst++ = '"';
        *dst++ = '"';
        start = q + 1;
    }
}

} // namespace

char *encodeUtf8(char *dst, QStringView text)
{
    const char16_t *s = reinterpret_cast<const char16_t *>(text.utf16());
    const char16_t *end = s + text.size();
    while (s < end) {
        const char32_t c = *s++;
        if (c < 0x80) {
            *dst++ = char(c);
        } else if (c < 0x800) {
            *dst++ = char(0xC0 | (c >> 6));
            *dst++ = char(0x80 | (c & 0x3F));
        } else if (QChar::isHighSurrogate(c) && s < end && QChar::isLowSurrogate(*s)) {
            const char32_t u = QChar::surrogateToUcs4(char16_t(c), *s++);
            *dst++ = char(0xF0 | (u >> 18));
            *dst++ = char(0x80 | ((u >> 12) & 0x3F));
            *dst++ = char(0x80 | ((u >> 6) & 0x3F));
            *dst++ = char(0x80 | (u & 0x3F));
        } else {
            const char32_t u = QChar::isSurrogate(c) ? char32_t(0xFFFD) : c;
            *dst++ = char(0xE0 | (u >> 12));
            *dst++ = char(0x80 | ((u >> 6) & 0x3F));
            *dst++ = char(0x80 | (u & 0x3F));
        }
    }
    return dst;
}

void appendText(OutputFile &out, QStringView text, bool neutralizeFormula)
{
    const bool neutralize = neutralizeFormula && looksLikeFormula(text);
    const bool quote = neutralize || needsQuotes(text);
    char *const begin = out.reserve(3 * text.size() + 4);
    char *p = begin;
    if (!quote) {
        p = encodeUtf8(p, text);
    } else {
        *p++ = '"';
        if (neutralize)
            *p++ = '\'';
        p = encodeUtf8Quoted(p, text);
        *p++ = '"';
    }
    out.advance(p - begin);
}

void appendUtf8(OutputFile &out, QByteArrayView text)
{
    bool quote = false;
    for (const char c : text) {
        if (c == '"' || c == ',' || c == '\n' || c == '\r') {
            quote = true;
            break;
        }
    }
    if (!quote) {
        out.append(text);
        return;
    }
    char *const begin = out.reserve(2 * text.size() + 2);
    char *p = begin;
    *p++ = '"';
    for (const char c : text) {
        *p++ = c;
        if (c == '"')
            *p++ = '"';
    }
    *p++ = '"';
    out.advance(p - begin);
}

void appendInt(OutputFile &out, qint64 value)
{
    char *p = out.reserve(24);
    out.advance(std::to_chars(p, p + 24, value).ptr - p);
}

void appendDouble(OutputFile &out, double value)
{
    char *p = out.reserve(32);
    out.advance(std::to_chars(p, p + 32, value).ptr - p);
}

void appendMillis(OutputFile &out, double ms)
{
    char *p = out.reserve(48);
    out.advance(std::to_chars(p, p + 48, ms, std::chars_format::fixed, 3).ptr - p);
}

void appendExcelTextId(OutputFile &out, QStringView digits)
{
    // "=""<digits>""" : the CSV-quoted form of the formula ="<digits>"
    char *const begin = out.reserve(digits.size() + 8);
    char *p = begin;
    std::memcpy(p, "\"=\"\"", 4);
    p += 4;
    for (const QChar c : digits)
        *p++ = char(c.unicode());
    std::memcpy(p, "\"\"\"", 3);
    p += 3;
    out.advance(p - begin);
}

} // namespace ts::exporter::csv
