// MemoriesPage: searching by meaning and "more like this" (the grid's similarity mode).
#include "memories/memoriespage.h"

#include "ai/embedder.h"
#include "memories/memorytablemodel.h"

#include <QCoroTask>
#include <QLabel>
#include <QTableView>

void MemoriesPage::searchByMeaning(const QString &text)
{
    const quint64 generation = ++m_embedGeneration;
    m_embedding = true;
    updateBusy();
    m_similarText->setText(tr("Embedding “%1”…").arg(text));
    m_similarBanner->show();
    QCoro::connect(m_embedder->embed(QStringList { text }), this,
        [this, generation, text](const Result<QList<Embedding>> &vectors) {
            if (generation != m_embedGeneration)
                return; // a newer search (or "show all") replaced this one
            m_embedding = false;
            updateBusy();
            if (!vectors || vectors->isEmpty()) {
                showError(
                    tr("Could not search by meaning: %1").arg(vectors ? tr("no vector") : vectors.errorMessage()));
                m_similarBanner->hide();
                return;
            }
            m_similarText->setText(m_embedder->isSemantic()
                    ? tr("Memories closest in meaning to “%1”, within the filters.").arg(text)
                    : tr("Memories most similar to “%1”, within the filters. The offline embedder (%2) compares "
                         "shared words, not meaning.")
                          .arg(text, m_embedder->modelName()));
            m_model->showSimilar(vectors->first());
            saveSettings();
        });
}

void MemoriesPage::showMoreLike(const QUuid &id)
{
    ++m_embedGeneration;
    const int row = m_model->rowOf(id);
    const QString summary = row >= 0 ? m_model->index(row, MemoryTableModel::Summary).data().toString() : QString();
    m_similarText->setText(tr("Memories most like “%1”, within the filters")
                               .arg(summary.isEmpty() ? id.toString(QUuid::WithoutBraces) : summary.left(80)));
    m_similarBanner->show();
    m_model->showMoreLike(id);
}

void MemoriesPage::showAllMemories()
{
    ++m_embedGeneration;
    if (m_embedding) {
        m_embedding = false;
        updateBusy();
    }
    m_similarBanner->hide();
    m_model->showAll();
    saveSettings();
}

void MemoriesPage::onSimilarityModeChanged(bool similar)
{
    m_table->setColumnHidden(MemoryTableModel::Similarity, !similar);
    m_similarBanner->setVisible(similar || m_embedding);
    m_columnsSized = false;
}
