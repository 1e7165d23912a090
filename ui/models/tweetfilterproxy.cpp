// SPDX-License-Identifier: MIT
#include "tweetfilterproxy.h"

#include "tweet/atproto.h"
#include "tweettablemodel.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <numeric>

namespace ts::ui {

namespace {

// Bytes [offset, offset + 8) of a text, big-endian, zero-padded: comparing these keys orders
// texts like strcmp does, 8 bytes at a time.
quint64 chunkKey(const TweetRow &row, quint32 offset)
{
    quint64 key = 0;
    for (quint32 i = offset; i < offset + 8; ++i)
        key = (key << 8) | (i < row.textSize ? quint64(static_cast<unsigned char>(row.text[i])) : 0);
    return key;
}

bool hasZeroByte(quint64 v)
{
    return ((v - 0x0101010101010101ull) & ~v & 0x8080808080808080ull) != 0;
}

} // namespace

TweetFilterProxy::TweetFilterProxy(TweetTableModel *model, QObject *parent)
    : QAbstractProxyModel(parent)
    , m_model(model)
{
    QAbstractProxyModel::setSourceModel(model);
    connect(model, &QAbstractItemModel::rowsInserted, this, &TweetFilterProxy::onRowsInserted);
    connect(model, &QAbstractItemModel::dataChanged, this, &TweetFilterProxy::onDataChanged);
    // The model only appends and resets; anything else is handled as a reset.
    auto begin = [this] { beginResetModel(); };
    auto end = [this] { endResetFromSource(); };
    connect(model, &QAbstractItemModel::modelAboutToBeReset, this, begin);
    connect(model, &QAbstractItemModel::modelReset, this, end);
    connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, this, begin);
    connect(model, &QAbstractItemModel::rowsRemoved, this, end);
    connect(model, &QAbstractItemModel::rowsAboutToBeMoved, this, begin);
    connect(model, &QAbstractItemModel::rowsMoved, this, end);
    connect(model, &QAbstractItemModel::layoutChanged, this, &TweetFilterProxy::relayout);
    connect(model, &QAbstractItemModel::headerDataChanged, this, &QAbstractItemModel::headerDataChanged);
    for (int r = 0; r < model->rowCount(); ++r)
        m_proxyToSource.push_back(r);
}

std::vector<int> TweetFilterProxy::acceptedRowsInViewOrder() const
{
    std::vector<int> rows;
    rows.reserve(size_t(m_model->rowCount()));
    for (int r = 0; r < m_model->rowCount(); ++r) {
        if (accepts(r))
            rows.push_back(r);
    }
    sortRows(rows);
    return rows;
}

void TweetFilterProxy::endResetFromSource()
{
    m_authorMatches.clear();
    m_hashtagMatches.clear();
    m_proxyToSource = acceptedRowsInViewOrder();
    m_sourceToProxyDirty = true;
    endResetModel();
}

QModelIndex TweetFilterProxy::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || row >= rowCount() || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex TweetFilterProxy::parent(const QModelIndex &) const
{
    return {};
}

QModelIndex TweetFilterProxy::sibling(int row, int column, const QModelIndex &) const
{
    return index(row, column);
}

int TweetFilterProxy::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_proxyToSource.size());
}

int TweetFilterProxy::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_model->columnCount();
}

bool TweetFilterProxy::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && rowCount() > 0;
}

QVariant TweetFilterProxy::headerData(int section, Qt::Orientation orientation, int role) const
{
    // QAbstractProxyModel maps header sections through row 0, which is absent when a filter
    // hides every row: the header would go blank.
    if (orientation == Qt::Horizontal)
        return m_model->headerData(section, orientation, role);
    if (role == Qt::DisplayRole && section >= 0 && section < rowCount())
        return section + 1;
    return {};
}

QModelIndex TweetFilterProxy::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || proxyIndex.model() != this || size_t(proxyIndex.row()) >= m_proxyToSource.size())
        return {};
    return m_model->index(m_proxyToSource[size_t(proxyIndex.row())], proxyIndex.column());
}

QModelIndex TweetFilterProxy::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.model() != m_model)
        return {};
    rebuildSourceToProxy();
    const int row
        = size_t(sourceIndex.row()) < m_sourceToProxy.size() ? m_sourceToProxy[size_t(sourceIndex.row())] : -1;
    return row < 0 ? QModelIndex() : createIndex(row, sourceIndex.column());
}

void TweetFilterProxy::rebuildSourceToProxy() const
{
    if (!m_sourceToProxyDirty)
        return;
    m_sourceToProxy.assign(size_t(m_model->rowCount()), -1);
    for (size_t p = 0; p < m_proxyToSource.size(); ++p)
        m_sourceToProxy[size_t(m_proxyToSource[p])] = int(p);
    m_sourceToProxyDirty = false;
}

void TweetFilterProxy::setTextFilter(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_matcher.needle())
        return;
    m_matcher = TextMatcher(trimmed);
    m_authorMatches.clear();
    m_hashtagMatches.clear();
    relayout();
}

void TweetFilterProxy::setQueryFilter(int queryIndex)
{
    if (queryIndex == m_query)
        return;
    m_query = queryIndex;
    relayout();
}

void TweetFilterProxy::setTypeFilter(std::optional<TweetType> type)
{
    if (type == m_type)
        return;
    m_type = type;
    relayout();
}

void TweetFilterProxy::setProviderFilter(std::optional<bool> bluesky)
{
    if (bluesky == m_bluesky)
        return;
    m_bluesky = bluesky;
    relayout();
}

void TweetFilterProxy::setLanguageFilter(const QString &lang)
{
    if (lang == m_lang)
        return;
    m_lang = lang;
    relayout();
}

void TweetFilterProxy::sort(int column, Qt::SortOrder order)
{
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    m_sortColumn = column >= 0 && column < TweetTableModel::ColumnCount ? column : -1;
    m_sortOrder = order;
    relayout();
}

bool TweetFilterProxy::poolMatches(std::vector<qint8> &cache, const QString &value, quint32 index) const
{
    if (cache.size() <= index)
        cache.resize(size_t(index) + 1, -1);
    qint8 &known = cache[index];
    if (known < 0)
        known = m_matcher.matches(value) ? 1 : 0;
    return known == 1;
}

bool TweetFilterProxy::textMatches(int sourceRow) const
{
    const TweetRow &row = m_model->rowAt(sourceRow);
    if (m_matcher.matches(row.searchBytes()))
        return true;
    // Authors as the table shows them, so "@name" finds a username (and "name" still does).
    if (row.author != 0 && poolMatches(m_authorMatches, u'@' + m_model->authors().at(row.author), row.author))
        return true;
    return row.hashtags != 0 && poolMatches(m_hashtagMatches, m_model->hashtagSets().at(row.hashtags), row.hashtags);
}

bool TweetFilterProxy::accepts(int sourceRow) const
{
    const TweetRow &row = m_model->rowAt(sourceRow);
    if (m_type && row.type != *m_type)
        return false;
    if (m_bluesky && atproto::isPostKey(row.id) != *m_bluesky)
        return false;
    if (m_query >= 0 && !m_model->querySet(row.querySet).contains(m_query))
        return false;
    if (!m_lang.isEmpty() && m_model->languages().at(row.lang) != m_lang)
        return false;
    return m_matcher.isEmpty() || textMatches(sourceRow);
}

quint64 TweetFilterProxy::sortKey(int sourceRow) const
{
    const TweetRow &row = m_model->rowAt(sourceRow);
    switch (m_sortColumn) {
    case TweetTableModel::Queries:
        return row.querySet < m_querySetRanks.size() ? m_querySetRanks[row.querySet] : row.querySet;
    case TweetTableModel::Created:
        return quint64(row.createdAtMs) ^ (quint64(1) << 63);
    case TweetTableModel::Author:
        return m_model->authors().rank(row.author);
    case TweetTableModel::Text:
        return chunkKey(row, 0);
    case TweetTableModel::Type:
        return quint64(row.type);
    case TweetTableModel::Lang:
        return m_model->languages().rank(row.lang);
    case TweetTableModel::Likes:
        return row.likes;
    case TweetTableModel::Retweets:
        return row.retweets;
    case TweetTableModel::Replies:
        return row.replies;
    case TweetTableModel::Quotes:
        return row.quotes;
    case TweetTableModel::Hashtags:
        return m_model->hashtagSets().rank(row.hashtags);
    case TweetTableModel::Provider:
        return atproto::isPostKey(row.id) ? 1 : 0;
    default:
        return 0;
    }
}

bool TweetFilterProxy::before(const Keyed &a, const Keyed &b) const
{
    if (a.key != b.key)
        return a.key < b.key;
    if (m_sortColumn == TweetTableModel::Text) {
        const int c = std::strcmp(m_model->rowAt(a.row).text, m_model->rowAt(b.row).text);
        if (c != 0)
            return c < 0;
    }
    return a.row < b.row; // ties keep arrival order: stable and deterministic
}

void TweetFilterProxy::updateQuerySetRanks() const
{
    // Query sets are few (one per combination of queries): rank them lexicographically by
    // query position, so "eclipse" < "eclipse, cats" < "cats" follows the editor's order.
    const auto n = size_t(m_model->querySetCount());
    if (m_querySetRanks.size() == n)
        return;
    std::vector<quint32> order(n);
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [this](quint32 a, quint32 b) {
        const QList<int> &x = m_model->querySet(a);
        const QList<int> &y = m_model->querySet(b);
        return std::lexicographical_compare(x.begin(), x.end(), y.begin(), y.end());
    });
    m_querySetRanks.assign(n, 0);
    for (size_t i = 0; i < n; ++i)
        m_querySetRanks[order[i]] = quint32(i);
}

void TweetFilterProxy::sortRows(std::vector<int> &rows) const
{
    if (m_sortColumn < 0) {
        std::sort(rows.begin(), rows.end());
        return;
    }
    if (m_sortColumn == TweetTableModel::Queries)
        updateQuerySetRanks();
    std::vector<Keyed> keyed;
    keyed.reserve(rows.size());
    for (int r : rows)
        keyed.push_back({ sortKey(r), r });
    if (m_sortColumn == TweetTableModel::Text) {
        sortTexts(keyed.begin(), keyed.end(), 0);
    } else {
        std::sort(keyed.begin(), keyed.end(), [this](const Keyed &a, const Keyed &b) { return before(a, b); });
    }
    if (m_sortOrder == Qt::DescendingOrder)
        std::reverse(keyed.begin(), keyed.end());
    for (size_t i = 0; i < keyed.size(); ++i)
        rows[i] = keyed[i].row;
}

void TweetFilterProxy::sortTexts(
    std::vector<Keyed>::iterator begin, std::vector<Keyed>::iterator end, quint32 offset) const
{
    // Multikey sort: order by 8 bytes, then order each run of equal bytes by the next 8. Each
    // pass reads the texts once in a row, instead of strcmp on random texts in every comparison.
    auto byKey = [](const Keyed &a, const Keyed &b) { return a.key != b.key ? a.key < b.key : a.row < b.row; };
    std::sort(begin, end, byKey);
    for (auto run = begin; run != end;) {
        auto runEnd = std::find_if(run, end, [key = run->key](const Keyed &k) { return k.key != key; });
        if (runEnd - run > 1 && !hasZeroByte(run->key)) {
            for (auto it = run; it != runEnd; ++it)
                it->key = chunkKey(m_model->rowAt(it->row), offset + 8);
            sortTexts(run, runEnd, offset + 8);
        }
        run = runEnd;
    }
}

bool TweetFilterProxy::viewBefore(int a, int b) const
{
    if (m_sortColumn < 0)
        return a < b;
    const Keyed ka { sortKey(a), a };
    const Keyed kb { sortKey(b), b };
    return m_sortOrder == Qt::AscendingOrder ? before(ka, kb) : before(kb, ka);
}

void TweetFilterProxy::relayout()
{
    Q_EMIT layoutAboutToBeChanged(
        {}, m_sortColumn >= 0 ? QAbstractItemModel::VerticalSortHint : QAbstractItemModel::NoLayoutChangeHint);
    const QModelIndexList persistent = persistentIndexList();
    std::vector<std::pair<int, int>> sourceCells; // (source row, column) of each persistent index
    sourceCells.reserve(size_t(persistent.size()));
    for (const QModelIndex &p : persistent)
        sourceCells.emplace_back(
            size_t(p.row()) < m_proxyToSource.size() ? m_proxyToSource[size_t(p.row())] : -1, p.column());

    m_proxyToSource = acceptedRowsInViewOrder();
    m_sourceToProxyDirty = true;
    rebuildSourceToProxy();

    QModelIndexList to;
    to.reserve(persistent.size());
    for (const auto &[sourceRow, column] : sourceCells) {
        const int row = sourceRow >= 0 ? m_sourceToProxy[size_t(sourceRow)] : -1;
        to.append(row >= 0 ? createIndex(row, column) : QModelIndex());
    }
    changePersistentIndexList(persistent, to);
    Q_EMIT layoutChanged(
        {}, m_sortColumn >= 0 ? QAbstractItemModel::VerticalSortHint : QAbstractItemModel::NoLayoutChangeHint);
}

void TweetFilterProxy::insertSourceRows(std::vector<int> rows)
{
    if (rows.empty())
        return;
    if (m_sortColumn == TweetTableModel::Queries)
        updateQuerySetRanks();
    std::sort(rows.begin(), rows.end(), [this](int a, int b) { return viewBefore(a, b); });
    std::vector<size_t> positions(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
        const int x = rows[i];
        positions[i]
            = size_t(std::partition_point(m_proxyToSource.begin(), m_proxyToSource.end(), [this, x](int existing) {
                  return viewBefore(existing, x);
              }) - m_proxyToSource.begin());
    }
    // Rows going to the same place are inserted together; from the last place to the first,
    // so the places still to do do not move.
    size_t end = rows.size();
    while (end > 0) {
        size_t begin = end - 1;
        while (begin > 0 && positions[begin - 1] == positions[end - 1])
            --begin;
        const int at = int(positions[begin]);
        beginInsertRows({}, at, at + int(end - begin) - 1);
        m_proxyToSource.insert(
            m_proxyToSource.begin() + at, rows.begin() + qsizetype(begin), rows.begin() + qsizetype(end));
        m_sourceToProxyDirty = true;
        endInsertRows();
        end = begin;
    }
}

void TweetFilterProxy::removeProxyRows(std::vector<int> proxyRows)
{
    std::sort(proxyRows.begin(), proxyRows.end());
    size_t end = proxyRows.size();
    while (end > 0) {
        size_t begin = end - 1;
        while (begin > 0 && proxyRows[begin - 1] + 1 == proxyRows[begin])
            --begin;
        beginRemoveRows({}, proxyRows[begin], proxyRows[end - 1]);
        m_proxyToSource.erase(
            m_proxyToSource.begin() + proxyRows[begin], m_proxyToSource.begin() + proxyRows[end - 1] + 1);
        m_sourceToProxyDirty = true;
        endRemoveRows();
        end = begin;
    }
}

void TweetFilterProxy::onRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    m_sourceToProxyDirty = true;
    std::vector<int> rows;
    for (int r = first; r <= last; ++r) {
        if (accepts(r))
            rows.push_back(r);
    }
    insertSourceRows(std::move(rows));
}

void TweetFilterProxy::onDataChanged(
    const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    if (!topLeft.isValid() || !bottomRight.isValid())
        return;
    // Only a change of raw values (SortRole) can change what passes the filters or the order.
    const bool rawChanged = roles.isEmpty() || roles.contains(TweetTableModel::SortRole);
    const bool orderChanged = rawChanged && m_sortColumn >= topLeft.column() && m_sortColumn <= bottomRight.column();
    rebuildSourceToProxy();
    std::vector<int> remove;
    std::vector<int> insert;
    int changedFirst = -1;
    int changedLast = -1;
    for (int r = topLeft.row(); r <= bottomRight.row(); ++r) {
        const int proxyRow = m_sourceToProxy[size_t(r)];
        const bool accepted = rawChanged ? accepts(r) : proxyRow >= 0;
        if (proxyRow >= 0 && (!accepted || orderChanged))
            remove.push_back(proxyRow);
        if (accepted && (proxyRow < 0 || orderChanged))
            insert.push_back(r);
        if (proxyRow >= 0 && accepted && !orderChanged) {
            changedFirst = changedFirst < 0 ? proxyRow : std::min(changedFirst, proxyRow);
            changedLast = std::max(changedLast, proxyRow);
        }
    }
    if (changedFirst >= 0)
        Q_EMIT dataChanged(index(changedFirst, topLeft.column()), index(changedLast, bottomRight.column()), roles);
    removeProxyRows(std::move(remove));
    insertSourceRows(std::move(insert));
}

} // namespace ts::ui
