// SPDX-License-Identifier: MIT
#include "credentialsdialog.h"

#include "search/credentialstore.h"

#include "common/urltext.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace ts::ui {

CredentialsDialog::CredentialsDialog(
    search::CredentialStore *store, const ConnectionSettings &connection, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_connection(connection)
    , m_key(keyFor(connection))
    , m_status(new QLabel(this))
    , m_environment(new QLabel(this))
    , m_secret(new QLineEdit(this))
    , m_save(new QPushButton(tr("Store in keychain"), this))
    , m_forget(new QPushButton(tr("Forget"), this))
{
    setWindowTitle(tr("Credentials for %1").arg(providerTitle(connection.provider)));
    const bool enterprise = connection.needsUserName(); // a user name and a password
    const bool bluesky = connection.provider == ts::search::ProviderKind::Bluesky;
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setObjectName(QStringLiteral("secret"));
    m_secret->setPlaceholderText(bluesky ? tr("App password (Settings > Privacy and security > App passwords)")
            : enterprise                 ? tr("Enterprise password")
                                         : tr("Bearer token"));
    m_status->setObjectName(QStringLiteral("credentialStatus"));
    m_save->setObjectName(QStringLiteral("storeCredential"));
    m_status->setWordWrap(true);
    m_environment->setWordWrap(true);
    m_environment->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_environment->setText(enterprise
            ? tr("Scripts and machines without a keychain can set TWEETSCOPE_USERNAME and "
                 "TWEETSCOPE_PASSWORD in the environment instead.")
            : tr("Scripts and machines without a keychain can set TWEETSCOPE_BEARER_TOKEN in the "
                 "environment instead."));

    auto *form = new QFormLayout;
    if (enterprise)
        form->addRow(tr("User name:"),
            new QLabel(connection.username.isEmpty() ? tr("(set it in the connection panel)")
                                                     : connection.username.toHtmlEscaped(),
                this));
    form->addRow(bluesky ? tr("App password:") : enterprise ? tr("Password:") : tr("Bearer token:"), m_secret);
    const QString problem = transportProblem(connection.baseUrl);
    if (!problem.isEmpty()) {
        auto *warning = new QLabel(problem, this);
        warning->setWordWrap(true);
        form->addRow(warning);
    }

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_save, QDialogButtonBox::ActionRole);
    buttons->addButton(m_forget, QDialogButtonBox::DestructiveRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_save, &QPushButton::clicked, this, &CredentialsDialog::save);
    connect(m_forget, &QPushButton::clicked, this, &CredentialsDialog::forget);
    connect(m_secret, &QLineEdit::textChanged, this, [this](const QString &t) { m_save->setEnabled(!t.isEmpty()); });
    m_save->setEnabled(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addLayout(form);
    layout->addWidget(m_environment);
    layout->addWidget(buttons);
    setMinimumWidth(460);
    refreshStatus();
}

QString CredentialsDialog::keyFor(const ConnectionSettings &connection)
{
    if (connection.provider == ts::search::ProviderKind::Bluesky)
        return QLatin1String(search::CredentialStore::BlueskyAppPasswordKey);
    return QLatin1String(connection.isEnterprise() ? search::CredentialStore::EnterprisePasswordKey
                                                   : search::CredentialStore::BearerTokenKey);
}

QString CredentialsDialog::transportProblem(const QString &baseUrl)
{
    const QUrl url(baseUrl);
    if (baseUrl.isEmpty() || url.scheme() != u"http")
        return {};
    const QHostAddress address(url.host());
    if (url.host() == u"localhost" || (!address.isNull() && address.isLoopback()))
        return {};
    return tr("%1 is plain http to another machine: Tweetscope will not send credentials there. "
              "Use https, or a loopback address for a local archive.")
        .arg(ts::redactedUrl(baseUrl));
}

void CredentialsDialog::refreshStatus()
{
    m_status->setText(tr("Checking the keychain…"));
    QPointer<CredentialsDialog> self(this);
    m_store->isStored(m_key, [self](search::CredentialStore::Status status) {
        if (!self)
            return;
        const bool env = !search::CredentialStore::fromEnvironment(self->m_key).isEmpty();
        QString text;
        switch (status) {
        case search::CredentialStore::Status::Ok:
            text = tr("A credential is stored in the keychain (service \"tweetscope\", key \"%1\").").arg(self->m_key);
            break;
        case search::CredentialStore::Status::NotFound:
            text = tr("No credential is stored in the keychain.");
            break;
        case search::CredentialStore::Status::KeychainUnavailable:
            text = tr("<b>The system keychain is not available</b> (no secret service is running or it is "
                      "locked), so nothing can be stored. Use the environment variables below.");
            break;
        case search::CredentialStore::Status::Failed:
            text = tr("The keychain could not be read.");
            break;
        }
        if (env)
            text += u' ' + tr("The environment provides one too; it is used when the keychain has none.");
        self->m_status->setText(text);
        self->m_forget->setEnabled(status == search::CredentialStore::Status::Ok);
        self->m_secret->setEnabled(status != search::CredentialStore::Status::KeychainUnavailable);
    });
}

void CredentialsDialog::save()
{
    // The field keeps the secret until the keychain took it: a refusal loses nothing.
    const QString secret = m_secret->text();
    QPointer<CredentialsDialog> self(this);
    m_store->write(m_key, secret, [self](search::CredentialStore::Status status, const QString &error) {
        if (!self)
            return;
        if (status == search::CredentialStore::Status::KeychainUnavailable) {
            self->m_status->setText(
                tr("<b>Not stored: no keychain is available here</b> (no secret service is running, or it is "
                   "locked). The environment variables below work without one."));
            return;
        }
        if (status != search::CredentialStore::Status::Ok) {
            self->m_status->setText(tr("Not stored: the keychain refused it (%1).").arg(error.toHtmlEscaped()));
            return;
        }
        self->m_secret->clear();
        self->refreshStatus();
    });
}

void CredentialsDialog::forget()
{
    QPointer<CredentialsDialog> self(this);
    m_store->remove(m_key, [self](search::CredentialStore::Status status, const QString &error) {
        if (!self)
            return;
        if (status != search::CredentialStore::Status::Ok)
            self->m_status->setText(tr("Could not forget it: %1").arg(error.toHtmlEscaped()));
        else
            self->refreshStatus();
    });
}

} // namespace ts::ui
