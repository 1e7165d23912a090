// SPDX-License-Identifier: MIT
#include "csvexportdialog.h"

#include "export/csvcolumns.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHash>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QVBoxLayout>

#include <optional>

namespace ts::ui {

namespace {
const QString kVisibleKey = QStringLiteral("export/csvVisibleRowsOnly");
const QString kJsonlVisibleKey = QStringLiteral("export/jsonlVisibleRowsOnly");
const QString kColumnsKey = QStringLiteral("export/csvColumns");
const QString kTwarcNamesKey = QStringLiteral("export/csvTwarcNames");
// An item's own name (what setColumns() matches and availableColumns() lists).
constexpr int OwnNameRole = Qt::UserRole;

std::optional<ts::exporter::CsvField> fieldOf(const QString &name)
{
    const auto columns = ts::exporter::csvColumnsFromNames({ name }, nullptr);
    return columns ? std::optional(columns->constFirst().field) : std::nullopt;
}

// Own name -> twarc-csv name, for the fields both have under different names; and the
// twarc-csv names of fields without an own column.
struct TwarcNames
{
    QHash<QString, QString> aliasOf;
    QHash<QString, QString> ownOf;
    QStringList twarcOnly;
};

const TwarcNames &twarcTable()
{
    static const TwarcNames names = [] {
        TwarcNames n;
        // Own names that twarc-csv uses too (id, text, author_id, ...) keep their name: author_id
        // and twarc-csv's author.id are then two columns, as in twarc-csv's files.
        QHash<ts::exporter::CsvField, QString> ownByField;
        const QStringList all = ts::exporter::csvColumnNames();
        const QStringList preset = CsvExportDialog::twarcPreset();
        for (const QString &name : all) {
            if (!name.contains(u'.') && !preset.contains(name))
                ownByField.insert(*fieldOf(name), name);
        }
        // csvColumnNames() lists the own names first, then twarc-csv's dotted ones.
        for (const QString &name : all) {
            if (!name.contains(u'.'))
                continue;
            const QString own = ownByField.value(*fieldOf(name));
            if (own.isEmpty()) {
                n.twarcOnly.append(name);
            } else {
                n.aliasOf.insert(own, name);
                n.ownOf.insert(name, own);
            }
        }
        return n;
    }();
    return names;
}

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
    // fields: the aliases are a naming choice (twarcNames()), not more columns.
    QStringList names;
    for (const QString &name : ts::exporter::csvColumnNames()) {
        if (!name.contains(u'.'))
            names.append(name);
    }
    return names + twarcTable().twarcOnly;
}

QString CsvExportDialog::twarcName(const QString &name)
{
    return twarcTable().aliasOf.value(name, name);
}

QStringList CsvExportDialog::twarcPreset()
{
    // DEFAULT_TWEET_COLUMNS of twarc-csv 0.7.2 without the 54 a Tweet does not keep (user
    // names of replied-to and quoted tweets, edit history, polls, ...: the export library
    // refuses those by name rather than writing them empty).
    static const QStringList preset = {
        QStringLiteral("id"),
        QStringLiteral("conversation_id"),
        QStringLiteral("referenced_tweets.replied_to.id"),
        QStringLiteral("referenced_tweets.retweeted.id"),
        QStringLiteral("referenced_tweets.quoted.id"),
        QStringLiteral("author_id"),
        QStringLiteral("in_reply_to_user_id"),
        QStringLiteral("created_at"),
        QStringLiteral("text"),
        QStringLiteral("lang"),
        QStringLiteral("source"),
        QStringLiteral("public_metrics.reply_count"),
        QStringLiteral("public_metrics.retweet_count"),
        QStringLiteral("public_metrics.quote_count"),
        QStringLiteral("public_metrics.like_count"),
        QStringLiteral("entities.cashtags"),
        QStringLiteral("entities.hashtags"),
        QStringLiteral("entities.mentions"),
        QStringLiteral("entities.urls"),
        QStringLiteral("attachments.media"),
        QStringLiteral("author.id"),
        QStringLiteral("author.username"),
        QStringLiteral("author.name"),
        QStringLiteral("author.public_metrics.followers_count"),
        QStringLiteral("author.verified"),
        QStringLiteral("geo.coordinates.coordinates"),
        QStringLiteral("geo.coordinates.type"),
        QStringLiteral("geo.country_code"),
        QStringLiteral("geo.full_name"),
        QStringLiteral("matching_rules"),
    };
    return preset;
}

CsvExportDialog::CsvExportDialog(int visibleRows, int totalRows, QWidget *parent, Format format)
    : QDialog(parent)
    , m_format(format)
    , m_all(new QRadioButton(this))
    , m_visible(new QRadioButton(this))
    , m_columns(new QListWidget(this))
{
    setWindowTitle(format == Format::Jsonl ? tr("Export JSONL") : tr("Export CSV"));
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
    auto *twarc = new QPushButton(tr("t&warc-csv"), this);
    up->setObjectName(QStringLiteral("columnUp"));
    down->setObjectName(QStringLiteral("columnDown"));
    defaults->setObjectName(QStringLiteral("columnDefaults"));
    twarc->setObjectName(QStringLiteral("columnTwarcPreset"));
    defaults->setToolTip(tr("The default columns, in their default order, with Tweetscope's names"));
    twarc->setToolTip(tr("twarc-csv's default columns that Tweetscope keeps, in twarc-csv's order and with its "
                         "names: scripts written for twarc-csv read the file"));
    m_twarcNames = new QCheckBox(tr("twarc-csv &names and spelling"), this);
    m_twarcNames->setObjectName(QStringLiteral("twarcNames"));
    m_twarcNames->setToolTip(tr("Name columns as twarc-csv does where it has the field (public_metrics.like_count for "
                                "like_count), with lists as JSON arrays and True/False"));
    // Return exports, even right after a click on one of these.
    for (QPushButton *b : { up, down, defaults, twarc })
        b->setAutoDefault(false);
    connect(up, &QPushButton::clicked, this, [this] { moveCurrent(-1); });
    connect(down, &QPushButton::clicked, this, [this] { moveCurrent(1); });
    connect(defaults, &QPushButton::clicked, this, [this] {
        setTwarcNames(false);
        setColumns(defaultColumnNames());
    });
    connect(twarc, &QPushButton::clicked, this, [this] {
        setTwarcNames(true);
        setColumns(twarcPreset());
    });
    connect(m_twarcNames, &QCheckBox::toggled, this, &CsvExportDialog::updateNames);
    connect(m_columns, &QListWidget::itemChanged, this, &CsvExportDialog::updateOk);

    auto *rows = new QGroupBox(tr("Rows"), this);
    auto *rowsLayout = new QVBoxLayout(rows);
    rowsLayout->addWidget(m_all);
    rowsLayout->addWidget(m_visible);

    m_columnsBox = new QGroupBox(tr("Columns"), this);
    auto *columnButtons = new QVBoxLayout;
    columnButtons->addWidget(up);
    columnButtons->addWidget(down);
    columnButtons->addStretch();
    columnButtons->addWidget(defaults);
    columnButtons->addWidget(twarc);
    auto *columnList = new QVBoxLayout;
    columnList->addWidget(m_columns, 1);
    columnList->addWidget(m_twarcNames);
    auto *columnsLayout = new QHBoxLayout(m_columnsBox);
    columnsLayout->addLayout(columnList, 1);
    columnsLayout->addLayout(columnButtons);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Export…"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(rows);
    if (format == Format::Jsonl) {
        // No columns: the lines are the tweets as the API returned them.
        auto *about = new QLabel(tr("One API page per line, as twarc writes them: twarc-csv and other twarc tools "
                                    "read the file. The tweets keep their raw JSON."),
            this);
        about->setWordWrap(true);
        layout->addWidget(about);
        m_columnsBox->hide();
        layout->addStretch(1);
    } else {
        layout->addWidget(m_columnsBox, 1);
    }
    layout->addWidget(buttons);
    if (format == Format::Jsonl)
        resize(420, 220);
    else
        resize(460, 560);
    updateOk();
}

bool CsvExportDialog::visibleRowsOnly() const
{
    return m_visible->isChecked();
}

void CsvExportDialog::setVisibleRowsOnly(bool visibleOnly)
{
    (visibleOnly && m_visible->isEnabled() ? m_visible : m_all)->setChecked(true);
}

bool CsvExportDialog::twarcNames() const
{
    return m_twarcNames && m_twarcNames->isChecked();
}

void CsvExportDialog::setTwarcNames(bool twarc)
{
    m_twarcNames->setChecked(twarc);
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
    for (const QString &given : checked) {
        const QString name = twarcTable().ownOf.value(given, given); // a twarc-csv name: its item
        if (available.contains(name) && !order.contains(name))
            order.append(name);
    }
    const qsizetype checkedCount = order.size();
    for (const QString &name : available) {
        if (!order.contains(name))
            order.append(name);
    }
    {
        const QSignalBlocker blocker(m_columns);
        m_columns->clear();
        for (qsizetype i = 0; i < order.size(); ++i) {
            auto *item = new QListWidgetItem(order.at(i), m_columns);
            item->setData(OwnNameRole, order.at(i));
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable | Qt::ItemIsDragEnabled);
            item->setCheckState(i < checkedCount ? Qt::Checked : Qt::Unchecked);
        }
    }
    updateNames();
}

void CsvExportDialog::updateNames()
{
    const bool twarc = twarcNames();
    const QSignalBlocker blocker(m_columns);
    for (int i = 0; i < m_columns->count(); ++i) {
        QListWidgetItem *item = m_columns->item(i);
        const QString own = item->data(OwnNameRole).toString();
        const QString alias = twarcName(own);
        item->setText(twarc ? alias : own);
        // The other name, next to the one shown.
        item->setToolTip(alias == own ? QString()
                : twarc               ? tr("Tweetscope: %1").arg(own)
                                      : tr("twarc-csv: %1").arg(alias));
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
        m_ok->setEnabled(m_format == Format::Jsonl || !columns().isEmpty());
}

QString CsvExportDialog::visibleKey() const
{
    return m_format == Format::Jsonl ? kJsonlVisibleKey : kVisibleKey;
}

void CsvExportDialog::load(const QSettings &settings)
{
    if (m_format == Format::Csv) {
        setTwarcNames(settings.value(kTwarcNamesKey, false).toBool());
        if (settings.contains(kColumnsKey)) {
            const QStringList saved = settings.value(kColumnsKey).toStringList();
            if (!saved.isEmpty())
                setColumns(saved);
        }
    }
    setVisibleRowsOnly(settings.value(visibleKey(), false).toBool());
}

void CsvExportDialog::save(QSettings &settings) const
{
    if (m_format == Format::Csv) {
        settings.setValue(kColumnsKey, columns());
        settings.setValue(kTwarcNamesKey, twarcNames());
    }
    settings.setValue(visibleKey(), visibleRowsOnly());
}

} // namespace ts::ui
