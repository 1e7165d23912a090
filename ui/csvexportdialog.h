// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>
#include <QStringList>

class QListWidget;
class QPushButton;
class QRadioButton;
class QSettings;

namespace ts::ui {

/**
 * Asks what a CSV export writes: every tweet of the collection or only the rows the table
 * shows (filtered, in view order), and which columns in which order (the export library's
 * column names; checked ones are written, drag or Up/Down to reorder). The choice is
 * remembered in QSettings for the next export.
 */
class CsvExportDialog : public QDialog
{
    Q_OBJECT
public:
    CsvExportDialog(int visibleRows, int totalRows, QWidget *parent = nullptr);

    bool visibleRowsOnly() const;
    void setVisibleRowsOnly(bool visibleOnly);
    /// The checked column names, in list order (never empty when accepted).
    QStringList columns() const;
    /// Checks exactly these names, in this order first; the others follow unchecked.
    void setColumns(const QStringList &checked);

    void load(const QSettings &settings);
    void save(QSettings &settings) const;

    /// Every column the dialog offers: the export library's own names (default set first).
    static QStringList availableColumns();

private:
    void moveCurrent(int delta);
    void updateOk();

    QRadioButton *m_all;
    QRadioButton *m_visible;
    QListWidget *m_columns;
    QPushButton *m_ok = nullptr;
};

} // namespace ts::ui
