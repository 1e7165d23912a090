// SPDX-License-Identifier: MIT
#pragma once

#include "store/blockprefaulter.h"
#include "store/idindex.h"
#include "store/stringpool.h"
#include "store/textarena.h"
#include "store/tweetrow.h"
#include "store/tweetrowstore.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QStringList>

#include <vector>

namespace ts::ui {

/**
 * The tweets of a run (or a reopened collection) as a table: one row per tweet id, listing
 * every query that matched it. Rows arrive a page at a time (one beginInsertRows per page).
 * Rows are compact values (TweetRow); the detail pane fetches raw JSON by id elsewhere.
 */
class TweetTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    /// Provider: "Bluesky" for posts (their ids are post keys, core/tweet/atproto.h), else "X".
    enum Column {
        Queries,
        Created,
        Author,
        Text,
        Type,
        Lang,
        Likes,
        Retweets,
        Replies,
        Quotes,
        Hashtags,
        Provider,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        TweetIdRole = Qt::UserRole, ///< QString: the tweet id (digits)
        SortRole, ///< the raw value of the cell: qint64 for times and counts, QString for text
        QueryIndexesRole, ///< QList<int>: the queries (by position) that matched the tweet
        FullTextRole, ///< QString: the whole text, newlines kept
    };
    Q_ENUM(Role)

    explicit TweetTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// The queries of the run, by position (what queryIndex in appendTweets refers to).
    void setQueryNames(const QStringList &names);
    QStringList queryNames() const { return m_queryNames; }

    /// Adds one page of tweets that query queryIndex matched: new ids become rows (one insert
    /// for the whole page), known ids get the query added to their Queries cell.
    void appendTweets(int queryIndex, const QList<Tweet> &tweets);
    /// Removes every row (a new run starts).
    void clear();

    /// Fast access for the proxy and the detail pane (no QVariant).
    const TweetRow &rowAt(int row) const { return m_rows[row]; }
    const StringPool &authors() const { return m_authors; }
    const StringPool &languages() const { return m_langs; }
    const StringPool &hashtagSets() const { return m_hashtagSets; }
    const QList<int> &querySet(quint32 index) const { return m_querySets[index]; }
    qsizetype querySetCount() const { return m_querySets.size(); }
    /// Row of a tweet id, or -1.
    int rowOfId(const QString &id) const;
    QString idAt(int row) const { return QString::number(rowAt(row).id); }
    QString textAt(int row) const { return QString::fromUtf8(rowAt(row).textBytes()); }
    QString queriesText(quint32 querySet) const;
    /// Language codes present, sorted (for the filter bar).
    QStringList languageCodes() const;
    /// CPU time spent so far faulting in the model's memory off the GUI thread (nanoseconds):
    /// part of what appending costs, though not on the thread the user waits for.
    qint64 backgroundCpuNs() const { return m_prefaulter.backgroundCpuNs(); }

Q_SIGNALS:
    /// The set of languages grew (the filter bar lists them).
    void languagesChanged();

private:
    quint32 internQuerySet(const QList<int> &set);
    QVariant displayValue(const TweetRow &row, int column) const;
    QVariant sortValue(const TweetRow &row, int column) const;

    BlockPrefaulter m_prefaulter; // first: the stores below take blocks from it
    TweetRowStore m_rows;
    TextArena m_texts;
    IdIndex m_rowOfId;
    StringPool m_authors;
    StringPool m_langs;
    StringPool m_hashtagSets;
    QList<QList<int>> m_querySets;
    QHash<QList<int>, quint32> m_querySetIndex;
    QStringList m_queryNames;
    struct PageKey
    {
        quint64 id = 0;
        quint32 authorHash = 0;
        bool valid = false;
    };
    std::vector<PageKey> m_pageKeys; // appendTweets' first pass, kept to reuse its allocation
};

} // namespace ts::ui
