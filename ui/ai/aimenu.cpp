#include "ai/aimenu.h"

#include "ai/aiendpoint.h"
#include "memories/bulkembedding.h"
#include "ai/promptsdialog.h"
#include "ai/usagedock.h"

#include <QAction>
#include <QLocale>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>

AiMenu::AiMenu(AiEndpoint *endpoint, TaskRunner *runner, DatabaseWorker *worker, QMainWindow *window)
    : QObject(window)
    , m_endpoint(endpoint)
    , m_window(window)
    , m_menu(new QMenu(tr("&AI"), window))
    , m_usageDock(new UsageDock(endpoint, worker, window))
    , m_embedding(new BulkEmbedding(runner, worker, this))
    , m_worker(worker)
    , m_runner(runner)
{
    m_menu->setObjectName(QStringLiteral("aiMenu"));
    m_embedMissing = m_menu->addAction(tr("&Embed Memories Lacking Embeddings"));
    m_embedMissing->setObjectName(QStringLiteral("embedMissingAction"));
    m_embedMissing->setStatusTip(tr("Embeds every memory with no embedding, or one made by another model. "
                                    "A rerun continues where the last one stopped."));
    connect(m_embedMissing, &QAction::triggered, this, [this] { embed({}); });
    m_evaluateMissing = m_menu->addAction(tr("E&valuate Memories Lacking Evaluations"));
    m_evaluateMissing->setObjectName(QStringLiteral("evaluateMissingAction"));
    connect(m_evaluateMissing, &QAction::triggered, this, [this] { evaluate({}); });
    m_menu->addSeparator();
    m_reembed = m_menu->addAction(tr("Re-embed &Selected Memories"));
    connect(m_reembed, &QAction::triggered, this, [this] {
        if (const QList<QUuid> ids = m_selection ? m_selection() : QList<QUuid>(); !ids.isEmpty())
            embed(ids);
    });
    m_reevaluate = m_menu->addAction(tr("Re-evaluate Selected &Memories"));
    connect(m_reevaluate, &QAction::triggered, this, [this] {
        if (const QList<QUuid> ids = m_selection ? m_selection() : QList<QUuid>(); !ids.isEmpty())
            evaluate(ids);
    });
    createFilteredActions();
    QAction *prompts = m_menu->addAction(tr("Evaluation &Prompts…"));
    connect(prompts, &QAction::triggered, this, [this] {
        auto *dialog = new PromptsDialog(m_window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    m_menu->addSeparator();

    window->addDockWidget(Qt::BottomDockWidgetArea, m_usageDock);
    m_usageDock->hide();
    QAction *usage = m_usageDock->toggleViewAction();
    usage->setText(tr("&Usage and Cost"));
    usage->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U));
    m_menu->addAction(usage);
    connect(m_usageDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible)
            m_usageDock->reload();
    });

    m_menu->addSeparator();
    QAction *settings = m_menu->addAction(tr("AI &Endpoint…"));
    connect(settings, &QAction::triggered, this, &AiMenu::settingsRequested);

    connect(m_embedding, &BulkEmbedding::finished, this, [this](const BulkEmbedding::Summary &s) {
        const QLocale locale;
        QString text;
        if (!s.error.isEmpty())
            text = tr("Embedding stopped after %Ln memories: %1", nullptr, int(s.embedded)).arg(s.error);
        else if (s.cancelled)
            text = tr("Embedding cancelled after %1 of %Ln memories; run it again to continue.", nullptr, int(s.total))
                       .arg(locale.toString(s.embedded));
        else
            text = tr("Embedded %Ln memories in %1 s.", nullptr, int(s.embedded))
                       .arg(locale.toString(s.elapsedMs / 1000.0, 'f', 1));
        m_window->statusBar()->showMessage(text, 15000);
        m_endpoint->release();
        updateActions();
        if (s.embedded > 0)
            Q_EMIT memoriesChanged();
    });
    connect(endpoint, &AiEndpoint::changed, this, &AiMenu::updateActions);
    updateActions();
}

void AiMenu::embed(const QList<QUuid> &ids)
{
    if (!m_embedding->start(m_endpoint->embedder(), ids))
        return;
    m_endpoint->acquire();
    m_window->statusBar()->showMessage(tr("Embedding memories with %1…").arg(m_endpoint->embedder()->modelName()), 4000);
    updateActions();
}

void AiMenu::updateActions()
{
    m_embedMissing->setEnabled(!m_embedding->isRunning());
    const bool online = m_endpoint->isOnline();
    m_evaluateMissing->setEnabled(online && !m_evaluating);
    m_evaluateMissing->setStatusTip(online ? tr("Asks the chat model for the archetype evaluations of every memory "
                                                "that has none yet. A rerun continues where the last one stopped.")
                                           : tr("Evaluations need an AI endpoint: set one under AI → AI Endpoint."));
    m_evaluateMissing->setToolTip(m_evaluateMissing->statusTip());
    m_reembed->setEnabled(!m_embedding->isRunning());
    m_reevaluate->setEnabled(online && !m_evaluating);
    m_reevaluate->setStatusTip(online ? tr("Asks the chat model again about the memories selected in the grid and "
                                           "replaces their evaluations.")
                                      : m_evaluateMissing->statusTip());
    m_reembed->setStatusTip(tr("Embeds the memories selected in the grid again (unchanged texts come from the cache)."));
    m_reembedFiltered->setEnabled(m_filtered && !m_resolving && !m_embedding->isRunning());
    m_reevaluateFiltered->setEnabled(m_filtered && !m_resolving && online && !m_evaluating);
    m_reevaluateFiltered->setStatusTip(online ? tr("Asks the chat model again about every memory the grid's filter "
                                                   "matches and replaces their evaluations.")
                                              : m_evaluateMissing->statusTip());
}
