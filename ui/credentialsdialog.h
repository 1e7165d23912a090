// SPDX-License-Identifier: MIT
#pragma once

#include "connectionsettings.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace ts::search {
class CredentialStore;
}

namespace ts::ui {

/**
 * Enters, replaces or forgets the secret a provider needs (X API bearer token, Enterprise
 * password), stored only in the keychain. Shows whether one is stored, never its value.
 */
class CredentialsDialog : public QDialog
{
    Q_OBJECT
public:
    CredentialsDialog(search::CredentialStore *store, const ConnectionSettings &connection, QWidget *parent = nullptr);

    /// The keychain key the provider uses ("bearer-token" or "enterprise-password").
    static QString keyFor(const ConnectionSettings &connection);
    /// Why credentials may not be sent to this base URL (plain http to a non-loopback host), or empty.
    static QString transportProblem(const QString &baseUrl);

private:
    void refreshStatus();
    void save();
    void forget();

    search::CredentialStore *m_store;
    ConnectionSettings m_connection;
    QString m_key;
    QLabel *m_status;
    QLabel *m_environment;
    QLineEdit *m_secret;
    QPushButton *m_save;
    QPushButton *m_forget;
};

} // namespace ts::ui
