// SPDX-License-Identifier: MIT
#pragma once

#include "tweet/tweet.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringEncoder>

#include <tuple>
#include <vector>

namespace ts::archive {

/**
 * @brief Tweets in the archive's row form: every text column as UTF-8, the lists joined, the
 * order key and the full-text index's tag tokens computed, all in one buffer.
 *
 * Built on any thread by a RowBuilder and written by ArchiveStore::insertRows on the store's
 * thread, so that a bulk load converts and tags on one core while SQLite writes on the other,
 * and the writer binds bytes that need no conversion (SQLite would translate UTF-16 itself).
 */
class RowBatch
{
public:
    /// Bound values of one row: the tweets table's columns id .. raw_json (sort_key is the
    /// row's key()), then the full-text index's text, urls and tags.
    static constexpr int TweetCells = 42;
    static constexpr int Cells = TweetCells + 3;

    struct Cell
    {
        enum Kind : quint8 { Null, Int, Real, Text, Blob };
        Kind kind = Null;
        quint32 size = 0; ///< bytes, for Text and Blob
        union {
            qint64 integer = 0;
            double real;
            qint64 offset; ///< into the batch's buffer, for Text and Blob
        };
    };

    qsizetype size() const { return qsizetype(m_keys.size()); }
    bool isEmpty() const { return m_keys.empty(); }
    void clear();

    /// The row's preferred order key (see the schema comment in archiveschema.cpp).
    qint64 key(qsizetype row) const { return m_keys[size_t(row)]; }
    qint64 id(qsizetype row) const { return m_cells[size_t(row) * Cells].integer; }
    const Cell *cells(qsizetype row) const { return &m_cells[size_t(row) * Cells]; }
    const char *bytes(const Cell &cell) const { return m_buffer.constData() + cell.offset; }

    /// The first tweet that cannot be stored (an id that is not a 64-bit number); such a batch
    /// is refused whole by ArchiveStore::insertRows, as ArchiveStore::insert always did.
    const QString &error() const { return m_error; }

private:
    friend class RowBuilder;
    std::vector<Cell> m_cells;
    std::vector<qint64> m_keys;
    QByteArray m_buffer;
    QString m_error;
};

/**
 * @brief Turns tweets into RowBatch rows. Remembers the authors it has seen (id <-> username)
 * so that replies are tagged with their target's name and retweets with the retweeted
 * author's id. One builder per producing thread.
 */
class RowBuilder
{
public:
    RowBuilder();
    /// Appends tweets to batch in ascending order key (stable); the authors of all of them are
    /// learned first.
    void append(const QList<Tweet> &tweets, RowBatch &batch);

private:
    /// id: t.id as a number, -1 when it is not one (the batch's error then says so); key: its
    /// order key.
    void appendOne(const Tweet &t, qint64 id, qint64 key, RowBatch &batch);
    void utf8(QByteArray &buffer, QStringView s);
    /// A Text or Blob cell over the batch's buffer from at to its end.
    void bytesFrom(RowBatch &batch, qsizetype at, RowBatch::Cell::Kind kind);
    void text(RowBatch &batch, QStringView s, bool nullWhenEmpty);
    void lines(RowBatch &batch, const QStringList &list);
    void integer(RowBatch &batch, qint64 v);
    void real(RowBatch &batch, std::optional<double> v);
    void tags(const Tweet &t, bool hasImages, bool hasGeo);

    QHash<QString, QString> m_userNames; ///< author id -> username, to tag replies with to:<name>
    QHash<QString, QString> m_userIds; ///< lower-case username -> author id, for retweets_of:<id>
    /// append()'s scratch: (order key, index in the input, id or -1), sorted by key then index.
    std::vector<std::tuple<qint64, qsizetype, qint64>> m_order;
    QStringEncoder m_utf8;
    QByteArray m_tags; ///< the row's tag tokens, built before they are copied into the batch
};

} // namespace ts::archive
