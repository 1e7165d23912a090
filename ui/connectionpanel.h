// SPDX-License-Identifier: MIT
#pragma once

#include "connectionsettings.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace ts::ui {

/// Provider, base URL, Enterprise account/label/user, local archive latency, and the way to
/// the credentials dialog. Holds no secrets.
class ConnectionPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ConnectionPanel(QWidget *parent = nullptr);

    ConnectionSettings settings() const;
    void setSettings(const ConnectionSettings &settings);
    /// Shown next to the credentials button ("bearer token stored", "keychain unavailable").
    void setCredentialState(const QString &text);
    void setRunning(bool running);

Q_SIGNALS:
    void changed();
    void credentialsRequested();

private:
    void updateEnabled();

    QComboBox *m_provider;
    QComboBox *m_compare; ///< "Also run on": none or another provider
    QLabel *m_compareNote; ///< why "Also run on" is refused, when it is
    QLineEdit *m_baseUrl;
    QLineEdit *m_account;
    QLineEdit *m_label;
    QLineEdit *m_username;
    QComboBox *m_latency;
    QLineEdit *m_caFile;
    QLabel *m_credentialState;
    QPushButton *m_credentials;
    QList<QWidget *> m_enterpriseRows;
    QList<QWidget *> m_userNameRows; ///< the user name: Enterprise and Bluesky
    QWidget *m_latencyLabel = nullptr;
};

} // namespace ts::ui
