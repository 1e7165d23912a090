// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>
#include <QStringList>

class QCheckBox;
class QGroupBox;
class QListWidget;
class QPushButton;
class QRadioButton;
class QSettings;

namespace ts::ui {

/**
 * Asks what an export writes: every tweet of the collection or only the rows the table shows
 * (filtered, in view order), and for CSV which columns in which order (checked ones are
 * written, drag or Up/Down to reorder) under which names: Tweetscope's, or twarc-csv's for
 * the fields it has (`public_metrics.like_count`, lists as JSON arrays), with a preset of
 * twarc-csv's default columns that a Tweet can fill, in twarc-csv's order. The choice is
 * remembered in QSettings for the next export (CSV and JSONL separately).
 */
class CsvExportDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Format { Csv, Jsonl };
    CsvExportDialog(int visibleRows, int totalRows, QWidget *parent = nullptr, Format format = Format::Csv);

    bool visibleRowsOnly() const;
    void setVisibleRowsOnly(bool visibleOnly);
    /// The checked column names, in list order, in the chosen naming (never empty when
    /// accepted as CSV).
    QStringList columns() const;
    /// Checks exactly these names (Tweetscope's or twarc-csv's), in this order first; the
    /// others follow unchecked.
    void setColumns(const QStringList &checked);
    /// Names columns as twarc-csv does where it has the field (and spells values its way).
    bool twarcNames() const;
    void setTwarcNames(bool twarc);

    void load(const QSettings &settings);
    void save(QSettings &settings) const;

    /// Every column the dialog offers, each field once: the export library's own names
    /// (default set first), then twarc-csv fields without one (geo.coordinates.type).
    static QStringList availableColumns();
    /// The twarc-csv name of an own column name, or the name itself when twarc-csv has none.
    static QString twarcName(const QString &name);
    /// twarc-csv's default columns (its DEFAULT_TWEET_COLUMNS) that a Tweet can fill, in its order.
    static QStringList twarcPreset();

private:
    void moveCurrent(int delta);
    void updateOk();
    void updateNames();
    QString visibleKey() const;

    Format m_format;
    QRadioButton *m_all;
    QRadioButton *m_visible;
    QGroupBox *m_columnsBox = nullptr;
    QListWidget *m_columns;
    QCheckBox *m_twarcNames = nullptr;
    QPushButton *m_ok = nullptr;
};

} // namespace ts::ui
