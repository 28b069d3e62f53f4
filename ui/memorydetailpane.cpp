#include "memorydetailpane.h"
#include "datalabel.h"

#include "databaseworker.h"
#include "evaluationchart.h"
#include "evaluationnotesview.h"
#include "linkstree.h"
#include "memoryheader.h"
#include "prioritypanel.h"

#include <QGroupBox>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace {
QLabel *textLabel(const QString &objectName, QWidget *parent)
{
    QLabel *label = makeDataLabel(objectName, parent);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return label;
}

QGroupBox *section(const QString &title, QWidget *parent)
{
    auto *box = new QGroupBox(title, parent);
    new QVBoxLayout(box);
    return box;
}
} // namespace

MemoryDetailPane::MemoryDetailPane(DatabaseWorker *worker, QWidget *parent)
    : QWidget(parent)
    , m_worker(worker)
    , m_stack(new QStackedWidget(this))
    , m_message(new QLabel(this))
    , m_scroll(new QScrollArea(this))
{
    m_message->setObjectName(QStringLiteral("detailMessage"));
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setMargin(24);

    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setWidget(createContent());

    m_stack->addWidget(m_message);
    m_stack->addWidget(m_scroll);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    connect(m_links, &LinksTree::linkActivated, this, [this](const QUuid &id) {
        // Load first, so that a listener that selects the memory elsewhere sees it as current already.
        showMemory(id);
        Q_EMIT linkActivated(id);
    });
    clear();
}

QWidget *MemoryDetailPane::createContent()
{
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);

    m_header = new MemoryHeader(content);
    layout->addWidget(m_header);

    QGroupBox *prompt = section(tr("Prompt"), content);
    m_prompt = textLabel(QStringLiteral("promptText"), prompt);
    prompt->layout()->addWidget(m_prompt);
    layout->addWidget(prompt);

    QGroupBox *reply = section(tr("Reply"), content);
    m_reply = textLabel(QStringLiteral("replyText"), reply);
    reply->layout()->addWidget(m_reply);
    layout->addWidget(reply);

    m_priority = new PriorityPanel(content);
    layout->addWidget(m_priority);

    QGroupBox *evaluations = section(tr("Archetype evaluations"), content);
    m_noEvaluations = new QLabel(tr("No archetype has evaluated this memory yet."), evaluations);
    m_chart = new EvaluationChart(evaluations);
    m_chart->setToolTip(tr("Hover a bar for the evaluator's justification."));
    m_notes = new EvaluationNotesView(evaluations);
    evaluations->layout()->addWidget(m_noEvaluations);
    evaluations->layout()->addWidget(m_chart);
    evaluations->layout()->addWidget(m_notes);
    layout->addWidget(evaluations);

    QGroupBox *links = section(tr("Links"), content);
    m_noLinks = new QLabel(tr("This memory has no links."), links);
    m_links = new LinksTree(links);
    links->layout()->addWidget(m_noLinks);
    links->layout()->addWidget(m_links);
    layout->addWidget(links);

    layout->addStretch(1);
    return content;
}

void MemoryDetailPane::showMemory(const QUuid &id)
{
    if (id.isNull()) {
        clear();
        return;
    }
    const quint64 generation = ++m_generation;
    m_currentId = id;
    // Keep the previous memory on screen while the next loads: swapping to a "Loading" text for the
    // few milliseconds a local load takes only makes the pane flicker.
    if (m_stack->currentWidget() == m_message)
        showMessage(tr("Loading…"));
    setLoading(true);
    m_worker->call(
        this, [id](Repository &repository) { return repository.memoryDetail(id); },
        [this, generation, id](const Result<MemoryDetail> &detail) {
            if (generation != m_generation)
                return; // the user has moved on to another memory
            setLoading(false);
            if (!detail) {
                showMessage(tr("Could not load this memory: %1").arg(detail.error().message));
                Q_EMIT loadFailed(id, detail.error().message);
                return;
            }
            fill(*detail);
            Q_EMIT detailLoaded(id);
        });
}

void MemoryDetailPane::clear()
{
    ++m_generation;
    m_currentId = QUuid();
    setLoading(false);
    // Emptied too, so that nothing still reports the previous memory's text, evaluations or links.
    m_header->clear();
    m_prompt->clear();
    m_reply->clear();
    m_priority->clear();
    m_chart->clear();
    m_notes->setEvaluations({});
    m_links->setLinks({}, {});
    showMessage(tr("Select a memory to see its text, evaluations and links."));
}

void MemoryDetailPane::fill(const MemoryDetail &detail)
{
    const Memory &memory = detail.memory;
    m_header->setMemory(memory);
    m_prompt->setText(memory.userPrompt);
    m_reply->setText(memory.agentReply);
    m_priority->setDetail(detail, QDateTime::currentDateTimeUtc());

    const bool evaluated = !detail.evaluations.isEmpty();
    m_noEvaluations->setVisible(!evaluated);
    m_chart->setVisible(evaluated);
    m_notes->setVisible(evaluated);
    m_chart->setEvaluations(detail.evaluations);
    m_notes->setEvaluations(detail.evaluations);

    m_links->setLinks(detail.outgoing, detail.incoming);
    m_noLinks->setVisible(m_links->linkCount() == 0);
    m_links->setVisible(m_links->linkCount() > 0);

    m_message->clear();
    m_stack->setCurrentWidget(m_scroll);
    m_scroll->verticalScrollBar()->setValue(0);
}

void MemoryDetailPane::showMessage(const QString &text)
{
    m_message->setText(text);
    m_stack->setCurrentWidget(m_message);
}

void MemoryDetailPane::setLoading(bool loading)
{
    if (m_loading == loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged(loading);
}

QString MemoryDetailPane::promptText() const
{
    return m_prompt->text();
}

QString MemoryDetailPane::replyText() const
{
    return m_reply->text();
}

QString MemoryDetailPane::priorityText() const
{
    return m_priority->summaryText();
}

QString MemoryDetailPane::messageText() const
{
    return m_stack->currentWidget() == m_message ? m_message->text() : QString();
}

int MemoryDetailPane::evaluationCount() const
{
    return m_notes->topLevelItemCount();
}

int MemoryDetailPane::linkCount() const
{
    return m_links->linkCount();
}
