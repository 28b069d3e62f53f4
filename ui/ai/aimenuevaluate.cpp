// AiMenu: evaluating every memory that lacks evaluations, as a task.
#include "ai/aimenu.h"

#include "ai/aiendpoint.h"
#include "archetypes/archetypeevaluator.h"
#include "archetypes/bulkevaluation.h"
#include "ai/openaiclient.h"
#include "archetypes/promptlibrary.h"

#include <QAction>
#include <QLocale>
#include <QMainWindow>
#include <QPointer>
#include <QStatusBar>

QCoro::Task<> AiMenu::evaluate(QList<QUuid> ids)
{
    OpenAiClient *client = m_endpoint->client();
    if (!client || m_evaluating)
        co_return;
    const Result<PromptTemplate> prompt = PromptLibrary().find(QStringLiteral("archetype-evaluation"),
        QString::fromLatin1(PromptLibrary::PerMemory));
    if (!prompt) {
        m_window->statusBar()->showMessage(tr("Cannot evaluate: %1").arg(prompt.errorMessage()), 15000);
        co_return;
    }
    QPointer<AiMenu> self(this);
    m_evaluating = true;
    m_endpoint->acquire(); // the client stays as it is until the run ends
    updateActions();
    m_window->statusBar()->showMessage(tr("Evaluating memories with %1…").arg(client->settings().chatModel), 4000);

    ArchetypeEvaluator evaluator(*client, *prompt);
    BulkEvaluation job(*m_worker, evaluator, m_runner);
    BulkEvaluationOptions options; // no ids: every memory lacking evaluations by this model and prompt
    options.ids = ids;
    options.skipDone = ids.isEmpty(); // a selection is evaluated again
    const BulkEvaluationSummary summary = co_await job.run(options);
    if (!self)
        co_return;
    const QLocale locale;
    QString text;
    if (summary.error)
        text = tr("Evaluation stopped after %Ln memories: %1", nullptr, int(summary.evaluated))
                   .arg(summary.error->message);
    else if (summary.cancelled)
        text = tr(
            "Evaluation cancelled after %1 of %Ln memories; run it again to continue.", nullptr, int(summary.total))
                   .arg(locale.toString(summary.evaluated));
    else
        text = summary.failed > 0
            ? tr("Evaluated %Ln memories in %1 s; %2 failed validation and were kept for inspection.", nullptr,
                int(summary.evaluated))
                  .arg(locale.toString(summary.elapsedMs / 1000.0, 'f', 1), locale.toString(summary.failed))
            : tr("Evaluated %Ln memories in %1 s.", nullptr, int(summary.evaluated))
                  .arg(locale.toString(summary.elapsedMs / 1000.0, 'f', 1));
    m_window->statusBar()->showMessage(text, 15000);
    m_evaluating = false;
    m_endpoint->release();
    updateActions();
    if (summary.evaluated > 0)
        Q_EMIT memoriesChanged();
}
