#include "memories/memorydetailpane.h"
#include "common/datalabel.h"

#include "memories/evaluationchart.h"
#include "memories/evaluationnotesview.h"
#include "memories/linkstree.h"
#include "memories/memoryeditpanel.h"
#include "memories/memoryeditstack.h"
#include "memories/memoryheader.h"
#include "memories/memoryhistoryview.h"
#include "memories/memorymaintenance.h"
#include "memories/memoryneighboursview.h"
#include "memories/memoryrecord.h"
#include "memories/prioritypanel.h"

#include <QFontDatabase>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTabWidget>
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

QScrollArea *scrolling(QWidget *content, QWidget *parent)
{
    auto *scroll = new QScrollArea(parent);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    return scroll;
}
} // namespace

MemoryDetailPane::MemoryDetailPane(DatabaseWorker *worker, QWidget *parent)
    : QWidget(parent)
    , m_memories(worker)
    , m_batch(worker)
    , m_stack(new QStackedWidget(this))
    , m_messagePage(new QWidget(this))
    , m_message(new QLabel(m_messagePage))
    , m_restore(new QPushButton(tr("Restore"), m_messagePage))
    , m_tabs(new QTabWidget(this))
{
    m_message->setObjectName(QStringLiteral("detailMessage"));
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setMargin(24);
    m_restore->setObjectName(QStringLiteral("restoreMemory"));
    m_restore->setToolTip(tr("Bring this memory back: it is no longer deleted or archived."));
    m_restore->hide();
    auto *messageLayout = new QVBoxLayout(m_messagePage);
    messageLayout->addStretch(1);
    messageLayout->addWidget(m_message);
    messageLayout->addWidget(m_restore, 0, Qt::AlignHCenter);
    messageLayout->addStretch(1);
    connect(m_restore, &QPushButton::clicked, this, &MemoryDetailPane::restoreCurrent);

    m_tabs->setObjectName(QStringLiteral("detailTabs"));
    m_tabs->setDocumentMode(true);
    m_overviewScroll = scrolling(createOverview(), m_tabs);
    m_tabs->addTab(m_overviewScroll, tr("Overview"));
    m_tabs->addTab(scrolling(createEvaluations(), m_tabs), tr("Evaluations"));
    m_tabs->addTab(createLinks(), tr("Links"));
    m_history = new MemoryHistoryView(m_tabs);
    m_tabs->addTab(m_history, tr("History"));
    m_json = new QPlainTextEdit(m_tabs);
    m_json->setObjectName(QStringLiteral("rawJson"));
    m_json->setReadOnly(true);
    m_json->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_json->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_tabs->addTab(m_json, tr("JSON"));

    m_stack->addWidget(m_messagePage);
    m_stack->addWidget(m_tabs);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    connect(m_links, &LinksTree::linkActivated, this, [this](const QUuid &id) {
        // Load first, so that a listener that selects the memory elsewhere sees it as current already.
        showMemory(id);
        Q_EMIT linkActivated(id);
    });
    connect(m_neighbours, &MemoryNeighboursView::neighbourActivated, this, [this](const QUuid &id) {
        showMemory(id);
        Q_EMIT linkActivated(id);
    });
    connect(m_edit, &MemoryEditPanel::editRequested, this, &MemoryDetailPane::requestEdit);
    clear();
}

QWidget *MemoryDetailPane::createOverview()
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

    m_edit = new MemoryEditPanel(content);
    layout->addWidget(m_edit);
    m_priority = new PriorityPanel(content);
    layout->addWidget(m_priority);
    layout->addStretch(1);
    return content;
}

QWidget *MemoryDetailPane::createEvaluations()
{
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    m_noEvaluations = new QLabel(tr("No archetype has evaluated this memory yet."), content);
    m_chart = new EvaluationChart(content);
    m_chart->setToolTip(tr("Hover a bar for the evaluator's justification."));
    m_notes = new EvaluationNotesView(content);
    layout->addWidget(m_noEvaluations);
    layout->addWidget(m_chart);
    layout->addWidget(m_notes);
    layout->addStretch(1);
    return content;
}

QWidget *MemoryDetailPane::createLinks()
{
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    QGroupBox *links = section(tr("Links"), content);
    m_noLinks = new QLabel(tr("This memory has no links."), links);
    m_links = new LinksTree(links);
    m_addLink = new QPushButton(tr("Add link…"), links);
    m_addLink->setToolTip(tr("Link this memory to another by its id (a manual link)."));
    m_removeLink = new QPushButton(tr("Remove link"), links);
    m_removeLink->setToolTip(tr("Remove the selected manual link. Links the evaluators made stay."));
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_addLink);
    buttons->addWidget(m_removeLink);
    links->layout()->addWidget(m_noLinks);
    links->layout()->addWidget(m_links);
    static_cast<QVBoxLayout *>(links->layout())->addLayout(buttons);
    layout->addWidget(links);

    QGroupBox *neighbours = section(tr("Nearest neighbours"), content);
    m_neighboursNote = new QLabel(neighbours);
    m_neighboursNote->setWordWrap(true);
    m_neighbours = new MemoryNeighboursView(neighbours);
    m_linkNeighbour = new QPushButton(tr("Link to selected"), neighbours);
    m_linkNeighbour->setToolTip(tr("Add a manual link from this memory to the selected neighbour."));
    auto *neighbourButtons = new QHBoxLayout;
    neighbourButtons->addStretch(1);
    neighbourButtons->addWidget(m_linkNeighbour);
    neighbours->layout()->addWidget(m_neighboursNote);
    neighbours->layout()->addWidget(m_neighbours);
    static_cast<QVBoxLayout *>(neighbours->layout())->addLayout(neighbourButtons);
    layout->addWidget(neighbours, 1);

    connect(m_addLink, &QPushButton::clicked, this, &MemoryDetailPane::addLinkById);
    connect(m_removeLink, &QPushButton::clicked, this, &MemoryDetailPane::removeSelectedLink);
    connect(m_links, &QTreeWidget::currentItemChanged, this, &MemoryDetailPane::updateLinkButtons);
    connect(m_neighbours, &QTreeWidget::currentItemChanged, this, &MemoryDetailPane::updateLinkButtons);
    connect(m_linkNeighbour, &QPushButton::clicked, this, [this] {
        MemoryEdit edit;
        edit.addLinks = { m_neighbours->selectedId() };
        requestEdit(edit);
    });
    return content;
}

QSize MemoryDetailPane::sizeHint() const
{
    return { PreferredWidth, QWidget::sizeHint().height() };
}

QSize MemoryDetailPane::minimumSizeHint() const
{
    // The tabs scroll, so the pane needs no more than its tab bar's width; never more than preferred.
    const QSize hint = QWidget::minimumSizeHint();
    return { std::min(hint.width(), PreferredWidth), hint.height() };
}

void MemoryDetailPane::showMemory(const QUuid &id)
{
    if (id.isNull()) {
        clear();
        return;
    }
    const quint64 generation = ++m_generation;
    const bool fresh = id != m_currentId;
    m_currentId = id;
    // Keep the previous memory on screen while the next loads: swapping to a "Loading" text for the
    // few milliseconds a local load takes only makes the pane flicker.
    if (m_stack->currentWidget() == m_messagePage)
        showMessage(tr("Loading…"));
    setLoading(true);
    m_memories.detail(this, id,
        [this, generation, id, fresh](const Result<LoadedDetail> &loaded) {
            if (generation != m_generation)
                return; // the user has moved on to another memory
            setLoading(false);
            if (!loaded) {
                showMessage(tr("Could not load this memory: %1").arg(loaded.error().message));
                Q_EMIT loadFailed(id, loaded.error().message);
                return;
            }
            m_lastDecayPass = loaded->lastDecayPass;
            fill(loaded->detail, fresh);
            loadExtras(generation);
            Q_EMIT detailLoaded(id);
        });
}

void MemoryDetailPane::reload()
{
    if (!m_currentId.isNull())
        showMemory(m_currentId);
}

void MemoryDetailPane::clear()
{
    ++m_generation;
    m_currentId = QUuid();
    m_detail = MemoryDetail {};
    m_lastDecayPass = {};
    setLoading(false);
    // Emptied too, so that nothing still reports the previous memory's text, evaluations or links.
    m_header->clear();
    m_prompt->clear();
    m_reply->clear();
    m_priority->clear();
    m_edit->clear();
    m_chart->clear();
    m_notes->setEvaluations({});
    m_links->setLinks({}, {});
    m_neighbours->setNeighbours({});
    m_history->setEntries({});
    m_json->clear();
    showMessage(tr("Select a memory to see its text, evaluations and links."));
}

void MemoryDetailPane::fill(const MemoryDetail &detail, bool fresh)
{
    m_detail = detail;
    const Memory &memory = detail.memory;
    m_header->setMemory(memory);
    m_prompt->setText(memory.userPrompt);
    m_reply->setText(memory.agentReply);
    m_priority->setDetail(detail, QDateTime::currentDateTimeUtc(), m_lastDecayPass);
    m_edit->setDetail(detail);
    if (m_editStack)
        m_editStack->noteLoaded(detail);

    const bool evaluated = !detail.evaluations.isEmpty();
    m_noEvaluations->setVisible(!evaluated);
    m_chart->setVisible(evaluated);
    m_notes->setVisible(evaluated);
    m_chart->setEvaluations(detail.evaluations);
    m_notes->setEvaluations(detail.evaluations);

    m_links->setLinks(detail.outgoing, detail.incoming);
    m_noLinks->setVisible(m_links->linkCount() == 0);
    m_links->setVisible(m_links->linkCount() > 0);
    updateLinkButtons();

    QJsonObject json = MemoryRecord::toJson(memory, detail.evaluations, detail.outgoing, false);
    json.insert(QStringLiteral("version"), memory.version);
    m_json->setPlainText(QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented)));

    m_message->clear();
    m_restore->hide();
    m_stack->setCurrentWidget(m_tabs);
    if (fresh)
        m_overviewScroll->verticalScrollBar()->setValue(0);
}
