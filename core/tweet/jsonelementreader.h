// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <functional>
#include <memory>

class QIODevice;

namespace ts {

/**
 * @brief Reads one JSON document of any size element by element, with bounded memory: the
 * elements of a top-level array, or of the `data` (X API v2) or `results` (Enterprise) array
 * of a top-level object. The other members of an object are checked and skipped.
 *
 * - At most one element is held (plus one 4 MiB read chunk); an element longer than
 *   maxElementSize() is skipped to its end and returned with tooLong set.
 * - With a whole-document limit, a document that ends within that many bytes, and whose
 *   structure is right, is returned whole, as one element with `whole` set (a pretty-printed
 *   API page keeps its includes); any other is read again from its start element by element.
 * - The structure between elements is checked (commas, brackets, strings, nesting); the
 *   elements themselves are left to the parser. A structural error ends the reading with an
 *   error naming its line ("line 7: expected ',' or ']' after an element, found '{'"), also
 *   when anything but whitespace follows the document.
 * - With setAssignmentPrefixAllowed(), a JavaScript assignment before the document is skipped
 *   (`window.YTD.tweets.part0 = [ ... ]` in an X account archive); prefix() gives its left side.
 * - A UTF-8 byte order mark at the start is skipped.
 *
 * @code
 *   ts::JsonElementReader reader;
 *   reader.open(&device, name);
 *   ts::JsonElementReader::Element e;
 *   while (reader.next(e))
 *       e.tooLong ? report(e.line, e.length) : handle(e.index, e.line, e.json);
 *   if (reader.hasError())
 *       fail(reader.errorString());
 * @endcode
 */
class JsonElementReader
{
public:
    struct Element
    {
        qint64 index = 0; ///< 0-based position in the array (0 for a whole document)
        qint64 line = 0; ///< 1-based line of the input where the element starts
        QByteArrayView json; ///< the element's bytes; valid until the next call to next()
        bool tooLong = false; ///< longer than maxElementSize(): json is empty
        bool whole = false; ///< the whole document (it ended within the whole-document limit)
        qint64 length = 0; ///< bytes of the element
    };

    JsonElementReader();
    ~JsonElementReader();
    JsonElementReader(const JsonElementReader &) = delete;
    JsonElementReader &operator=(const JsonElementReader &) = delete;

    /// True when line (the first line of an input) starts a JSON array or object that it does
    /// not close: the input may be one document spread over many lines, not JSON Lines.
    static bool opensDocument(QByteArrayView line);

    /// Reads from an open device (not owned; it must outlive the reader); name is for messages.
    void open(QIODevice *device, const QString &name);

    /// Elements longer than this are skipped and reported (default 16 MiB, as JSONL lines).
    void setMaxElementSize(qsizetype bytes);
    qsizetype maxElementSize() const;
    /// A document that ends within this many bytes is returned whole (default 0: never).
    void setWholeDocumentLimit(qsizetype bytes);
    /// Skips `name = ` before the document (at most 1 KiB); off by default.
    void setAssignmentPrefixAllowed(bool allowed);
    /// The assignment's left side, trimmed ("window.YTD.tweets.part0"); empty when none.
    QByteArray prefix() const;

    /// The next element; false at the end of the document or on an error.
    bool next(Element &element);

    bool hasError() const;
    /// "NAME: line 7: expected ',' or ']' after an element, found '{'", a read error, or empty.
    QString errorString() const;
    /// True once the whole document has been read and nothing but whitespace followed it.
    bool atEnd() const;
    /// Bytes read from the device so far (for progress).
    qint64 bytesRead() const;
    /// The elements of the streamed array seen so far (including tooLong ones).
    qint64 elementCount() const;
    /// Which array was streamed: "" (a top-level array or a whole document), "data" or "results".
    QByteArray arrayKey() const;

    /// A member of the top-level object that was skipped, as byte offsets in the input.
    struct Member
    {
        QByteArray key; ///< at most 64 bytes of it, as written
        qint64 begin = 0, end = 0; ///< its value
    };
    /// The skipped members of the top-level object read so far (the first 32).
    QList<Member> skippedMembers() const;

    /// Documents longer than this are parsed in pieces by forEachPiece() (parse and import).
    static constexpr qsizetype LargeDocumentSize = qsizetype(4) << 20;

    /// One piece of a large document: a document TweetParser reads on its own.
    struct Piece
    {
        QByteArrayView json;
        qint64 firstElement = 0; ///< the first element of the array it holds
        qint64 elements = 1; ///< how many
        bool tooLong = false; ///< an element longer than maxElementSize: json is empty
        qint64 length = 0; ///< bytes of json, or of the element that was too long
    };
    /**
     * Cuts a large document held in memory (a JSON array, or a v2 or Enterprise page) into
     * pieces that TweetParser reads one at a time and that give the same tweets as the whole:
     * each element of an array or of a page's `results`, and a v2 page's `data` in batches of
     * about pieceSize bytes, each batch with the page's `includes` (and the first with its
     * `errors`). Memory: one piece (and the includes), not the parsed tweets of the whole.
     *
     * Returns false when doc is none of these (a single tweet: parse it whole), with *error set
     * when its structure is broken ("invalid JSON: line 1: expected ..."); each() returning
     * false stops it (then it returns true).
     */
    static bool forEachPiece(QByteArrayView doc, qsizetype maxElementSize, qsizetype pieceSize,
        const std::function<bool(const Piece &)> &each, QString *error);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace ts
