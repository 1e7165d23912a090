// SPDX-License-Identifier: MIT
#include "connectionpanel.h"

#include "common/urltext.h"
#include "search/searchprovider.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QResizeEvent>
#include <QToolButton>

namespace ts::ui {

using ts::search::ProviderKind;

namespace {

/// One line that fits: elided at the right when narrower than its text (all of it in the tooltip).
class ElidedLabel : public QLabel
{
public:
    using QLabel::QLabel;
    void setFullText(const QString &text)
    {
        m_full = text;
        setToolTip(text);
        elide();
    }

protected:
    void resizeEvent(QResizeEvent *event) override
    {
        QLabel::resizeEvent(event);
        elide();
    }

private:
    void elide() { setText(fontMetrics().elidedText(m_full, Qt::ElideRight, std::max(0, contentsRect().width()))); }
    QString m_full;
};

} // namespace

ConnectionPanel::ConnectionPanel(QWidget *parent)
    : QWidget(parent)
    , m_provider(new QComboBox(this))
    , m_compare(new QComboBox(this))
    , m_compareNote(new QLabel(this))
    , m_compareBaseUrl(new QLineEdit(this))
    , m_baseUrl(new QLineEdit(this))
    , m_account(new QLineEdit(this))
    , m_label(new QLineEdit(this))
    , m_username(new QLineEdit(this))
    , m_latency(new QComboBox(this))
    , m_caFile(new QLineEdit(this))
    , m_credentialState(new QLabel(this))
    , m_credentials(new QPushButton(tr("Credentials…"), this))
    , m_more(new QToolButton(this))
    , m_moreSummary(new ElidedLabel(this))
    , m_form(new QFormLayout(this))
{
    m_compare->addItem(tr("none"), -1);
    for (auto kind : { ProviderKind::Local, ProviderKind::XRecent, ProviderKind::XAll, ProviderKind::Enterprise30Day,
             ProviderKind::EnterpriseFullArchive, ProviderKind::Bluesky }) {
        m_provider->addItem(providerTitle(kind), int(kind));
        m_compare->addItem(providerTitle(kind), int(kind));
    }
    m_provider->setObjectName(QStringLiteral("provider"));
    m_compare->setObjectName(QStringLiteral("compareProvider"));
    m_compare->setToolTip(tr("Sequential and concurrent runs send the same queries to this provider too, after the "
                             "first, and show both side by side (the table's Provider column, the charts). Compare, "
                             "sweep, volume and hydration use the first provider only."));
    m_compareBaseUrl->setObjectName(QStringLiteral("compareBaseUrl"));
    m_compareBaseUrl->setClearButtonEnabled(true);
    m_compareBaseUrl->setToolTip(tr("Where “Also run on” sends its queries (the CLI's --compare-base-url). Empty: "
                                    "the local archive when the provider above is local (it serves every API "
                                    "shape), else the provider's public host."));
    m_compareNote->setObjectName(QStringLiteral("compareNote"));
    m_compareNote->setWordWrap(true);
    m_compareNote->setForegroundRole(QPalette::PlaceholderText);
    m_baseUrl->setObjectName(QStringLiteral("baseUrl"));
    m_baseUrl->setClearButtonEnabled(true);
    m_latency->setEditable(true);
    m_latency->setObjectName(QStringLiteral("latency"));
    m_latency->addItems({ QStringLiteral("realistic"), QStringLiteral("none"), QStringLiteral("fixed:20"),
        QStringLiteral("fixed:200"), QStringLiteral("lognormal:300,0.6") });
    m_latency->setToolTip(tr("How long the local archive takes to answer: none, fixed:MS, lognormal:MEDIAN_MS,SIGMA, "
                             "or realistic (about 700 ms median, like the Gnip API)"));
    m_caFile->setObjectName(QStringLiteral("caFile"));
    m_caFile->setClearButtonEnabled(true);
    m_caFile->setPlaceholderText(tr("system CAs only"));
    m_caFile->setToolTip(tr("A PEM file of CA certificates to trust for https besides the system's (a private or "
                            "test CA; the CLI's --ca-file). TLS errors are never ignored."));
    m_credentialState->setWordWrap(true);
    m_credentialState->setObjectName(QStringLiteral("credentialState"));
    m_credentials->setObjectName(QStringLiteral("credentials"));
    m_credentialState->setForegroundRole(QPalette::PlaceholderText);

    m_more->setObjectName(QStringLiteral("moreConnection"));
    m_more->setText(tr("More connection settings"));
    m_more->setAutoRaise(true);
    m_more->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_more->setArrowType(Qt::RightArrow);
    m_more->setToolTip(tr("“Also run on”, the base URLs, the CA file and the local archive's latency"));
    m_moreSummary->setObjectName(QStringLiteral("moreSummary"));
    m_moreSummary->setForegroundRole(QPalette::PlaceholderText);
    m_moreSummary->setTextFormat(Qt::PlainText);
    m_moreSummary->setMinimumWidth(0);
    m_moreSummary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    // One form, so the labels of the rows under "More connection settings" line up with the
    // rest; updateEnabled() shows and hides its rows.
    QFormLayout *form = m_form;
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Provider:"), m_provider);
    form->addRow(tr("Account:"), m_account);
    form->addRow(tr("Label:"), m_label);
    form->addRow(tr("User name:"), m_username);
    auto *credentials = new QHBoxLayout;
    credentials->addWidget(m_credentials);
    credentials->addWidget(m_credentialState, 1);
    form->addRow(credentials);
    auto *more = new QHBoxLayout;
    more->addWidget(m_more);
    more->addWidget(m_moreSummary, 1);
    form->addRow(more);
    form->addRow(tr("Also run on:"), m_compare);
    form->addRow(m_compareNote);
    form->addRow(tr("Its base URL:"), m_compareBaseUrl);
    form->addRow(tr("Base URL:"), m_baseUrl);
    form->addRow(tr("CA file:"), m_caFile);
    form->addRow(tr("Latency:"), m_latency);

    connect(m_more, &QToolButton::clicked, this, [this] { setMoreShown(!m_moreShown); });
    for (QComboBox *combo : { m_provider, m_compare }) {
        connect(combo, &QComboBox::currentIndexChanged, this, [this] {
            updateEnabled();
            Q_EMIT changed();
        });
    }
    for (QLineEdit *edit : { m_compareBaseUrl, m_baseUrl, m_account, m_label, m_username, m_caFile })
        connect(edit, &QLineEdit::editingFinished, this, [this] {
            updateEnabled();
            Q_EMIT changed();
        });
    // Whether "Also run on" repeats the provider above depends on both base URLs: the note
    // follows them as they are typed.
    for (QLineEdit *edit : { m_compareBaseUrl, m_baseUrl })
        connect(edit, &QLineEdit::textChanged, this, &ConnectionPanel::updateEnabled);
    connect(m_latency, &QComboBox::currentTextChanged, this, &ConnectionPanel::changed);
    connect(m_credentials, &QPushButton::clicked, this, &ConnectionPanel::credentialsRequested);
    updateEnabled();
}

ConnectionSettings ConnectionPanel::settings() const
{
    ConnectionSettings s;
    s.provider = ProviderKind(m_provider->currentData().toInt());
    s.baseUrl = m_baseUrl->text().trimmed();
    s.account = m_account->text().trimmed();
    s.label = m_label->text().trimmed();
    s.username = m_username->text().trimmed();
    s.latency = m_latency->currentText().trimmed();
    s.caFile = m_caFile->text().trimmed();
    if (const int compare = m_compare->currentData().toInt(); compare >= 0)
        s.compareProvider = ProviderKind(compare);
    s.compareBaseUrl = m_compareBaseUrl->text().trimmed();
    return s;
}

void ConnectionPanel::setSettings(const ConnectionSettings &s)
{
    const QSignalBlocker blocker(this);
    m_provider->setCurrentIndex(std::max(0, m_provider->findData(int(s.provider))));
    m_baseUrl->setText(s.baseUrl);
    m_account->setText(s.account);
    m_label->setText(s.label);
    m_username->setText(s.username);
    m_latency->setCurrentText(s.latency);
    m_caFile->setText(s.caFile);
    m_compare->setCurrentIndex(std::max(0, m_compare->findData(s.compareProvider ? int(*s.compareProvider) : -1)));
    m_compareBaseUrl->setText(s.compareBaseUrl);
    updateEnabled();
}

void ConnectionPanel::setCredentialState(const QString &text)
{
    m_credentialState->setText(text);
}

void ConnectionPanel::setRunning(bool running)
{
    for (QWidget *w : std::initializer_list<QWidget *> { m_provider, m_compare, m_compareBaseUrl, m_baseUrl, m_account,
             m_label, m_username, m_latency, m_caFile, m_credentials })
        w->setEnabled(!running);
    if (!running)
        updateEnabled();
}

bool ConnectionPanel::moreShown() const
{
    return m_moreShown;
}

void ConnectionPanel::setMoreShown(bool shown)
{
    if (shown == m_moreShown)
        return;
    m_moreShown = shown;
    m_more->setArrowType(shown ? Qt::DownArrow : Qt::RightArrow);
    updateEnabled();
}

QString ConnectionPanel::moreSummary(const ConnectionSettings &s) const
{
    QStringList set;
    if (s.compareProvider)
        set << (s.compareBaseUrl.isEmpty()
                ? tr("Also run on: %1").arg(providerTitle(*s.compareProvider))
                : tr("Also run on: %1 at %2")
                      .arg(providerTitle(*s.compareProvider), ts::redactedUrl(s.compareBaseUrl)));
    if (!s.baseUrl.isEmpty())
        set << tr("base URL %1").arg(ts::redactedUrl(s.baseUrl));
    if (!s.caFile.isEmpty())
        set << tr("CA file");
    return set.join(QStringLiteral("; "));
}

void ConnectionPanel::updateEnabled()
{
    const ConnectionSettings s = settings();
    // A problem in a row under "More connection settings" opens it: the note must be seen.
    if (s.compareIsSame() && !m_moreShown) {
        setMoreShown(true); // comes back here
        return;
    }
    const bool more = m_moreShown;
    m_form->setRowVisible(m_account, s.isEnterprise());
    m_form->setRowVisible(m_label, s.isEnterprise());
    // The second provider signs in with the same user name (the CLI's --compare-provider too).
    ConnectionSettings second = s;
    if (s.compareProvider)
        second.provider = *s.compareProvider;
    const bool bluesky = s.provider == ProviderKind::Bluesky || second.provider == ProviderKind::Bluesky;
    m_form->setRowVisible(m_username, s.needsUserName() || second.needsUserName());
    m_username->setPlaceholderText(bluesky ? tr("your handle, e.g. alice.bsky.social") : QString());
    static_cast<ElidedLabel *>(m_moreSummary)->setFullText(more ? QString() : moreSummary(s));
    m_form->setRowVisible(m_compare, more);
    // Another provider, or the same one at another base URL (SearchProvider::repeatsFirst, the
    // CLI's rule): the same one at the same place compares nothing.
    m_form->setRowVisible(m_compareNote, more && s.compareIsSame());
    m_compareNote->setText(!s.compareIsSame() ? QString()
            : s.compareBaseUrl.isEmpty()
            ? tr("The provider above again: give it a base URL of its own, or choose another one.")
            : tr("Where the provider above goes already: give it another base URL, or another provider."));
    // The second provider's base URL: only when there is one; empty is the default it says.
    m_form->setRowVisible(m_compareBaseUrl, more && s.compareProvider);
    if (s.compareProvider) {
        const bool sharesLocal = s.provider == ProviderKind::Local;
        m_compareBaseUrl->setPlaceholderText(sharesLocal ? tr("the local archive of the provider above")
                : *s.compareProvider == ProviderKind::Local
                ? tr("built-in archive, started on 127.0.0.1")
                : ts::search::SearchProvider::defaultBaseUrl(*s.compareProvider).toString());
    }
    m_form->setRowVisible(m_baseUrl, more);
    m_form->setRowVisible(m_caFile, more);
    const bool local = s.provider == ProviderKind::Local;
    m_form->setRowVisible(m_latency, more && local);
    m_latency->setEnabled(local && s.baseUrl.isEmpty());
    m_baseUrl->setPlaceholderText(local ? tr("built-in archive, started on 127.0.0.1")
                                        : ts::search::SearchProvider::defaultBaseUrl(s.provider).toString());
    m_credentials->setEnabled(true);
}

} // namespace ts::ui
