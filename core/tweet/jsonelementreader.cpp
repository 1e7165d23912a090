// SPDX-License-Identifier: MIT
#include "jsonelementreader.h"

#include "jsonlreader.h"
#include "readbuffer.h"

#include <QBuffer>

#include <algorithm>
#include <cstring>

namespace ts {

namespace {

constexpr qsizetype chunkSize = ReadBuffer::chunkSize;
constexpr qsizetype maxPrefix = 1024;

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

QString shown(char c)
{
    if (quint8(c) < 0x20 || quint8(c) >= 0x7f)
        return QStringLiteral("byte 0x%1").arg(quint8(c), 2, 16, QLatin1Char('0'));
    return QStringLiteral("'%1'").arg(QLatin1Char(c));
}

/// Where one JSON value ends, fed a buffer at a time: nesting depth and strings only (the
/// value's own grammar is the parser's business).
struct ValueScan
{
    int depth = 0;
    bool started = false, inString = false, escape = false, scalar = false;

    void reset() { *this = {}; }

    /// Scans from p to e. Returns where the value ended (one past its last byte) or nullptr
    /// when it goes on past e; counts the newlines it passes in *lines.
    const char *scan(const char *p, const char *e, qint64 *lines)
    {
        while (p < e) {
            if (!started) {
                started = true;
                const char c = *p++;
                if (c == '{' || c == '[')
                    depth = 1;
                else if (c == '"')
                    inString = true;
                else
                    scalar = true;
                continue;
            }
            if (inString) {
                // Jump to the next quote or backslash.
                while (p < e && !escape && *p != '"' && *p != '\\')
                    ++p;
                if (p == e)
                    return nullptr;
                const char c = *p++;
                if (escape)
                    escape = false;
                else if (c == '\\')
                    escape = true;
                else if (c == '"') {
                    inString = false;
                    if (depth == 0)
                        return p;
                }
                continue;
            }
            const char c = *p;
            if (scalar) {
                if (c == ',' || c == ']' || c == '}' || isSpace(c))
                    return p; // the delimiter is not part of the value
                ++p;
                continue;
            }
            ++p;
            switch (c) {
            case '"':
                inString = true;
                break;
            case '{':
            case '[':
                ++depth;
                break;
            case '}':
            case ']':
                if (--depth == 0)
                    return p;
                break;
            case '\n':
                ++*lines;
                break;
            default:
                break;
            }
        }
        return nullptr;
    }
};

enum class State {
    Start, ///< before the document (whitespace, a byte order mark, an assignment)
    Prefix, ///< in `name = `
    ObjectKey, ///< in the top-level object, before a key or '}'
    Key, ///< in a key string
    Colon,
    MemberValue, ///< before a member's value
    SkipValue, ///< in a member's value that is not streamed
    AfterMember, ///< before ',' or '}'
    BeforeElement, ///< in the streamed array, before an element or ']'
    Element,
    AfterElement, ///< before ',' or ']'
    AfterDocument,
    Failed,
};

} // namespace

struct JsonElementReader::Private
{
    QIODevice *device = nullptr;
    QString name;
    QString error;
    ReadBuffer buffer; ///< with the end of the valid data, the bytes read and eof
    qsizetype pos = 0; ///< scan position
    qsizetype mark = -1; ///< start of the element being read, or -1
    /// A dry run: the document is read (and checked) as usual but its elements are not returned;
    /// it is returned whole if it ends within wholeLimit bytes, else read again from docMark.
    bool dryRun = false;
    qsizetype docMark = -1;
    qint64 docLine = 0;
    qint64 line = 1;
    bool done = false;

    qsizetype maxElement = JsonlReader::DefaultMaxLineLength;
    qsizetype wholeLimit = 0;
    bool prefixAllowed = false;
    QByteArray prefix;

    State state = State::Start;
    ValueScan value;
    qint64 markLine = 0; ///< line where the element (or document) starts
    qint64 elementLength = 0; ///< bytes of a tooLong element so far
    bool tooLong = false;
    bool wholeTried = false, inObject = false, afterComma = false, streamed = false;
    bool semicolonSeen = false;
    QByteArray key, arrayKey;
    qint64 index = 0;
    qint64 offset = 0; ///< input offset of buffer[0]
    QList<Member> members;

    bool restarted = false;

    bool fill();
    /// next(): the next element, or false at the end, on an error or when a dry run restarts.
    bool advance(JsonElementReader::Element &e);
    /// Between tokens: steps over c when it is white space (counting lines); false otherwise.
    bool skipSpace(char c)
    {
        if (!isSpace(c))
            return false;
        line += c == '\n';
        ++pos;
        return true;
    }
    bool fail(const QString &message)
    {
        if (dryRun) {
            // Read it again element by element: the elements before the error are returned,
            // then the error.
            restart();
            return false;
        }
        error = QStringLiteral("%1: line %2: %3").arg(name).arg(line).arg(message);
        state = State::Failed;
        return false;
    }
    /// Ends a dry run: back to the document's start, to read it element by element.
    void restart()
    {
        pos = docMark;
        line = docLine;
        docMark = mark = -1;
        dryRun = false;
        restarted = wholeTried = true;
        state = State::Start;
        streamed = inObject = afterComma = tooLong = false;
        index = 0;
        members.clear();
        arrayKey.clear();
    }
};

bool JsonElementReader::Private::fill()
{
    if (buffer.eof)
        return false;
    qsizetype keep = pos;
    for (const qsizetype m : { mark, docMark })
        keep = m >= 0 ? std::min(keep, m) : keep;
    const size_t cap = size_t(std::max(maxElement, wholeLimit)) + 2 * size_t(chunkSize);
    const qint64 n = buffer.fill(device, keep, cap);
    offset += keep;
    pos -= keep;
    if (mark >= 0)
        mark -= keep;
    if (docMark >= 0)
        docMark -= keep;
    if (n < 0) {
        error = QStringLiteral("%1: read error: %2").arg(name, device->errorString());
        state = State::Failed;
    }
    if (n <= 0)
        return false;
    pos += buffer.takeByteOrderMark();
    return true;
}

JsonElementReader::JsonElementReader()
    : d(std::make_unique<Private>())
{ }

JsonElementReader::~JsonElementReader() = default;

bool JsonElementReader::opensDocument(QByteArrayView line)
{
    line = line.trimmed();
    if (line.startsWith("\xEF\xBB\xBF"))
        line = line.sliced(3).trimmed();
    if (line.isEmpty() || (line.front() != '[' && line.front() != '{'))
        return false;
    ValueScan scan;
    qint64 lines = 0;
    return scan.scan(line.data(), line.data() + line.size(), &lines) == nullptr;
}

void JsonElementReader::open(QIODevice *device, const QString &name)
{
    d->device = device;
    d->name = name;
}

void JsonElementReader::setMaxElementSize(qsizetype bytes)
{
    d->maxElement = std::max<qsizetype>(1, bytes);
}

qsizetype JsonElementReader::maxElementSize() const
{
    return d->maxElement;
}

void JsonElementReader::setWholeDocumentLimit(qsizetype bytes)
{
    d->wholeLimit = std::max<qsizetype>(0, bytes);
}

void JsonElementReader::setAssignmentPrefixAllowed(bool allowed)
{
    d->prefixAllowed = allowed;
}

QByteArray JsonElementReader::prefix() const
{
    return d->prefix;
}

bool JsonElementReader::hasError() const
{
    return !d->error.isEmpty();
}

QString JsonElementReader::errorString() const
{
    return d->error;
}

bool JsonElementReader::atEnd() const
{
    return d->done;
}

qint64 JsonElementReader::bytesRead() const
{
    return d->buffer.bytesRead;
}

qint64 JsonElementReader::elementCount() const
{
    return d->index;
}

QByteArray JsonElementReader::arrayKey() const
{
    return d->arrayKey;
}

QList<JsonElementReader::Member> JsonElementReader::skippedMembers() const
{
    return d->members;
}

bool JsonElementReader::forEachPiece(QByteArrayView doc, qsizetype maxElementSize, qsizetype pieceSize,
    const std::function<bool(const Piece &)> &each, QString *error)
{
    const QByteArray raw = QByteArray::fromRawData(doc.data(), doc.size());
    const auto reader = [&](QBuffer &buffer, JsonElementReader &r) {
        buffer.setData(raw);
        buffer.open(QIODevice::ReadOnly);
        r.open(&buffer, QStringLiteral("invalid JSON"));
        r.setMaxElementSize(maxElementSize);
    };
    // First pass: the structure, which array holds the elements and where the includes are.
    QByteArrayView includes, errors;
    QByteArray key;
    {
        QBuffer buffer;
        JsonElementReader r;
        reader(buffer, r);
        Element e;
        while (r.next(e)) { }
        if (!r.atEnd()) {
            if (error)
                *error = r.errorString();
            return false;
        }
        key = r.arrayKey();
        if (key.isEmpty() && !doc.trimmed().startsWith('['))
            return false; // a single tweet, or anything else: for the parser to read whole
        for (const Member &m : r.skippedMembers()) {
            const QByteArrayView value = doc.sliced(m.begin, m.end - m.begin);
            if (m.key == "includes")
                includes = value;
            else if (m.key == "errors")
                errors = value;
        }
    }
    QBuffer buffer;
    JsonElementReader r;
    reader(buffer, r);
    Element e;
    if (key != "data") {
        // Array and Enterprise elements are whole tweets (or pages) by themselves.
        while (r.next(e)) {
            if (!each({ e.json, e.index, 1, e.tooLong, e.length }))
                return true;
        }
        return true;
    }
    QByteArray batch;
    qint64 first = 0, count = 0;
    bool errorsSent = false;
    const auto flush = [&] {
        batch += "]";
        if (!includes.isEmpty())
            batch.append(",\"includes\":").append(includes);
        if (!errors.isEmpty() && !errorsSent)
            batch.append(",\"errors\":").append(errors);
        errorsSent = true;
        batch += "}";
        const bool go = each({ batch, first, count, false, batch.size() });
        count = 0;
        return go;
    };
    while (r.next(e)) {
        if (e.tooLong) {
            if (count > 0 && !flush())
                return true;
            if (!each({ QByteArrayView(), e.index, 1, true, e.length }))
                return true;
            continue;
        }
        if (count == 0) {
            batch.resize(0);
            batch.reserve(std::max(pieceSize, e.json.size()) + includes.size() + errors.size() + 64);
            batch.append("{\"data\":[");
            first = e.index;
        } else {
            batch += ',';
        }
        batch.append(e.json.data(), e.json.size());
        ++count;
        if (batch.size() >= pieceSize && !flush())
            return true;
    }
    if (count > 0)
        flush();
    return true;
}

bool JsonElementReader::next(Element &e)
{
    for (;;) {
        if (d->advance(e))
            return true;
        if (!d->restarted)
            return false;
        d->restarted = false; // a dry run ended: read the document again, element by element
    }
}

bool JsonElementReader::Private::advance(Element &e)
{
    Private &p = *this;
    if (!p.device || p.state == State::Failed || p.done)
        return false;
    for (;;) {
        if (p.pos >= p.buffer.end) {
            if (p.fill())
                continue;
            if (p.state == State::Failed)
                return false;
            // The end of the input.
            if (p.dryRun && p.state != State::AfterDocument) {
                p.restart(); // cut short: read again to return its elements, then the error
                return false;
            }
            switch (p.state) {
            case State::AfterDocument:
                p.done = true;
                return false;
            case State::Start:
                return p.fail(QStringLiteral("no JSON document (the input is empty)"));
            case State::Element:
                return p.fail(QStringLiteral("the document ends inside element %1 (it starts at line %2)")
                                  .arg(p.index)
                                  .arg(p.markLine));
            default:
                return p.fail(QStringLiteral("the document ends early (the input is cut short?)"));
            }
        }
        const char *const base = p.buffer.data();
        const char c = base[p.pos];
        switch (p.state) {
        case State::Start:
            if (p.skipSpace(c))
                break;
            if (c == '[' || c == '{') {
                if (p.wholeLimit > 0 && !p.wholeTried) {
                    p.dryRun = true;
                    p.docMark = p.pos;
                    p.docLine = p.line;
                }
                ++p.pos;
                p.inObject = c == '{';
                p.afterComma = false;
                p.state = c == '{' ? State::ObjectKey : State::BeforeElement;
            } else if (p.prefixAllowed && p.prefix.isEmpty() && !p.wholeTried) {
                p.state = State::Prefix;
            } else {
                return p.fail(
                    QStringLiteral("expected '[' or '{' at the start of the document, found %1").arg(shown(c)));
            }
            break;
        case State::Prefix: {
            const char *eq = static_cast<const char *>(std::memchr(base + p.pos, '=', size_t(p.buffer.end - p.pos)));
            const qsizetype upTo = eq ? eq - base : p.buffer.end;
            p.prefix.append(base + p.pos, upTo - p.pos);
            p.pos = eq ? upTo + 1 : upTo;
            if (p.prefix.size() > maxPrefix || p.prefix.contains('\n'))
                return p.fail(QStringLiteral("expected '[' or '{' or an assignment 'name = ' at the start of the "
                                             "document, found %1")
                                  .arg(shown(p.prefix.isEmpty() ? c : p.prefix.front())));
            if (eq) {
                p.prefix = p.prefix.trimmed();
                if (p.prefix.isEmpty())
                    p.prefix = "=";
                p.state = State::Start;
            }
            break;
        }
        case State::ObjectKey:
            if (p.skipSpace(c))
                break;
            if (c == '}' && !p.afterComma) {
                ++p.pos;
                p.state = State::AfterDocument;
            } else if (c == '"') {
                ++p.pos;
                p.key.clear();
                p.value.reset();
                p.value.started = p.value.inString = true;
                p.state = State::Key;
            } else {
                return p.fail(QStringLiteral("expected a member name in quotes%1, found %2")
                                  .arg(p.afterComma ? QString() : QStringLiteral(" or '}'"), shown(c)));
            }
            break;
        case State::Key: {
            const char *stop = p.value.scan(base + p.pos, base + p.buffer.end, &p.line);
            const qsizetype upTo = stop ? stop - base : p.buffer.end;
            if (p.key.size() < 64)
                p.key.append(base + p.pos, std::min<qsizetype>(upTo - p.pos, 64));
            p.pos = upTo;
            if (stop) {
                p.key.chop(1); // the closing quote
                p.state = State::Colon;
            }
            break;
        }
        case State::Colon:
            if (p.skipSpace(c))
                break;
            if (c == ':') {
                ++p.pos;
                p.state = State::MemberValue;
            } else {
                return p.fail(QStringLiteral("expected ':' after a member name, found %1").arg(shown(c)));
            }
            break;
        case State::MemberValue:
            if (p.skipSpace(c))
                break;
            if (c == '[' && !p.streamed && (p.key == "data" || p.key == "results")) {
                ++p.pos;
                p.streamed = true;
                p.arrayKey = p.key;
                p.afterComma = false;
                p.state = State::BeforeElement;
            } else if (c == ',' || c == '}' || c == ']' || c == ':') {
                return p.fail(QStringLiteral("expected a value, found %1").arg(shown(c)));
            } else {
                p.value.reset();
                if (p.members.size() < 32)
                    p.members.append({ p.key, p.offset + p.pos, -1 });
                p.state = State::SkipValue;
            }
            break;
        case State::SkipValue: {
            const char *stop = p.value.scan(base + p.pos, base + p.buffer.end, &p.line);
            p.pos = stop ? stop - base : p.buffer.end;
            if (stop) {
                if (!p.members.isEmpty() && p.members.back().end < 0)
                    p.members.back().end = p.offset + p.pos;
                p.state = State::AfterMember;
            }
            break;
        }
        case State::AfterMember:
            if (p.skipSpace(c))
                break;
            if (c == ',') {
                ++p.pos;
                p.afterComma = true;
                p.state = State::ObjectKey;
            } else if (c == '}') {
                ++p.pos;
                p.state = State::AfterDocument;
            } else {
                return p.fail(QStringLiteral("expected ',' or '}' after a member, found %1").arg(shown(c)));
            }
            break;
        case State::BeforeElement:
            if (p.skipSpace(c))
                break;
            if (c == ']' && !p.afterComma) {
                ++p.pos;
                p.afterComma = false;
                p.state = p.inObject ? State::AfterMember : State::AfterDocument;
            } else if (c == ',' || c == ']' || c == '}' || c == ':') {
                return p.fail(QStringLiteral("expected an element, found %1").arg(shown(c)));
            } else {
                p.mark = p.pos;
                p.markLine = p.line;
                p.tooLong = false;
                p.elementLength = 0;
                p.value.reset();
                p.state = State::Element;
            }
            break;
        case State::Element: {
            const qsizetype from = p.pos;
            const char *stop = p.value.scan(base + p.pos, base + p.buffer.end, &p.line);
            p.pos = stop ? stop - base : p.buffer.end;
            if (p.tooLong) {
                p.elementLength += p.pos - from;
            } else if (p.pos - p.mark > p.maxElement) {
                p.tooLong = true;
                p.elementLength = p.pos - p.mark;
                p.mark = -1; // no longer held
            }
            if (!stop)
                break;
            if (p.dryRun) {
                ++p.index;
                p.mark = -1;
                p.state = State::AfterElement;
                break;
            }
            e = {};
            e.index = p.index++;
            e.line = p.markLine;
            e.tooLong = p.tooLong;
            if (p.tooLong) {
                e.length = p.elementLength;
            } else {
                e.json = QByteArrayView(base + p.mark, p.pos - p.mark);
                e.length = e.json.size();
            }
            p.mark = -1;
            p.state = State::AfterElement;
            return true;
        }
        case State::AfterElement:
            if (p.skipSpace(c))
                break;
            if (c == ',') {
                ++p.pos;
                p.afterComma = true;
                p.state = State::BeforeElement;
            } else if (c == ']') {
                ++p.pos;
                p.afterComma = false;
                p.state = p.inObject ? State::AfterMember : State::AfterDocument;
            } else {
                return p.fail(QStringLiteral("expected ',' or ']' after an element, found %1").arg(shown(c)));
            }
            break;
        case State::AfterDocument:
            if (p.skipSpace(c))
                break;
            if (c == ';' && !p.prefix.isEmpty() && !p.semicolonSeen) {
                ++p.pos;
                p.semicolonSeen = true;
            } else {
                return p.fail(
                    QStringLiteral("more content after the end of the document, starting with %1").arg(shown(c)));
            }
            break;
        case State::Failed:
            return false;
        }
        if (!p.dryRun)
            continue;
        if (p.pos - p.docMark > p.wholeLimit) {
            p.restart();
            return false;
        } else if (p.state == State::AfterDocument) {
            // It ended within the limit, and its structure is right: the whole document.
            e = {};
            e.line = p.docLine;
            e.json = QByteArrayView(p.buffer.data() + p.docMark, p.pos - p.docMark);
            e.length = e.json.size();
            e.whole = true;
            p.docMark = -1;
            p.dryRun = false;
            p.index = 0;
            return true;
        }
    }
}

} // namespace ts
