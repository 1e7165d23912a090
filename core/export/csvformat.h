// SPDX-License-Identifier: MIT
#pragma once

#include "outputfile.h"

#include <QByteArrayView>
#include <QStringView>

/// Low-level CSV cell encoding shared by the tweet and timings writers. Cells go straight
/// from UTF-16 into the output buffer as UTF-8, escaped in the same pass (no QByteArray per cell).
namespace ts::exporter::csv {

/// RFC 4180 record end. CRLF is what the RFC specifies and what Python's csv and Excel write.
inline constexpr QByteArrayView RecordEnd = "\r\n";
inline constexpr QByteArrayView Utf8Bom = "\xEF\xBB\xBF";

/// True when a spreadsheet would read the text as a formula (OWASP CSV injection: a first
/// character of =, +, -, @, tab or carriage return).
inline bool looksLikeFormula(QStringView text)
{
    if (text.isEmpty())
        return false;
    const char16_t c = text.front().unicode();
    return c == u'=' || c == u'+' || c == u'-' || c == u'@' || c == u'\t' || c == u'\r';
}

/// Appends one text cell: quoted when it holds a quote, comma, CR or LF (embedded quotes
/// doubled, line breaks kept as they are), else verbatim. With neutralizeFormula, text that
/// looksLikeFormula() gets a leading apostrophe, and the cell is quoted.
void appendText(OutputFile &out, QStringView text, bool neutralizeFormula = false);
/// Appends an already UTF-8 cell with the same rules as appendText (without neutralizing).
void appendUtf8(OutputFile &out, QByteArrayView text);
void appendInt(OutputFile &out, qint64 value);
/// Shortest text that reads back as the same double ("51.5", "-0.12").
void appendDouble(OutputFile &out, double value);
/// Fixed three decimals, for milliseconds.
void appendMillis(OutputFile &out, double ms);
/// A digit-string id that Excel keeps as text: ="1234567890123456789" (quoted for CSV).
void appendExcelTextId(OutputFile &out, QStringView digits);

/// UTF-16 to UTF-8 into dst (room for 3 bytes per UTF-16 unit); returns the end.
/// Lone surrogates become U+FFFD, as QString::toUtf8 does.
char *encodeUtf8(char *dst, QStringView text);

} // namespace ts::exporter::csv
