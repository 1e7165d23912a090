// SPDX-License-Identifier: MIT
#include "tweettablemodel.h"

#include "tweet/atproto.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <limits>
#include <new>
#include <optional>

namespace ts::ui {

namespace {

quint32 clampCount(qint64 value)
{
    return quint32(std::clamp<qint64>(value, 0, std::numeric_limits<quint32>::max()));
}

// The table shows one line per tweet: newlines become spaces and very long texts are cut
// (the view elides further; the tooltip and the detail pane have the whole text).
QString oneLine(QByteArrayView utf8)
{
    constexpr qsizetype maxBytes = 400;
    QString text = QString::fromUtf8(utf8.first(std::min(utf8.size(), maxBytes)));
    if (utf8.size() > maxBytes)
        text.append(QChar(0x2026));
    for (QChar &c : text) {
        if (c == u'\n' || c == u'\r' || c == u'\t')
            c = u' ';
    }
    return text;
}

// Tweet ids are digit strings below 2^64; QString::toULongLong goes through the locale's
// number parsing, several times slower for the million ids of a big collection.
std::optional<quint64> parseId(const QString &id)
{
    const qsizetype n = id.size();
    if (n == 0 || n > 20)
        return std::nullopt;
    quint64 value = 0;
    for (QChar c : id) {
        const unsigned digit = c.unicode() - u'0';
        if (digit > 9 || value > (std::numeric_limits<quint64>::max() - digit) / 10)
            return std::nullopt;
        value = value * 10 + digit;
    }
    return value;
}

// Whether the text has characters beyond ASCII that case folding changes: only those texts
// need a case-folded copy for the text filter (ASCII letters are folded while searching).
bool needsFoldedCopy(QStringView text)
{
    const char16_t *p = text.utf16();
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        if (p[i] < 0x80)
            continue;
        char32_t c = p[i];
        if (QChar::isHighSurrogate(c) && i + 1 < n && QChar::isLowSurrogate(p[i + 1]))
            c = QChar::surrogateToUcs4(p[i], p[i + 1]), ++i;
        if (QChar::toCaseFolded(c) != c)
            return true;
    }
    return false;
}

} // namespace

TweetTableModel::TweetTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_rows.setPrefaulter(&m_prefaulter);
    m_texts.setPrefaulter(&m_prefaulter);
    m_rowOfId.setPrefaulter(&m_prefaulter);
    m_querySets.append(QList<int>());
    m_querySetIndex.insert(QList<int>(), 0);
}

int TweetTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows.size();
}

int TweetTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TweetTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TweetRow &row = m_rows[index.row()];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(row, column);
    case Qt::ToolTipRole:
        if (column == Text)
            return QStringLiteral("<p style='white-space:pre-wrap'>%1</p>")
                .arg(QString::fromUtf8(row.textBytes()).toHtmlEscaped());
        if (column == Created)
            return QLocale().toString(
                QDateTime::fromMSecsSinceEpoch(row.createdAtMs).toLocalTime(), QLocale::LongFormat);
        if (column == Queries || column == Hashtags)
            return displayValue(row, column);
        return {};
    case Qt::TextAlignmentRole:
        if (column >= Likes && column <= Quotes)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case TweetIdRole:
        return QString::number(row.id);
    case SortRole:
        return sortValue(row, column);
    case QueryIndexesRole:
        return QVariant::fromValue(m_querySets.at(row.querySet));
    case FullTextRole:
        return QString::fromUtf8(row.textBytes());
    default:
        return {};
    }
}

QVariant TweetTableModel::displayValue(const TweetRow &row, int column) const
{
    switch (Column(column)) {
    case Queries:
        return queriesText(row.querySet);
    case Created:
        return QDateTime::fromMSecsSinceEpoch(row.createdAtMs, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case Author: {
        const QString &name = m_authors.at(row.author);
        return name.isEmpty() ? QString() : QString(u'@' + name);
    }
    case Text:
        return oneLine(row.textBytes());
    case Type:
        return typeName(row.type);
    case Lang:
        return m_langs.at(row.lang);
    case Likes:
        return QLocale().toString(row.likes);
    case Retweets:
        return QLocale().toString(row.retweets);
    case Replies:
        return QLocale().toString(row.replies);
    case Quotes:
        return QLocale().toString(row.quotes);
    case Hashtags:
        return m_hashtagSets.at(row.hashtags);
    case Provider:
        return atproto::isPostKey(row.id) ? QStringLiteral("Bluesky") : QStringLiteral("X");
    case ColumnCount:
        break;
    }
    return {};
}

QVariant TweetTableModel::sortValue(const TweetRow &row, int column) const
{
    switch (Column(column)) {
    case Queries:
        return QVariant::fromValue(m_querySets.at(row.querySet));
    case Created:
        return row.createdAtMs;
    case Author:
        return m_authors.at(row.author);
    case Text:
        return QString::fromUtf8(row.textBytes());
    case Type:
        return int(row.type);
    case Lang:
        return m_langs.at(row.lang);
    case Likes:
        return qint64(row.likes);
    case Retweets:
        return qint64(row.retweets);
    case Replies:
        return qint64(row.replies);
    case Quotes:
        return qint64(row.quotes);
    case Hashtags:
        return m_hashtagSets.at(row.hashtags);
    case Provider:
        return atproto::isPostKey(row.id) ? 1 : 0;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant TweetTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (Column(section)) {
        case Queries:
            return tr("Queries");
        case Created:
            return tr("Created (UTC)");
        case Author:
            return tr("Author");
        case Text:
            return tr("Text");
        case Type:
            return tr("Type");
        case Lang:
            return tr("Lang");
        case Likes:
            return tr("Likes");
        case Retweets:
            return tr("Retweets");
        case Replies:
            return tr("Replies");
        case Quotes:
            return tr("Quotes");
        case Hashtags:
            return tr("Hashtags");
        case Provider:
            return tr("Provider");
        case ColumnCount:
            break;
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (Column(section)) {
        case Queries:
            return tr("Every query that matched the tweet");
        case Lang:
            return tr("Language code (BCP 47) the API detected");
        case Provider:
            return tr("Where the post comes from: X (an X API or the local archive's X shape) or Bluesky");
        default:
            break;
        }
    }
    return {};
}

void TweetTableModel::setQueryNames(const QStringList &names)
{
    if (names == m_queryNames)
        return;
    m_queryNames = names;
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, Queries), index(rowCount() - 1, Queries), { Qt::DisplayRole, Qt::ToolTipRole });
}

QString TweetTableModel::queriesText(quint32 querySet) const
{
    QStringList names;
    for (int i : m_querySets.at(querySet))
        names.append(i >= 0 && i < m_queryNames.size() ? m_queryNames.at(i) : QStringLiteral("#%1").arg(i + 1));
    return names.join(QStringLiteral(", "));
}

quint32 TweetTableModel::internQuerySet(const QList<int> &set)
{
    const auto it = m_querySetIndex.constFind(set);
    if (it != m_querySetIndex.constEnd())
        return it.value();
    const auto index = quint32(m_querySets.size());
    m_querySets.append(set);
    m_querySetIndex.insert(set, index);
    return index;
}

void TweetTableModel::appendTweets(int queryIndex, const QList<Tweet> &tweets)
{
    if (tweets.isEmpty())
        return;
    const quint32 singleSet = internQuerySet(QList<int> { queryIndex });
    const qsizetype languagesBefore = m_langs.size();
    const int first = m_rows.size();
    int changedFirst = std::numeric_limits<int>::max();
    int changedLast = -1;

    // Write the new rows past the end first, then insert them in one go: views and proxies
    // see one rowsInserted per page, however big the page.
    m_rows.reserve(int(tweets.size()));
    // First pass: ids, author hashes, and prefetches of the id index and author pool slots
    // they are looked up in. Both tables are megabytes; one page's misses then overlap
    // instead of stalling the second pass one tweet at a time (see docs/benchmarks-log.md).
    m_pageKeys.resize(size_t(tweets.size()));
    for (qsizetype i = 0; i < tweets.size(); ++i) {
        const Tweet &tweet = tweets.at(i);
        PageKey &key = m_pageKeys[size_t(i)];
        const std::optional<quint64> parsed = parseId(tweet.id);
        key.valid = parsed.has_value();
        key.id = parsed.value_or(0);
        key.authorHash = StringPool::hashOf(tweet.authorUsername);
        m_rowOfId.prefetch(key.id);
        m_authors.prefetch(key.authorHash);
    }
    int added = 0;
    for (qsizetype i = 0; i < tweets.size(); ++i) {
        const Tweet &tweet = tweets.at(i);
        const PageKey &key = m_pageKeys[size_t(i)];
        if (!key.valid)
            continue; // not a tweet id: nothing to key the row on (the parser never produces one)
        const quint64 id = key.id;
        if (const int r = m_rowOfId.findOrInsert(id, first + added); r >= 0) {
            TweetRow &row = m_rows[r];
            QList<int> set = m_querySets.at(row.querySet);
            if (set.contains(queryIndex))
                continue;
            set.insert(std::lower_bound(set.begin(), set.end(), queryIndex), queryIndex);
            row.querySet = internQuerySet(set);
            if (r < first) {
                changedFirst = std::min(changedFirst, r);
                changedLast = std::max(changedLast, r);
            }
            continue;
        }
        TweetRow &row = *new (&m_rows[first + added]) TweetRow;
        row.id = id;
        row.createdAtMs = tweet.createdAtMs;
        row.hasFoldedCopy = needsFoldedCopy(tweet.text);
        const TextArena::Ref text
            = row.hasFoldedCopy ? m_texts.append(tweet.text, tweet.text.toCaseFolded()) : m_texts.append(tweet.text);
        row.text = text.data;
        row.textSize = text.size;
        row.author = m_authors.intern(tweet.authorUsername, key.authorHash);
        if (!tweet.hashtags.isEmpty()) {
            QString joined;
            for (const QString &tag : tweet.hashtags) {
                if (!joined.isEmpty())
                    joined += u' ';
                joined += u'#' + tag;
            }
            row.hashtags = m_hashtagSets.intern(joined);
        }
        row.querySet = singleSet;
        row.likes = clampCount(tweet.likeCount);
        row.retweets = clampCount(tweet.retweetCount);
        row.replies = clampCount(tweet.replyCount);
        row.quotes = clampCount(tweet.quoteCount);
        row.lang = quint16(std::min<quint32>(m_langs.intern(tweet.lang), 0xffff));
        row.type = tweet.type;
        ++added;
    }

    if (added > 0) {
        beginInsertRows({}, first, first + added - 1);
        m_rows.commit(added);
        endInsertRows();
    }
    if (changedLast >= 0)
        Q_EMIT dataChanged(index(changedFirst, Queries), index(changedLast, Queries), { Qt::DisplayRole, SortRole });
    if (m_langs.size() != languagesBefore)
        Q_EMIT languagesChanged();
}

void TweetTableModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_texts.clear();
    m_rowOfId.clear();
    m_authors.clear();
    m_langs.clear();
    m_hashtagSets.clear();
    m_querySets.clear();
    m_querySetIndex.clear();
    m_querySets.append(QList<int>());
    m_querySetIndex.insert(QList<int>(), 0);
    endResetModel();
    Q_EMIT languagesChanged();
}

int TweetTableModel::rowOfId(const QString &id) const
{
    const std::optional<quint64> key = parseId(id);
    return key ? m_rowOfId.value(*key) : -1;
}

QStringList TweetTableModel::languageCodes() const
{
    QStringList codes = m_langs.values();
    codes.removeAll(QString());
    codes.sort();
    return codes;
}

} // namespace ts::ui
