// SPDX-License-Identifier: MIT
#include "csvexportdialog.h"

#include "export/csvcolumns.h"

#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QVBoxLayout>

namespace ts::ui {

namespace {
const QString kVisibleKey = QStringLiteral("export/csvVisibleRowsOnly");
const QString kColumnsKey = QStringLiteral("export/csvColumns");

QStringList defaultColumnNames()
{
    QStringList names;
    for (const auto &c : ts::exporter::defaultCsvColumns())
        names.append(c.name);
    return names;
}
} // namespace

QStringList CsvExportDialog::availableColumns()
{
    // csvColumnNames() lists Tweetscope's names, then twarc-csv's dotted aliases of the same
    // fields: offering the aliases too would list every field twice.
    QStringList names;
    for (const QString &name : ts::exporter::csvColumnNames()) {
        if (!name.contains(u'.'))
            names.append(name);
    }
    return names;
}

CsvExportDialog::CsvExportDialog(int visibleRows, int totalRows, QWidget *parent)
    : QDialog(parent)
    , m_all(new QRadioButton(this))
    , m_visible(new QRadioButton(this))
    , m_columns(new QListWidget(this))
{
    setWindowTitle(tr("Export CSV"));
    const QLocale locale;
    m_all->setText(tr("&All %1 tweets of the collection").arg(locale.toString(totalRows)));
    m_visible->setText(visibleRows == totalRows
            ? tr("The &table's %1 rows, in the order shown").arg(locale.toString(visibleRows))
            : tr("Only the %1 &visible rows (filters applied), in the order shown").arg(locale.toString(visibleRows)));
    m_all->setObjectName(QStringLiteral("exportAllRows"));
    m_visible->setObjectName(QStringLiteral("exportVisibleRows"));
    m_all->setChecked(true);
    m_visible->setEnabled(visibleRows > 0);

    m_columns->setObjectName(QStringLiteral("exportColumns"));
    m_columns->setDragDropMode(QAbstractItemView::InternalMove);
    m_columns->setDefaultDropAction(Qt::MoveAction);
    m_columns->setSelectionMode(QAbstractItemView::SingleSelection);
    m_columns->setAlternatingRowColors(true);
    m_columns->setToolTip(tr("Checked columns are written, in this order. Drag to reorder."));
    setColumns(defaultColumnNames());

    auto *up = new QPushButton(tr("&Up"), this);
    auto *down = new QPushButton(tr("&Down"), this);
    auto *defaults = new QPushButton(tr("D&efaults"), this);
    up->setObjectName(QStringLiteral("columnUp"));
    down->setObjectName(QStringLiteral("columnDown"));
    defaults->setObjectName(QStringLiteral("columnDefaults"));
    defaults->setToolTip(tr("The default columns, in their default order"));
    // Return exports, even right after a click on one of these.
    for (QPushButton *b : { up, down, defaults })
        b->setAutoDefault(false);
    connect(up, &QPushButton::clicked, this, [this] { moveCurrent(-1); });
    connect(down, &QPushButton::clicked, this, [this] { moveCurrent(1); });
    connect(defaults, &QPushButton::clicked, this, [this] { setColumns(defaultColumnNames()); });
    connect(m_columns, &QListWidget::itemChanged, this, &CsvExportDialog::updateOk);

    auto *rows = new QGroupBox(tr("Rows"), this);
    auto *rowsLayout = new QVBoxLayout(rows);
    rowsLayout->addWidget(m_all);
    rowsLayout->addWidget(m_visible);

    auto *columns = new QGroupBox(tr("Columns"), this);
    auto *columnButtons = new QVBoxLayout;
    columnButtons->addWidget(up);
    columnButtons->addWidget(down);
    columnButtons->addStretch();
    columnButtons->addWidget(defaults);
    auto *columnsLayout = new QHBoxLayout(columns);
    columnsLayout->addWidget(m_columns, 1);
    columnsLayout->addLayout(columnButtons);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Export…"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(rows);
    layout->addWidget(columns, 1);
    layout->addWidget(buttons);
    resize(420, 520);
}

bool CsvExportDialog::visibleRowsOnly() const
{
    return m_visible->isChecked();
}

void CsvExportDialog::setVisibleRowsOnly(bool visibleOnly)
{
    (visibleOnly && m_visible->isEnabled() ? m_visible : m_all)->setChecked(true);
}

QStringList CsvExportDialog::columns() const
{
    QStringList names;
    for (int i = 0; i < m_columns->count(); ++i) {
        if (m_columns->item(i)->checkState() == Qt::Checked)
            names.append(m_columns->item(i)->text());
    }
    return names;
}

void CsvExportDialog::setColumns(const QStringList &checked)
{
    const QStringList available = availableColumns();
    QStringList order;
    for (const QString &name : checked) {
        if (available.contains(name) && !order.contains(name))
            order.append(name);
    }
    const qsizetype checkedCount = order.size();
    for (const QString &name : available) {
        if (!order.contains(name))
            order.append(name);
    }
    const QSignalBlocker blocker(m_columns);
    m_columns->clear();
    for (qsizetype i = 0; i < order.size(); ++i) {
        auto *item = new QListWidgetItem(order.at(i), m_columns);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable | Qt::ItemIsDragEnabled);
        item->setCheckState(i < checkedCount ? Qt::Checked : Qt::Unchecked);
    }
    updateOk();
}

void CsvExportDialog::moveCurrent(int delta)
{
    const int row = m_columns->currentRow();
    const int to = row + delta;
    if (row < 0 || to < 0 || to >= m_columns->count())
        return;
    const QSignalBlocker blocker(m_columns);
    QListWidgetItem *item = m_columns->takeItem(row);
    m_columns->insertItem(to, item);
    m_columns->setCurrentRow(to);
}

void CsvExportDialog::updateOk()
{
    if (m_ok)
        m_ok->setEnabled(!columns().isEmpty());
}

void CsvExportDialog::load(const QSettings &settings)
{
    if (settings.contains(kColumnsKey)) {
        const QStringList saved = settings.value(kColumnsKey).toStringList();
        if (!saved.isEmpty())
            setColumns(saved);
    }
    setVisibleRowsOnly(settings.value(kVisibleKey, false).toBool());
}

void CsvExportDialog::save(QSettings &settings) const
{
    settings.setValue(kColumnsKey, columns());
    settings.setValue(kVisibleKey, visibleRowsOnly());
}

} // namespace ts::ui
