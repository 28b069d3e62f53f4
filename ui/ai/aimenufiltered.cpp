// AiMenu: re-embedding and re-evaluating every memory the grid's filter matches.
#include "ai/aimenu.h"

#include "ai/aiendpoint.h"
#include "memories/bulkembedding.h"
#include "memories/memoryservice.h"
#include "ai/openaiclient.h"

#include <QAction>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QStatusBar>

void AiMenu::createFilteredActions()
{
    m_reembedFiltered = m_menu->addAction(tr("Re-embed All Matching the &Filter…"));
    m_reembedFiltered->setObjectName(QStringLiteral("reembedFilteredAction"));
    m_reembedFiltered->setStatusTip(tr("Embeds every memory the grid's filter matches again (unchanged texts come "
                                       "from the cache)."));
    connect(m_reembedFiltered, &QAction::triggered, this, [this] { onFiltered(false); });
    m_reevaluateFiltered = m_menu->addAction(tr("Re-evaluate All Matching the Fi&lter…"));
    m_reevaluateFiltered->setObjectName(QStringLiteral("reevaluateFilteredAction"));
    connect(m_reevaluateFiltered, &QAction::triggered, this, [this] { onFiltered(true); });
    m_confirm = [this](const QString &title, const QString &text) {
        return QMessageBox::question(m_window, title, text, QMessageBox::Ok | QMessageBox::Cancel, QMessageBox::Cancel)
            == QMessageBox::Ok;
    };
}

void AiMenu::setFilterScope(std::function<MemoryFilter()> filter)
{
    m_filtered = std::move(filter);
    updateActions();
}

void AiMenu::onFiltered(bool evaluateThem)
{
    if (!m_filtered || m_resolving)
        return;
    m_resolving = true;
    updateActions();
    m_window->statusBar()->showMessage(tr("Finding the memories that match the filter…"));
    MemoryService(m_worker).filteredIds(this, m_filtered(), [this, evaluateThem](const Result<QList<QUuid>> &ids) {
        m_resolving = false;
        updateActions();
        m_window->statusBar()->clearMessage();
        if (!ids) {
            m_window->statusBar()->showMessage(
                tr("Could not read the memories matching the filter: %1").arg(ids.error().message), 15000);
            return;
        }
        if (ids->isEmpty()) {
            m_window->statusBar()->showMessage(tr("No memory matches the filter; nothing to do."), 15000);
            return;
        }
        const int n = int(ids->size());
        // Both can be long and cost money online, and the filter's memories are mostly off screen: the
        // operator agrees to the exact count first.
        if (evaluateThem) {
            const OpenAiClient *client = m_endpoint->client();
            if (!client || m_evaluating)
                return;
            if (!m_confirm(tr("Re-evaluate memories"),
                    tr("Re-evaluate %Ln memories matching the filter with %1? Each memory is one request to the chat "
                       "model, and its evaluations are replaced.",
                        nullptr, n)
                        .arg(client->settings().chatModel)))
                return;
            evaluate(*ids);
        } else {
            if (m_embedding->isRunning())
                return;
            if (!m_confirm(tr("Re-embed memories"),
                    tr("Re-embed %Ln memories matching the filter with %1? Texts embedded before come from the cache.",
                        nullptr, n)
                        .arg(m_endpoint->embedder()->modelName())))
                return;
            embed(*ids);
        }
    });
}
