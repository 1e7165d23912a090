// SPDX-License-Identifier: MIT
#include "queryeditor.h"

#include "archive/querylanguage.h"

#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QSaveFile>
#include <QShortcut>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace ts::ui {

namespace {

enum Col { QueryCol, StateCol };
constexpr int ErrorRole = Qt::UserRole + 1; // QString: why the query language rejects the query
constexpr int ErrorPositionRole = Qt::UserRole + 2; // int: 1-based position of the error

// Edits a query in a line edit and reports every keystroke, so the query is validated as typed.
class QueryDelegate : public QStyledItemDelegate
{
public:
    QueryDelegate(std::function<void(int, const QString &)> onEdited, QObject *parent)
        : QStyledItemDelegate(parent)
        , m_onEdited(std::move(onEdited))
    { }

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        auto *editor = new QLineEdit(parent);
        editor->setFrame(false);
        editor->setPlaceholderText(QueryEditor::tr("e.g. (eclipse OR #eclipse2024) lang:en -is:retweet"));
        const int row = index.row();
        QObject::connect(
            editor, &QLineEdit::textEdited, editor, [this, row](const QString &text) { m_onEdited(row, text); });
        Q_UNUSED(option);
        return editor;
    }

private:
    std::function<void(int, const QString &)> m_onEdited;
};

QColor stateColor(ts::search::QueryStatus status, const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    switch (status) {
    case ts::search::QueryStatus::Queued:
    case ts::search::QueryStatus::Cancelled:
        return palette.color(QPalette::PlaceholderText);
    case ts::search::QueryStatus::Running:
        return dark ? QColor(0x6c, 0xb6, 0xff) : QColor(0x0b, 0x5c, 0xad);
    case ts::search::QueryStatus::RateLimited:
        return dark ? QColor(0xf0, 0xb0, 0x40) : QColor(0x9a, 0x5b, 0x00);
    case ts::search::QueryStatus::Ok:
        return dark ? QColor(0x6f, 0xcf, 0x7f) : QColor(0x1b, 0x7a, 0x2e);
    case ts::search::QueryStatus::Error:
        return dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xb3, 0x1d, 0x1d);
    }
    return palette.color(QPalette::Text);
}

} // namespace

QueryEditor::QueryEditor(QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, 2, this))
    , m_error(new QLabel(this))
{
    m_table->setHorizontalHeaderLabels({ tr("Query"), tr("State") });
    m_table->horizontalHeader()->setSectionResizeMode(QueryCol, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(StateCol, QHeaderView::Interactive);
    m_table->horizontalHeader()->resizeSection(
        StateCol, fontMetrics().horizontalAdvance(tr("rate-limited until 00:00:00")) + 16);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 10);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(
        QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed | QAbstractItemView::AnyKeyPressed);
    m_table->setItemDelegateForColumn(QueryCol,
        new QueryDelegate(
            [this](int row, const QString &text) {
                // Only the label changes while typing: touching the item would make the view
                // reset the open editor's text.
                const auto [error, position] = validate(text, m_maxLength, m_dialect);
                showError(row, text, error, position);
            },
            this));
    m_table->setObjectName(QStringLiteral("queryTable"));
    m_table->setAccessibleName(tr("Queries"));
    m_table->setWordWrap(false);
    // MinVisibleRows rows under the header, whatever the connection settings below take.
    m_table->setMinimumHeight(m_table->horizontalHeader()->sizeHint().height()
        + MinVisibleRows * m_table->verticalHeader()->defaultSectionSize() + 2 * m_table->frameWidth());

    m_error->setObjectName(QStringLiteral("queryError"));
    m_error->setTextFormat(Qt::RichText);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();

    auto *buttons = new QHBoxLayout;
    buttons->setSpacing(2);
    auto button = [&](const QString &text, QStyle::StandardPixmap icon, const QString &tip, auto slot) {
        auto *b = new QToolButton(this);
        b->setText(text);
        b->setToolTip(tip);
        if (icon != QStyle::SP_CustomBase)
            b->setIcon(style()->standardIcon(icon));
        b->setToolButtonStyle(icon != QStyle::SP_CustomBase ? Qt::ToolButtonIconOnly : Qt::ToolButtonTextOnly);
        b->setAutoRaise(true);
        connect(b, &QToolButton::clicked, this, slot);
        buttons->addWidget(b);
        m_editButtons.append(b);
        return b;
    };
    button(tr("Add"), QStyle::SP_CustomBase, tr("Add a query (Ctrl+N in the list)"), &QueryEditor::addQuery)
        ->setObjectName(QStringLiteral("addQuery"));
    button(
        tr("Remove"), QStyle::SP_CustomBase, tr("Remove the selected queries (Delete)"), &QueryEditor::removeSelected)
        ->setObjectName(QStringLiteral("removeQuery"));
    button(tr("Up"), QStyle::SP_ArrowUp, tr("Move up (Alt+Up)"), [this] { moveSelected(-1); });
    button(tr("Down"), QStyle::SP_ArrowDown, tr("Move down (Alt+Down)"), [this] { moveSelected(1); });
    buttons->addStretch();
    button(
        tr("Paste"), QStyle::SP_CustomBase, tr("Add one query per line from the clipboard"), &QueryEditor::pasteLines);
    button(
        tr("Load…"), QStyle::SP_CustomBase, tr("Load a query file (one per line, # comments)"), &QueryEditor::loadFile);
    button(tr("Save…"), QStyle::SP_CustomBase, tr("Save the queries to a file"), &QueryEditor::saveFile);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_error);
    layout->addLayout(buttons);

    auto shortcut = [this](const QKeySequence &keys, auto slot) {
        auto *s = new QShortcut(keys, m_table, slot);
        s->setContext(Qt::WidgetWithChildrenShortcut);
    };
    shortcut(QKeySequence::Delete, [this] { removeSelected(); });
    shortcut(QKeySequence::New, [this] { addQuery(); });
    shortcut(QKeySequence::Paste, [this] { pasteLines(); });
    shortcut(QKeySequence(Qt::ALT | Qt::Key_Up), [this] { moveSelected(-1); });
    shortcut(QKeySequence(Qt::ALT | Qt::Key_Down), [this] { moveSelected(1); });

    connect(m_table, &QTableWidget::itemChanged, this, [this](QTableWidgetItem *item) {
        if (item->column() != QueryCol)
            return;
        validateRow(item->row(), item->text());
        showValidation(item->row());
        Q_EMIT queriesChanged();
    });
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) {
        showValidation(row);
        int queryIndex = -1;
        for (int r = 0; r <= row && r < m_table->rowCount(); ++r) {
            if (!m_table->item(r, QueryCol)->text().trimmed().isEmpty())
                ++queryIndex;
        }
        Q_EMIT queryActivated(queryIndex);
    });
}

QStringList QueryEditor::queries() const
{
    QStringList list;
    for (int r = 0; r < m_table->rowCount(); ++r) {
        const QString q = m_table->item(r, QueryCol)->text().trimmed();
        if (!q.isEmpty())
            list.append(q);
    }
    return list;
}

void QueryEditor::setQueries(const QStringList &queries)
{
    m_table->setRowCount(0);
    appendRows(queries);
    Q_EMIT queriesChanged();
}

void QueryEditor::appendRows(const QStringList &queries)
{
    const QSignalBlocker blocker(m_table);
    for (const QString &q : queries) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, QueryCol, new QTableWidgetItem(q));
        auto *state = new QTableWidgetItem;
        state->setFlags(state->flags() & ~Qt::ItemIsEditable);
        m_table->setItem(row, StateCol, state);
        validateRow(row, q);
    }
}

void QueryEditor::setMaxQueryLength(int maxLength)
{
    if (maxLength == m_maxLength)
        return;
    m_maxLength = maxLength;
    const QSignalBlocker blocker(m_table);
    for (int r = 0; r < m_table->rowCount(); ++r)
        validateRow(r, m_table->item(r, QueryCol)->text());
    showValidation(m_table->currentRow());
}

void QueryEditor::setDialect(ts::archive::QueryDialect dialect)
{
    if (dialect == m_dialect)
        return;
    m_dialect = dialect;
    const QSignalBlocker blocker(m_table);
    for (int r = 0; r < m_table->rowCount(); ++r)
        validateRow(r, m_table->item(r, QueryCol)->text());
    showValidation(m_table->currentRow());
}

int QueryEditor::invalidCount() const
{
    int n = 0;
    for (int r = 0; r < m_table->rowCount(); ++r) {
        if (!m_table->item(r, QueryCol)->data(ErrorRole).toString().isEmpty())
            ++n;
    }
    return n;
}

std::pair<QString, int> QueryEditor::validate(const QString &text, int maxLength, ts::archive::QueryDialect dialect)
{
    if (text.trimmed().isEmpty())
        return {};
    auto parsed = ts::archive::QueryLanguage::parse(text.trimmed(), maxLength, dialect);
    const auto *e = std::get_if<ts::archive::QueryError>(&parsed);
    if (!e)
        return {};
    // Positions count in the trimmed query (what is sent); show them in the text as typed.
    int leading = 0;
    while (leading < text.size() && text.at(leading).isSpace())
        ++leading;
    return { ts::archive::QueryLanguage::plainReason(e->reason), e->position + leading };
}

void QueryEditor::validateRow(int row, const QString &text)
{
    QTableWidgetItem *item = m_table->item(row, QueryCol);
    if (!item)
        return;
    const QSignalBlocker blocker(m_table);
    const auto [error, position] = validate(text, m_maxLength, m_dialect);
    item->setData(ErrorRole, error);
    item->setData(ErrorPositionRole, position);
    item->setToolTip(error.isEmpty() ? text : tr("%1 (at position %2)").arg(error).arg(position));
    item->setIcon(error.isEmpty() ? QIcon() : style()->standardIcon(QStyle::SP_MessageBoxWarning));
}

void QueryEditor::showValidation(int row)
{
    QTableWidgetItem *item = row >= 0 ? m_table->item(row, QueryCol) : nullptr;
    showError(row, item ? item->text() : QString(), item ? item->data(ErrorRole).toString() : QString(),
        item ? item->data(ErrorPositionRole).toInt() : 0);
}

void QueryEditor::showError(int row, const QString &shown, const QString &error, int errorPosition)
{
    if (error.isEmpty()) {
        // Another row may still be wrong: say so, so a run is not a surprise.
        const int bad = invalidCount();
        m_error->setVisible(bad > 0);
        if (bad > 0)
            m_error->setText(bad == 1 ? tr("1 query cannot be sent; select it to see why.")
                                      : tr("%1 queries cannot be sent; select one to see why.").arg(bad));
        return;
    }
    const int position = std::clamp(errorPosition, 1, int(shown.size()) + 1);
    const QString caret = QString(position - 1, u' ') + u'^';
    m_error->setText(QStringLiteral("<span style='color:%1'>%2</span><pre style='margin:2px 0'>%3\n%4</pre>")
                         .arg(palette().color(QPalette::Link).name(),
                             tr("Query %1: %2 (at position %3)").arg(row + 1).arg(error.toHtmlEscaped()).arg(position),
                             shown.toHtmlEscaped(), caret));
    m_error->show();
}

void QueryEditor::setQueryState(int queryIndex, const ts::search::QueryResult &state, const QString &detail)
{
    const int row = rowOfQueryIndex(queryIndex);
    if (row < 0)
        return;
    QTableWidgetItem *item = m_table->item(row, StateCol);
    QString text;
    switch (state.status) {
    case ts::search::QueryStatus::Queued:
        text = tr("queued");
        break;
    case ts::search::QueryStatus::Running:
        text = detail.isEmpty() ? tr("page %1").arg(state.pages + 1) : detail;
        break;
    case ts::search::QueryStatus::RateLimited:
        text = detail.isEmpty() ? tr("rate-limited") : detail;
        break;
    case ts::search::QueryStatus::Ok:
        if (m_countsOnly)
            text = (state.tweets == 1 ? tr("counted 1 tweet")
                                      : tr("counted %1 tweets").arg(QLocale().toString(state.tweets)));
        else
            text = (state.tweets == 1 ? tr("done, 1 tweet")
                                      : tr("done, %1 tweets").arg(QLocale().toString(state.tweets)));
        if (state.unreadableTweets > 0)
            text += tr(", %1 unreadable").arg(QLocale().toString(state.unreadableTweets));
        break;
    case ts::search::QueryStatus::Error:
        text = tr("failed: %1").arg(state.error.isEmpty() ? detail : state.error);
        break;
    case ts::search::QueryStatus::Cancelled:
        text = (state.tweets == 1 ? tr("cancelled, 1 tweet")
                                  : tr("cancelled, %1 tweets").arg(QLocale().toString(state.tweets)));
        break;
    }
    item->setText(text);
    item->setToolTip(state.status == ts::search::QueryStatus::Error ? state.error : text);
    item->setForeground(stateColor(state.status, palette()));
}

void QueryEditor::clearStates(bool countsOnly)
{
    m_countsOnly = countsOnly;
    for (int r = 0; r < m_table->rowCount(); ++r) {
        m_table->item(r, StateCol)->setText(QString());
        m_table->item(r, StateCol)->setToolTip(QString());
    }
}

void QueryEditor::setRunning(bool running)
{
    m_running = running;
    m_table->setEditTriggers(running
            ? QAbstractItemView::NoEditTriggers
            : QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed | QAbstractItemView::AnyKeyPressed);
    for (QToolButton *b : std::as_const(m_editButtons))
        b->setEnabled(!running);
}

int QueryEditor::rowOfQueryIndex(int queryIndex) const
{
    int index = -1;
    for (int r = 0; r < m_table->rowCount(); ++r) {
        if (!m_table->item(r, QueryCol)->text().trimmed().isEmpty() && ++index == queryIndex)
            return r;
    }
    return -1;
}

QStringList QueryEditor::parseQueryFile(const QString &text)
{
    QStringList list;
    for (QStringView line : QStringView(text).split(u'\n')) {
        const QStringView trimmed = line.trimmed();
        if (!trimmed.isEmpty() && !trimmed.startsWith(u'#'))
            list.append(trimmed.toString());
    }
    return list;
}

void QueryEditor::addQuery()
{
    if (m_running)
        return;
    appendRows({ QString() });
    const int row = m_table->rowCount() - 1;
    m_table->setCurrentCell(row, QueryCol);
    m_table->editItem(m_table->item(row, QueryCol));
}

void QueryEditor::removeSelected()
{
    if (m_running)
        return;
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows.append(index.row());
    if (rows.isEmpty() && m_table->currentRow() >= 0)
        rows.append(m_table->currentRow());
    std::sort(rows.begin(), rows.end(), std::greater<>());
    for (int r : rows)
        m_table->removeRow(r);
    showValidation(m_table->currentRow());
    Q_EMIT queriesChanged();
}

void QueryEditor::moveSelected(int delta)
{
    const int row = m_table->currentRow();
    const int target = row + delta;
    if (m_running || row < 0 || target < 0 || target >= m_table->rowCount())
        return;
    const QSignalBlocker blocker(m_table);
    for (int c = 0; c < m_table->columnCount(); ++c) {
        QTableWidgetItem *a = m_table->takeItem(row, c);
        QTableWidgetItem *b = m_table->takeItem(target, c);
        m_table->setItem(row, c, b);
        m_table->setItem(target, c, a);
    }
    m_table->setCurrentCell(target, QueryCol);
    Q_EMIT queriesChanged();
}

void QueryEditor::pasteLines()
{
    if (m_running)
        return;
    const QStringList lines = parseQueryFile(QApplication::clipboard()->text());
    if (lines.isEmpty())
        return;
    appendRows(lines);
    showValidation(m_table->currentRow());
    Q_EMIT queriesChanged();
}

void QueryEditor::loadFile()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Load queries"), QString(), tr("Query files (*.txt *.queries);;All files (*)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        QMessageBox::warning(this, tr("Load queries"), tr("Cannot read %1: %2").arg(path, file.errorString()));
        return;
    }
    setQueries(parseQueryFile(QString::fromUtf8(file.readAll())));
}

void QueryEditor::saveFile()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save queries"), QStringLiteral("queries.txt"), tr("Query files (*.txt *.queries);;All files (*)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    QByteArray bytes = "# Tweetscope queries: one per line\n";
    for (const QString &q : queries())
        bytes += q.toUtf8() + '\n';
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        QMessageBox::warning(this, tr("Save queries"), tr("Cannot write %1: %2").arg(path, file.errorString()));
}

} // namespace ts::ui
