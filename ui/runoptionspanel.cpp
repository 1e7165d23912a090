// SPDX-License-Identifier: MIT
#include "runoptionspanel.h"

#include "connectionsettings.h"
#include "search/searchprovider.h"

#include <QCheckBox>
#include <QDateTimeEdit>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSettings>
#include <QSpinBox>

#include <algorithm>

namespace ts::ui {

RunOptionsPanel::RunOptionsPanel(QWidget *parent)
    : QWidget(parent)
    , m_maxResults(new QSpinBox(this))
    , m_maxResultsNote(new QLabel(this))
    , m_form(new QFormLayout(this))
    , m_pages(new QSpinBox(this))
    , m_concurrency(new QSpinBox(this))
    , m_useStart(new QCheckBox(tr("From"), this))
    , m_start(new QDateTimeEdit(this))
    , m_useEnd(new QCheckBox(tr("Until"), this))
    , m_end(new QDateTimeEdit(this))
    , m_maxBodySize(new QSpinBox(this))
{
    // The CLI's range (--max-results), whatever the provider: each clamps into its own.
    m_maxResults->setRange(search::kMaxResultsFloor, search::kMaxResultsBound);
    m_maxResults->setValue(100);
    m_maxResults->setObjectName(QStringLiteral("maxResults"));
    m_maxResults->setToolTip(tr("Tweets per request, %1-%2 (CLI: --max-results). Each provider takes its own "
                                "range; a value outside it is sent as its nearest end.")
                                 .arg(search::kMaxResultsFloor)
                                 .arg(search::kMaxResultsBound));
    m_maxResultsNote->setObjectName(QStringLiteral("maxResultsNote"));
    m_maxResultsNote->setWordWrap(true);
    m_maxResultsNote->setForegroundRole(QPalette::PlaceholderText);
    connect(m_maxResults, &QSpinBox::valueChanged, this, &RunOptionsPanel::updateMaxResultsNote);
    m_pages->setRange(0, search::kMaxPagesBound);
    m_pages->setValue(1);
    m_pages->setSpecialValueText(tr("all"));
    m_pages->setObjectName(QStringLiteral("pages"));
    m_pages->setToolTip(tr("Pages per query; \"all\" follows next tokens to the last page"));
    m_concurrency->setRange(0, search::kMaxConcurrencyBound);
    m_concurrency->setValue(0);
    m_concurrency->setSpecialValueText(tr("all queries"));
    m_concurrency->setObjectName(QStringLiteral("maxConcurrency"));
    m_concurrency->setToolTip(tr("Requests in flight at once in a concurrent run (rate limits still apply)"));
    m_maxBodySize->setRange(1, 4096);
    m_maxBodySize->setValue(64);
    m_maxBodySize->setSuffix(tr(" MiB"));
    m_maxBodySize->setObjectName(QStringLiteral("maxBodySize"));
    m_maxBodySize->setToolTip(tr("Largest response body; a larger one fails its query (CLI: --max-body-size)"));
    for (QDateTimeEdit *edit : { m_start, m_end }) {
        edit->setTimeSpec(Qt::UTC);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
        edit->setCalendarPopup(true);
        edit->setEnabled(false);
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_start->setDateTime(now.addDays(-7));
    m_end->setDateTime(now);
    connect(m_useStart, &QCheckBox::toggled, m_start, &QWidget::setEnabled);
    connect(m_useEnd, &QCheckBox::toggled, m_end, &QWidget::setEnabled);

    QFormLayout *form = m_form;
    form->setContentsMargins(0, 0, 0, 0);
    auto *sizes = new QHBoxLayout;
    sizes->addWidget(m_maxResults);
    sizes->addWidget(new QLabel(tr("Pages per query:"), this));
    sizes->addWidget(m_pages);
    form->addRow(tr("Tweets per page:"), sizes);
    form->addRow(m_maxResultsNote);
    form->setRowVisible(m_maxResultsNote, false);
    form->addRow(tr("Max concurrency:"), m_concurrency);
    form->addRow(tr("Max body size:"), m_maxBodySize);
    form->addRow(m_useStart, m_start);
    form->addRow(m_useEnd, m_end);
}

ts::search::SearchOptions RunOptionsPanel::options() const
{
    ts::search::SearchOptions o;
    o.maxResults = m_maxResults->value();
    o.pages = m_pages->value();
    o.maxConcurrency = m_concurrency->value();
    o.maxBodyBytes = qint64(m_maxBodySize->value()) << 20;
    if (m_useStart->isChecked())
        o.startTime = m_start->dateTime();
    if (m_useEnd->isChecked())
        o.endTime = m_end->dateTime();
    return o;
}

void RunOptionsPanel::setOptions(const ts::search::SearchOptions &o)
{
    m_maxResults->setValue(o.maxResults);
    m_pages->setValue(o.pages);
    m_concurrency->setValue(o.maxConcurrency);
    m_maxBodySize->setValue(int(std::clamp<qint64>(o.maxBodyBytes >> 20, 1, 4096)));
    m_useStart->setChecked(o.startTime.has_value());
    if (o.startTime)
        m_start->setDateTime(*o.startTime);
    m_useEnd->setChecked(o.endTime.has_value());
    if (o.endTime)
        m_end->setDateTime(*o.endTime);
}

void RunOptionsPanel::setProviders(const QList<ts::search::ProviderKind> &providers)
{
    m_providers = providers;
    updateMaxResultsNote();
}

QString RunOptionsPanel::maxResultsNote() const
{
    return m_maxResultsNote->text();
}

void RunOptionsPanel::updateMaxResultsNote()
{
    // What each provider is sent, when it is not the value shown (SearchProvider::clampMaxResults).
    const int asked = m_maxResults->value();
    QStringList said;
    for (const ts::search::ProviderKind kind : std::as_const(m_providers)) {
        const auto limits = ts::search::SearchProvider::limitsFor(kind);
        const int sent = std::clamp(asked, limits.minResults, limits.maxResults);
        if (sent != asked)
            said << tr("%1 takes %2-%3 a page: %4 is sent.")
                        .arg(providerTitle(kind))
                        .arg(limits.minResults)
                        .arg(limits.maxResults)
                        .arg(sent);
    }
    said.removeDuplicates();
    m_maxResultsNote->setText(said.join(u' '));
    m_form->setRowVisible(m_maxResultsNote, !said.isEmpty());
}

void RunOptionsPanel::save(QSettings &settings) const
{
    const auto o = options();
    settings.setValue(QStringLiteral("run/maxResults"), o.maxResults);
    settings.setValue(QStringLiteral("run/pages"), o.pages);
    settings.setValue(QStringLiteral("run/maxConcurrency"), o.maxConcurrency);
    settings.setValue(QStringLiteral("run/maxBodySize"), m_maxBodySize->value());
}

void RunOptionsPanel::load(const QSettings &settings)
{
    m_maxResults->setValue(settings.value(QStringLiteral("run/maxResults"), 100).toInt());
    m_pages->setValue(settings.value(QStringLiteral("run/pages"), 1).toInt());
    m_concurrency->setValue(settings.value(QStringLiteral("run/maxConcurrency"), 0).toInt());
    m_maxBodySize->setValue(settings.value(QStringLiteral("run/maxBodySize"), 64).toInt());
}

} // namespace ts::ui
