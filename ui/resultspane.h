// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QStringList>
#include <QWidget>

class QBoxLayout;
class QComboBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QSplitter;
class QTableView;
class QTimer;

namespace ts::search {
class Collection;
} // namespace ts::search

namespace ts::ui {

enum class ExportKind;
class StatusLine;
class TweetDetailPane;
class TweetFilterProxy;
class TweetTableModel;

/**
 * The results: the filter bar and the tweet table on the left of a splitter, the selected
 * tweet on its right. It owns the table model and its filter; runs and opened collections
 * fill the model, the pane shows it. Counts of shown and all tweets go to the status line.
 */
class ResultsPane : public QWidget
{
    Q_OBJECT
public:
    /// lookup: reads the selected tweet in full from the open collection file.
    ResultsPane(ts::search::Collection *lookup, StatusLine *status, QWidget *parent = nullptr);

    TweetTableModel *model() const { return m_model; }
    TweetFilterProxy *proxy() const { return m_proxy; }
    QTableView *table() const { return m_table; }
    TweetDetailPane *detail() const { return m_detail; }
    /// Table | detail; its state is saved with the window's other splitters.
    QSplitter *splitter() const { return m_splitter; }

    /// Empties the table for new results of these queries (the query filter lists them).
    void reset(const QStringList &queryNames);
    /// Filters the table to one query's tweets (clicking a chart's bar).
    void showQuery(int queryIndex);
    void focusFilter();
    void clearFilters();
    void fitColumns();
    QByteArray headerState() const;
    void restoreHeaderState(const QByteArray &state);
    /// "N tweets" or "N of M tweets" when a filter hides some.
    QString countsText() const;
    /// Asks which rows (and columns) and where, then exports from the collection at source.
    void exportTo(ExportKind kind, const QString &source);
    /// Before a screenshot: the first row selected so the detail pane shows a tweet.
    void selectFirstRowIfNone();
    /// What the empty table says to do ("Press Compare (Ctrl+R) to run the 6 queries ...").
    void setEmptyHint(const QString &text);
    QString emptyHint() const;
    /// Where an export is suggested: the folder of the last export, else Documents.
    static QString exportFolder();

private:
    void showSelectedTweet();
    void updateEmptyHint();
    bool eventFilter(QObject *watched, QEvent *event) override;
    void fitTextColumn();
    /// The filter field beside the menus, or above them when the table is too narrow for both
    /// (a 1024 px screen): the field keeps room for its placeholder's first words.
    void updateFilterLayout();
    void setQueryFilterItems(const QStringList &queryNames);

    ts::search::Collection *m_lookup;
    StatusLine *m_status;
    TweetTableModel *m_model;
    TweetFilterProxy *m_proxy;
    QLineEdit *m_filterText;
    QComboBox *m_filterQuery;
    QComboBox *m_filterType;
    QComboBox *m_filterProvider; ///< all, X, Bluesky
    QComboBox *m_filterLang;
    QBoxLayout *m_filterBar = nullptr;
    QHBoxLayout *m_filterMenus = nullptr;
    QTableView *m_table;
    TweetDetailPane *m_detail;
    QLabel *m_emptyHint;
    bool m_textSized = false; // the person resized Text: it keeps their width
    bool m_fittingText = false;
    QSplitter *m_splitter;
    QTimer *m_countsTimer;
    QTimer *m_filterTimer;
};

} // namespace ts::ui
