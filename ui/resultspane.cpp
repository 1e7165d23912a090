// SPDX-License-Identifier: MIT
#include "resultspane.h"

#include "csvexportdialog.h"
#include "exportrunner.h"
#include "models/tweetfilterproxy.h"
#include "models/tweettablemodel.h"
#include "search/collection.h"
#include "statusline.h"
#include "tweet/atproto.h"
#include "tweetdetailpane.h"

#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace ts::ui {

ResultsPane::ResultsPane(ts::search::Collection *lookup, StatusLine *status, QWidget *parent)
    : QWidget(parent)
    , m_lookup(lookup)
    , m_status(status)
    , m_model(new TweetTableModel(this))
    , m_proxy(new TweetFilterProxy(m_model, this))
    , m_filterText(new QLineEdit(this))
    , m_filterQuery(new QComboBox(this))
    , m_filterType(new QComboBox(this))
    , m_filterProvider(new QComboBox(this))
    , m_filterLang(new QComboBox(this))
    , m_table(new QTableView(this))
    , m_detail(new TweetDetailPane(this))
    , m_emptyHint(new QLabel(m_table->viewport()))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_countsTimer(new QTimer(this))
    , m_filterTimer(new QTimer(this))
{
    m_filterText->setPlaceholderText(tr("Filter: words, @author or #hashtag (Ctrl+F)"));
    m_filterText->setClearButtonEnabled(true);
    m_filterText->setObjectName(QStringLiteral("filterText"));
    m_filterQuery->setObjectName(QStringLiteral("filterQuery"));
    m_filterType->setObjectName(QStringLiteral("filterType"));
    m_filterLang->setObjectName(QStringLiteral("filterLang"));
    m_filterQuery->addItem(tr("All queries"), -1);
    m_filterQuery->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_filterType->addItem(tr("All types"), -1);
    for (auto t : { TweetType::Tweet, TweetType::Retweet, TweetType::Quote, TweetType::Reply })
        m_filterType->addItem(typeName(t), int(t));
    m_filterLang->addItem(tr("All languages"), QString());
    m_filterLang->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    // A long query does not widen its menu past 20 characters (the menu's list shows it whole).
    m_filterQuery->setMaximumWidth(fontMetrics().averageCharWidth() * 20 + 40);
    m_filterBar = new QBoxLayout(QBoxLayout::LeftToRight);
    m_filterBar->addWidget(m_filterText, 1);
    m_filterMenus = new QHBoxLayout;
    m_filterBar->addLayout(m_filterMenus);
    QHBoxLayout *filterBar = m_filterMenus;
    filterBar->addWidget(m_filterQuery);
    filterBar->addWidget(m_filterType);
    m_filterProvider->setObjectName(QStringLiteral("filterProvider"));
    m_filterProvider->addItem(tr("All providers"), -1);
    m_filterProvider->addItem(tr("X"), 0);
    m_filterProvider->addItem(tr("Bluesky"), 1);
    m_filterProvider->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_filterProvider->hide(); // shown once the table holds a Bluesky post: the bar stays narrow
    filterBar->addWidget(m_filterProvider);
    filterBar->addWidget(m_filterLang);
    filterBar->addStretch(); // under the field (narrow table): the menus stay at the left

    m_table->setObjectName(QStringLiteral("tweetTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionsMovable(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    // Text takes the room that is left; the queries follow it in a narrower column (they
    // repeat on most rows), then the rest.
    const int digit = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    const QList<int> widths = { 12, 19, 14, 60, 7, 5, 7, 8, 7, 7, 16, 8 };
    for (int c = 0; c < widths.size(); ++c)
        m_table->horizontalHeader()->resizeSection(c, widths.at(c) * digit + 16);
    m_table->horizontalHeader()->moveSection(m_table->horizontalHeader()->visualIndex(TweetTableModel::Queries),
        m_table->horizontalHeader()->visualIndex(TweetTableModel::Text));
    m_table->horizontalHeader()->setMinimumSectionSize(4 * digit);
    // Text gets the width the columns before it and the queries leave in the viewport (a
    // stretched section gets nothing when the other columns overflow, as they do at 1024 px),
    // until the person resizes it.
    connect(m_table->horizontalHeader(), &QHeaderView::sectionResized, this, [this](int section, int, int) {
        if (section == TweetTableModel::Text && !m_fittingText)
            m_textSized = true;
    });

    // The empty table says what to do, where the results will appear.
    m_emptyHint->setObjectName(QStringLiteral("emptyHint"));
    m_emptyHint->setAlignment(Qt::AlignCenter);
    m_emptyHint->setWordWrap(true);
    m_emptyHint->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_emptyHint->setForegroundRole(QPalette::PlaceholderText);
    m_table->viewport()->installEventFilter(this);
    for (auto signal : { &QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved })
        connect(m_model, signal, this, &ResultsPane::updateEmptyHint);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ResultsPane::updateEmptyHint);
    auto *results = new QWidget(this);
    auto *resultsLayout = new QVBoxLayout(results);
    resultsLayout->setContentsMargins(0, 0, 0, 0);
    resultsLayout->addLayout(m_filterBar);
    resultsLayout->addWidget(m_table, 1);

    m_splitter->setObjectName(QStringLiteral("resultsSplitter"));
    m_splitter->addWidget(results);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({ 700, 300 });
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);

    // Counts follow the table; coalesced so a burst of pages updates the label once.
    m_countsTimer->setSingleShot(true);
    m_countsTimer->setInterval(50);
    connect(m_countsTimer, &QTimer::timeout, this, [this] { m_status->setCounts(countsText()); });
    for (auto signal : { &QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved })
        connect(m_proxy, signal, m_countsTimer, qOverload<>(&QTimer::start));
    connect(m_proxy, &QAbstractItemModel::layoutChanged, m_countsTimer, qOverload<>(&QTimer::start));
    connect(m_proxy, &QAbstractItemModel::modelReset, m_countsTimer, qOverload<>(&QTimer::start));
    m_status->setCounts(countsText());

    m_filterTimer->setSingleShot(true);
    m_filterTimer->setInterval(150);
    connect(m_filterTimer, &QTimer::timeout, this, [this] { m_proxy->setTextFilter(m_filterText->text()); });
    connect(m_filterText, &QLineEdit::textChanged, m_filterTimer, qOverload<>(&QTimer::start));
    connect(m_filterText, &QLineEdit::returnPressed, this, [this] {
        m_filterTimer->stop();
        m_proxy->setTextFilter(m_filterText->text());
    });
    connect(m_filterQuery, &QComboBox::currentIndexChanged, this,
        [this] { m_proxy->setQueryFilter(m_filterQuery->currentData().toInt()); });
    connect(m_filterType, &QComboBox::currentIndexChanged, this, [this] {
        const int t = m_filterType->currentData().toInt();
        m_proxy->setTypeFilter(t < 0 ? std::nullopt : std::optional(TweetType(t)));
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first, int last) {
        if (!m_filterProvider->isHidden())
            return;
        for (int r = first; r <= last; ++r) {
            if (ts::atproto::isPostKey(m_model->rowAt(r).id)) {
                m_filterProvider->show();
                updateFilterLayout();
                return;
            }
        }
    });
    connect(m_filterProvider, &QComboBox::currentIndexChanged, this, [this] {
        const int p = m_filterProvider->currentData().toInt();
        m_proxy->setProviderFilter(p < 0 ? std::nullopt : std::optional(p == 1));
    });
    connect(m_filterLang, &QComboBox::currentIndexChanged, this,
        [this] { m_proxy->setLanguageFilter(m_filterLang->currentData().toString()); });
    connect(m_model, &TweetTableModel::languagesChanged, this, [this] {
        const QString current = m_filterLang->currentData().toString();
        const QSignalBlocker blocker(m_filterLang);
        m_filterLang->clear();
        m_filterLang->addItem(tr("All languages"), QString());
        for (const QString &code : m_model->languageCodes())
            m_filterLang->addItem(code, code);
        m_filterLang->setCurrentIndex(std::max(0, m_filterLang->findData(current)));
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ResultsPane::showSelectedTweet);
}

void ResultsPane::setEmptyHint(const QString &text)
{
    m_emptyHint->setText(text);
    updateEmptyHint();
}

QString ResultsPane::emptyHint() const
{
    return m_emptyHint->isVisibleTo(m_table) ? m_emptyHint->text() : QString();
}

void ResultsPane::updateEmptyHint()
{
    m_emptyHint->setGeometry(m_table->viewport()->rect().adjusted(24, 24, -24, -24));
    m_emptyHint->setVisible(m_model->rowCount() == 0 && !m_emptyHint->text().isEmpty());
}

bool ResultsPane::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_table->viewport() && event->type() == QEvent::Resize) {
        updateEmptyHint();
        fitTextColumn();
        updateFilterLayout();
    }
    return QWidget::eventFilter(watched, event);
}

void ResultsPane::updateFilterLayout()
{
    // Room for "Filter: words, @author" beside the menus, else the field goes above them.
    const int field = m_filterText->fontMetrics().horizontalAdvance(tr("Filter: words, @author")) + 24;
    const int beside = field + m_filterBar->spacing() + m_filterMenus->sizeHint().width();
    const auto direction = m_table->width() < beside ? QBoxLayout::TopToBottom : QBoxLayout::LeftToRight;
    if (m_filterBar->direction() != direction)
        m_filterBar->setDirection(direction);
}

void ResultsPane::fitTextColumn()
{
    if (m_textSized)
        return;
    QHeaderView *header = m_table->horizontalHeader();
    const int digit = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    int others = header->sectionSize(TweetTableModel::Queries);
    for (int visual = 0; visual < header->visualIndex(TweetTableModel::Text); ++visual) {
        if (!header->isSectionHidden(header->logicalIndex(visual)))
            others += header->sectionSize(header->logicalIndex(visual));
    }
    const int width = std::max(24 * digit, m_table->viewport()->width() - others);
    m_fittingText = true;
    header->resizeSection(TweetTableModel::Text, width);
    m_fittingText = false;
}

QString ResultsPane::exportFolder()
{
    const QString last = QSettings().value(QStringLiteral("export/lastFolder")).toString();
    if (!last.isEmpty() && QFileInfo(last).isDir())
        return last;
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return documents.isEmpty() ? QDir::homePath() : documents;
}

void ResultsPane::reset(const QStringList &queryNames)
{
    m_model->clear();
    m_filterProvider->setCurrentIndex(0);
    m_filterProvider->hide();
    m_model->setQueryNames(queryNames);
    setQueryFilterItems(queryNames);
    m_detail->showMessage(tr("Select a tweet to see it in full."));
}

void ResultsPane::setQueryFilterItems(const QStringList &queryNames)
{
    const QSignalBlocker blocker(m_filterQuery);
    m_filterQuery->clear();
    m_filterQuery->addItem(tr("All queries"), -1);
    for (int i = 0; i < queryNames.size(); ++i)
        m_filterQuery->addItem(queryNames.at(i), i);
    m_proxy->setQueryFilter(-1);
}

void ResultsPane::showQuery(int queryIndex)
{
    const int item = m_filterQuery->findData(queryIndex);
    if (item >= 0)
        m_filterQuery->setCurrentIndex(item);
}

void ResultsPane::focusFilter()
{
    m_filterText->setFocus();
    m_filterText->selectAll();
}

void ResultsPane::clearFilters()
{
    m_filterText->clear();
    m_filterQuery->setCurrentIndex(0);
    m_filterType->setCurrentIndex(0);
    m_filterProvider->setCurrentIndex(0);
    m_filterLang->setCurrentIndex(0);
}

void ResultsPane::fitColumns()
{
    m_table->resizeColumnsToContents();
}

QByteArray ResultsPane::headerState() const
{
    return m_table->horizontalHeader()->saveState();
}

void ResultsPane::restoreHeaderState(const QByteArray &state)
{
    // The saved widths are the fitted ones unless the person changed them: fit again.
    m_fittingText = true;
    m_table->horizontalHeader()->restoreState(state);
    m_fittingText = false;
    fitTextColumn();
}

QString ResultsPane::countsText() const
{
    const QLocale locale;
    const int total = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    if (shown == total)
        return tr("%1 tweets").arg(locale.toString(total));
    return tr("%1 of %2 tweets").arg(locale.toString(shown), locale.toString(total));
}

void ResultsPane::selectFirstRowIfNone()
{
    if (m_model->rowCount() > 0 && !m_table->currentIndex().isValid())
        m_table->selectRow(0);
}

void ResultsPane::showSelectedTweet()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid()) {
        m_detail->showMessage(tr("Select a tweet to see it in full."));
        return;
    }
    const QModelIndex source = m_proxy->mapToSource(current);
    const TweetRow &row = m_model->rowAt(source.row());
    const QString id = m_model->idAt(source.row());
    QStringList queries;
    for (int q : m_model->querySet(row.querySet))
        queries.append(m_model->queryNames().value(q));
    QString error;
    if (auto tweet = m_lookup->tweet(id.toULongLong(), &error)) {
        m_detail->showTweet(*tweet, queries);
        return;
    }
    // Not in a collection file (none open, or it could not be written): what the table has.
    Tweet t;
    t.id = id;
    t.createdAtMs = row.createdAtMs;
    t.text = m_model->textAt(source.row());
    t.authorUsername = m_model->authors().at(row.author);
    t.lang = m_model->languages().at(row.lang);
    t.type = row.type;
    t.likeCount = row.likes;
    t.retweetCount = row.retweets;
    t.replyCount = row.replies;
    t.quoteCount = row.quotes;
    m_detail->showTweet(t, queries);
}

void ResultsPane::exportTo(ExportKind kind, const QString &source)
{
    if (source.isEmpty()) {
        m_status->showMessage(tr("Nothing to export yet: run the queries or open a collection first."), true);
        return;
    }
    ExportRequest request;
    request.kind = kind;
    if (kind != ExportKind::Timings) {
        // Which rows (and for CSV which columns); remembered for the next export.
        CsvExportDialog choice(m_proxy->rowCount(), m_model->rowCount(), this,
            kind == ExportKind::Jsonl ? CsvExportDialog::Format::Jsonl : CsvExportDialog::Format::Csv);
        if (kind == ExportKind::Excel)
            choice.setWindowTitle(tr("Export for Excel"));
        QSettings settings;
        choice.load(settings);
        if (choice.exec() != QDialog::Accepted)
            return;
        choice.save(settings);
        if (kind != ExportKind::Jsonl) {
            QString error;
            const auto columns = ts::exporter::csvColumnsFromNames(choice.columns(), &error);
            if (!columns) {
                m_status->showMessage(tr("Export: %1").arg(error), true);
                return;
            }
            request.columns = *columns;
        }
        if (choice.visibleRowsOnly()) {
            // Only the ids, in view order: the exporter reads the tweets by id, a chunk at a time.
            std::vector<quint64> ids;
            ids.reserve(m_proxy->visibleSourceRows().size());
            for (int row : m_proxy->visibleSourceRows())
                ids.push_back(m_model->rowAt(row).id);
            request.ids = std::move(ids);
        }
    }
    const QString filter = kind == ExportKind::Jsonl ? tr("JSON Lines (*.jsonl)") : tr("CSV files (*.csv)");
    const QString suffix = kind == ExportKind::Jsonl ? QStringLiteral(".jsonl")
        : kind == ExportKind::Timings                ? QStringLiteral("-timings.csv")
                                                     : QStringLiteral(".csv");
    // Documents (then the last folder used), not the hidden folder the collections live in.
    const QString suggested = exportFolder() + u'/' + QFileInfo(source).completeBaseName() + suffix;
    request.target = QFileDialog::getSaveFileName(this, tr("Export"), suggested, filter);
    if (request.target.isEmpty())
        return;
    QSettings().setValue(QStringLiteral("export/lastFolder"), QFileInfo(request.target).absolutePath());
    const QString target = request.target;
    exportCollectionInBackground(this, source, std::move(request), [this, target](const ts::exporter::ExportResult &r) {
        if (r.ok)
            m_status->showMessage(tr("Exported %1 tweets to %2").arg(QLocale().toString(r.tweets), target));
        else if (r.cancelled)
            m_status->showMessage(tr("Export cancelled; %1 left as it was.").arg(target));
        else
            m_status->showMessage(tr("Export failed, %1 left as it was: %2").arg(target, r.error), true);
    });
}

} // namespace ts::ui
