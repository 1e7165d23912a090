// SPDX-License-Identifier: MIT
#pragma once

#include "search/timing.h"

#include <QStringList>
#include <QWidget>

namespace ts::archive {
enum class QueryDialect : quint8; // archive/querylanguage.h
}

class QLabel;
class QTableWidget;
class QToolButton;

namespace ts::ui {

/**
 * The list of search queries, one per row: add, remove, edit, reorder, paste many lines,
 * load and save a query file (one query per line, '#' comments). Each query is validated as
 * it is typed against the provider's query language and length limit; the error is shown
 * under the list with a caret at its position. While a run goes, each row shows its state.
 */
class QueryEditor : public QWidget
{
    Q_OBJECT
public:
    /// Rows of the list always on screen, however little room the window leaves it.
    static constexpr int MinVisibleRows = 5;

    explicit QueryEditor(QWidget *parent = nullptr);

    /// Non-empty queries, in order (what a run sends).
    QStringList queries() const;
    void setQueries(const QStringList &queries);
    /// The provider's query length limit (512 for X v2 recent, 1024 full archive, ...).
    void setMaxQueryLength(int maxLength);
    /// What queries are checked for: the X language, or what Bluesky's search can answer.
    void setDialect(ts::archive::QueryDialect dialect);
    int maxQueryLength() const { return m_maxLength; }
    /// Number of queries that the query language rejects.
    int invalidCount() const;
    /// Per-query state while a run goes ("page 2", "rate-limited until 12:00:03", ...).
    void setQueryState(int queryIndex, const ts::search::QueryResult &state, const QString &detail);
    /// Empties the state column before a run; countsOnly words finished queries as counted
    /// (a Volume run fetches counts, not tweets).
    void clearStates(bool countsOnly = false);
    /// Locks editing during a run.
    void setRunning(bool running);

    /// Parses a query file: one query per line, blank lines and lines starting with '#' skipped.
    static QStringList parseQueryFile(const QString &text);

public Q_SLOTS:
    void addQuery();
    void removeSelected();
    void moveSelected(int delta);
    void pasteLines();
    void loadFile();
    void saveFile();

Q_SIGNALS:
    void queriesChanged();
    /// The user picked a query row (the filter bar can follow).
    void queryActivated(int queryIndex);

private:
    /// Why the query language rejects text (empty when it does not) and the 1-based position.
    static std::pair<QString, int> validate(const QString &text, int maxLength, ts::archive::QueryDialect dialect);
    void validateRow(int row, const QString &text);
    void showValidation(int row);
    void showError(int row, const QString &shown, const QString &error, int position);
    void appendRows(const QStringList &queries);
    int rowOfQueryIndex(int queryIndex) const;

    QTableWidget *m_table;
    QLabel *m_error;
    QList<QToolButton *> m_editButtons;
    int m_maxLength = 1024;
    ts::archive::QueryDialect m_dialect {}; ///< X
    bool m_running = false;
    bool m_countsOnly = false;
};

} // namespace ts::ui
