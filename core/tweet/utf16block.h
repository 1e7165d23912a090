// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <string_view>

namespace ts {

/**
 * @brief Several QStrings in one allocation. Each string add() returns is a slice of one
 * shared UTF-16 block (the way every tweet's rawJson is a slice of its page's bytes), and is
 * '\0'-terminated like any QString.
 *
 * The parser converts a tweet's own strings (text, hashtags, mentions, urls, the ids it
 * refers to) into one block: one allocation per tweet instead of one per string, which was
 * most of the allocator's share of parsing a page.
 *
 * The block is freed with the last string that refers to it, so put only strings into one
 * block that live together (one tweet's, one user's). A string changed later copies itself
 * out first, as any shared QString does; a string that is the block's last one may grow in
 * place over the dead strings after it.
 */
class Utf16Block
{
public:
    /// Room for strings of utf8Bytes UTF-8 bytes in all, plus count terminators (UTF-16 never
    /// takes more code units than UTF-8 takes bytes). No allocation when both are 0.
    Utf16Block(qsizetype utf8Bytes, qsizetype count);
    Utf16Block(const Utf16Block &) = delete;
    Utf16Block &operator=(const Utf16Block &) = delete;

    /// utf8 converted (each invalid byte becomes U+FFFD, as in QString::fromUtf8). A null view
    /// gives a null QString, an empty one an empty QString; neither takes room. Past the room
    /// given to the constructor it gives a string of its own (correct, one allocation more).
    QString add(std::string_view utf8);
    /// The same, with the HTML escapes that the APIs put in tweet text decoded: "&amp;",
    /// "&lt;" and "&gt;" (only those three, once: "&amp;amp;" is a typed "&amp;").
    QString addTweetText(std::string_view utf8);

    /// Code units still free (terminators included).
    qsizetype room() const { return m_end - m_next; }

private:
    /// add() with convert(utf8, out), which writes at most utf8.size() units and returns their
    /// end (a template, defined and used in the .cpp only, so that the conversion is inlined).
    template <typename Convert> QString add(std::string_view utf8, Convert convert);
    QString slice(char16_t *begin, char16_t *end);

    QString::DataPointer m_block; ///< holds one reference, as each slice does
    char16_t *m_next = nullptr;
    char16_t *m_end = nullptr;
};

/// Converts UTF-8 to UTF-16 at out, which has room for utf8.size() code units, and returns
/// where the output ends. ASCII runs go 16 bytes at a time. Never reads outside utf8.
char16_t *utf8ToUtf16(std::string_view utf8, char16_t *out);

} // namespace ts
