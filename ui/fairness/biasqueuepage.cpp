#include "fairness/biasqueuepage.h"

#include "fairness/biasqueuemodel.h"
#include "fairness/fairnessformat.h"
#include "fairness/fairnessservice.h"
#include "fairness/taskprogressrow.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTextCursor>
#include <QTextEdit>
#include <QToolButton>
#include <QVBoxLayout>

BiasQueuePage::BiasQueuePage(FairnessService *service, TaskRunner *tasks, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_tasks(tasks)
    , m_model(new BiasQueueModel(this))
    , m_entity(new QComboBox(this))
    , m_category(new QComboBox(this))
    , m_state(new QComboBox(this))
    , m_scan(new QToolButton(this))
    , m_taskRow(new TaskProgressRow(tasks, this))
    , m_message(new QLabel(this))
    , m_table(new QTableView(this))
    , m_itemTitle(new QLabel(this))
    , m_text(new QTextEdit(this))
    , m_findings(new QLabel(this))
    , m_note(new QLineEdit(this))
    , m_accept(new QPushButton(tr("Accept"), this))
    , m_dismiss(new QPushButton(tr("Dismiss"), this))
    , m_requestEdit(new QPushButton(tr("Request an Edit"), this))
{
    m_message->setObjectName(QStringLiteral("biasMessage"));
    m_message->setWordWrap(true);
    m_message->hide();

    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_model);
    proxy->setSortRole(BiasQueueModel::SortRole);
    m_table->setObjectName(QStringLiteral("biasQueue"));
    m_table->setAccessibleName(tr("Bias queue"));
    m_table->setModel(proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(BiasQueueModel::Title, QHeaderView::Stretch);
    header->setStretchLastSection(false);
    m_table->setColumnHidden(BiasQueueModel::Confidence, true); // in the detail, beside the score
    m_table->setColumnHidden(BiasQueueModel::Decided, true);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_table);
    split->addWidget(createDetail());
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(createFilterBar());
    layout->addWidget(m_taskRow);
    layout->addWidget(m_message);
    layout->addWidget(split, 1);

    connect(m_taskRow, &TaskProgressRow::busyChanged, this, &BiasQueuePage::busyChanged);
    connect(m_taskRow, &TaskProgressRow::busyChanged, m_scan, &QWidget::setDisabled);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &BiasQueuePage::onCurrentChanged);
    connect(m_service, &FairnessService::biasQueueChanged, this, &BiasQueuePage::reload);
    connect(m_accept, &QPushButton::clicked, this, [this] { decide(QStringLiteral("accept")); });
    connect(m_dismiss, &QPushButton::clicked, this, [this] { decide(QStringLiteral("dismiss")); });
    connect(m_requestEdit, &QPushButton::clicked, this, [this] { decide(QStringLiteral("request_edit")); });
    showItem(BiasScanItem());
}

QWidget *BiasQueuePage::createFilterBar()
{
    m_entity->addItem(tr("Jobs, profiles and reviews"), QString());
    for (const QString &key : { QStringLiteral("job"), QStringLiteral("user"), QStringLiteral("review") })
        m_entity->addItem(BiasQueueModel::entityLabel(key), key);
    m_category->addItem(tr("Any category"), QString());
    for (const QString &key : { QStringLiteral("gender_coded_masculine"), QStringLiteral("gender_coded_feminine"),
             QStringLiteral("age_coded"), QStringLiteral("exclusionary") })
        m_category->addItem(BiasQueueModel::categoryLabel(key), key);
    m_state->addItem(tr("Any state"), QString());
    for (const QString &key : { QStringLiteral("flagged"), QStringLiteral("not_checked"), QStringLiteral("clean"),
             QStringLiteral("edit_requested"), QStringLiteral("accepted"), QStringLiteral("dismissed") })
        m_state->addItem(BiasQueueModel::stateLabel(key), key);
    for (QComboBox *combo : { m_entity, m_category, m_state }) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        connect(combo, &QComboBox::currentIndexChanged, this, &BiasQueuePage::reload);
    }

    m_scan->setObjectName(QStringLiteral("biasScan"));
    m_scan->setText(tr("Scan with the Lexicon"));
    m_scan->setToolTip(tr("Mark gender-coded, age-coded and exclusionary wording in the texts of the chosen kind"));
    m_scan->setPopupMode(QToolButton::MenuButtonPopup);
    auto *menu = new QMenu(m_scan);
    connect(menu->addAction(tr("Scan with the Lexicon")), &QAction::triggered, this, [this] { scan(false); });
    connect(
        menu->addAction(tr("Scan with the Lexicon and the LLM")), &QAction::triggered, this, [this] { scan(true); });
    m_scan->setMenu(menu);
    connect(m_scan, &QToolButton::clicked, this, [this] { scan(false); });

    auto *bar = new QWidget(this);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_entity);
    layout->addWidget(m_category);
    layout->addWidget(m_state);
    layout->addStretch(1);
    layout->addWidget(m_scan);
    return bar;
}

QWidget *BiasQueuePage::createDetail()
{
    m_itemTitle->setObjectName(QStringLiteral("biasItemTitle"));
    m_itemTitle->setWordWrap(true);
    m_itemTitle->setTextFormat(Qt::RichText);
    m_text->setObjectName(QStringLiteral("biasText"));
    m_text->setAccessibleName(tr("Memory text"));
    m_text->setReadOnly(true);
    m_text->setAcceptRichText(false);
    m_findings->setObjectName(QStringLiteral("biasFindings"));
    m_findings->setWordWrap(true);
    m_findings->setTextFormat(Qt::RichText);
    m_findings->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_note->setObjectName(QStringLiteral("biasNote"));
    m_note->setAccessibleName(tr("Decision note"));
    m_note->setPlaceholderText(tr("Note for the decision (what to change, or why it is fine)"));
    m_note->setClearButtonEnabled(true);
    m_accept->setToolTip(tr("The finding is right: the text is biased as marked"));
    m_dismiss->setToolTip(tr("The finding is wrong: the wording is fine here"));
    m_requestEdit->setToolTip(tr("Ask the author to change the marked wording; the note says how"));

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_dismiss);
    buttons->addWidget(m_accept);
    buttons->addWidget(m_requestEdit);

    auto *detail = new QWidget(this);
    auto *layout = new QVBoxLayout(detail);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_itemTitle);
    layout->addWidget(m_text, 3);
    layout->addWidget(m_findings, 2);
    layout->addWidget(m_note);
    layout->addLayout(buttons);
    return detail;
}

QColor BiasQueuePage::categoryColour(const QString &category)
{
    if (category == QLatin1String("gender_coded_masculine"))
        return QColor(0xbf, 0xdb, 0xfe);
    if (category == QLatin1String("gender_coded_feminine"))
        return QColor(0xfb, 0xcf, 0xe8);
    if (category == QLatin1String("age_coded"))
        return QColor(0xfd, 0xe6, 0x8a);
    if (category == QLatin1String("exclusionary"))
        return QColor(0xfe, 0xca, 0xca);
    return QColor(0xdd, 0xd6, 0xfe);
}

QString BiasQueuePage::actor() const
{
    const QString user = qEnvironmentVariable("USER");
    return user.isEmpty() ? QStringLiteral("operator") : user;
}

void BiasQueuePage::load()
{
    reload();
}

void BiasQueuePage::setFilter(const QString &entityType, const QString &category, const QString &state)
{
    const QSignalBlocker a(m_entity), b(m_category), c(m_state);
    m_entity->setCurrentIndex(std::max(0, m_entity->findData(entityType)));
    m_category->setCurrentIndex(std::max(0, m_category->findData(category)));
    m_state->setCurrentIndex(std::max(0, m_state->findData(state)));
    reload();
}

void BiasQueuePage::reload()
{
    const quint64 generation = ++m_generation;
    m_service->biasQueue(this, m_entity->currentData().toString(), m_category->currentData().toString(),
        m_state->currentData().toString(), [this, generation](const Result<QList<BiasScanItem>> &items) {
            if (generation != m_generation)
                return; // the filters changed meanwhile
            if (!items) {
                showMessage(tr("Could not load the bias queue: %1").arg(items.errorMessage()), true);
                return;
            }
            const QUuid keep = m_current;
            m_model->setItems(*items);
            const int row = keep.isNull() ? -1 : m_model->rowOfReport(keep);
            selectRow(row >= 0 ? row : 0);
            Q_EMIT queueLoaded();
        });
}

quint64 BiasQueuePage::scan(bool useLlm)
{
    m_message->hide();
    const quint64 id
        = m_service->startScan(m_entity->currentData().toString(), useLlm, this, [this](const Result<int> &written) {
              if (!written) {
                  showMessage(tr("The scan stopped: %1").arg(written.errorMessage()), true);
                  Q_EMIT scanFinished(false);
                  return;
              }
              showMessage(tr("Scanned %n texts.", nullptr, *written), false);
              reload();
              Q_EMIT scanFinished(true);
          });
    m_taskRow->track(id);
    return id;
}

void BiasQueuePage::selectRow(int row)
{
    if (row < 0 || row >= m_model->rowCount()) {
        m_table->selectionModel()->clearCurrentIndex();
        showItem(BiasScanItem());
        return;
    }
    auto *proxy = static_cast<QSortFilterProxyModel *>(m_table->model());
    const QModelIndex index = proxy->mapFromSource(m_model->index(row, 0));
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    onCurrentChanged();
}

void BiasQueuePage::onCurrentChanged()
{
    auto *proxy = static_cast<QSortFilterProxyModel *>(m_table->model());
    const QModelIndex current = proxy->mapToSource(m_table->selectionModel()->currentIndex());
    showItem(current.isValid() ? m_model->item(current.row()) : BiasScanItem());
}

void BiasQueuePage::showItem(const BiasScanItem &item)
{
    m_current = item.reportId;
    m_text->setPlainText(item.text);
    m_highlighted = 0;
    QTextCursor cursor(m_text->document());
    const int end = int(item.text.size());
    for (const BiasSpan &span : item.spans) {
        if (span.start < 0 || span.length <= 0 || span.start + span.length > end)
            continue; // a span outside the text would highlight the wrong words
        cursor.setPosition(span.start);
        cursor.setPosition(span.start + span.length, QTextCursor::KeepAnchor);
        QTextCharFormat format;
        format.setBackground(categoryColour(span.category));
        format.setToolTip(tr("%1 — %2").arg(BiasQueueModel::categoryLabel(span.category), span.source));
        cursor.mergeCharFormat(format);
        ++m_highlighted;
    }
    if (item.entityId.isNull()) {
        m_itemTitle->setText(m_model->rowCount() == 0 ? tr("No text matches the filters.") : QString());
        m_findings->clear();
    } else {
        m_itemTitle->setText(
            QStringLiteral("<b>%1</b> · %2 · %3")
                .arg(item.title.toHtmlEscaped(), BiasQueueModel::entityLabel(item.entityType).toHtmlEscaped(),
                    BiasQueueModel::stateLabel(item.state).toHtmlEscaped()));
        QString findings;
        if (item.state == QLatin1String("not_checked")) {
            findings = item.error.isEmpty()
                ? tr("Not checked yet: scan to check this text.")
                : tr("Not checked: the last scan failed (%1). It is not treated as free of bias.").arg(item.error);
            findings = findings.toHtmlEscaped();
        } else {
            findings
                = tr("Score %1, confidence %2, by %3.")
                      .arg(FairnessFormat::number(item.score), FairnessFormat::number(item.confidence), item.detector)
                      .toHtmlEscaped();
            // Each marked term once, with how often it occurs; each source once, after them.
            QStringList lines;
            QStringList sources;
            QHash<QString, int> seen;
            for (const BiasSpan &span : item.spans) {
                const QString key = span.category + QLatin1Char('|') + span.term.toLower();
                if (seen.contains(key)) {
                    ++seen[key];
                    continue;
                }
                seen.insert(key, 1);
                lines << key;
                if (!span.source.isEmpty() && !sources.contains(span.source))
                    sources << span.source;
            }
            QStringList shown;
            for (const QString &key : std::as_const(lines)) {
                const QString category = key.section(QLatin1Char('|'), 0, 0);
                const QString term = key.section(QLatin1Char('|'), 1);
                const int times = seen.value(key);
                shown << QStringLiteral("<span style=\"background:%1\">&nbsp;%2&nbsp;</span> %3%4")
                             .arg(categoryColour(category).name(), term.toHtmlEscaped(),
                                 BiasQueueModel::categoryLabel(category).toHtmlEscaped(),
                                 times > 1 ? QStringLiteral(" ×%1").arg(times) : QString());
            }
            if (!shown.isEmpty())
                findings += QStringLiteral("<br>") + shown.join(QStringLiteral("<br>"));
            if (!sources.isEmpty())
                findings += QStringLiteral("<br><i>%1</i>")
                                .arg(tr("Sources: %1").arg(sources.join(QStringLiteral("; "))).toHtmlEscaped());
            if (!item.recommendation.isEmpty())
                findings += QStringLiteral("<br><b>%1</b> %2")
                                .arg(tr("Recommendation:").toHtmlEscaped(), item.recommendation.toHtmlEscaped());
            if (item.decidedAt.isValid())
                findings += QStringLiteral("<br>%1").arg(
                    tr("Decided by %1: %2").arg(item.decidedBy, item.note).toHtmlEscaped());
        }
        m_findings->setText(findings);
    }
    // Only a report can be decided; a text never scanned has none.
    const bool decidable = !item.reportId.isNull() && item.state != QLatin1String("not_checked");
    for (QPushButton *button : { m_accept, m_dismiss, m_requestEdit })
        button->setEnabled(decidable);
    m_note->setEnabled(decidable);
}

void BiasQueuePage::decide(const QString &decision)
{
    if (m_current.isNull())
        return;
    const QString note = m_note->text().trimmed();
    if (decision == QLatin1String("request_edit") && note.isEmpty()) {
        showMessage(tr("Say in the note what should change before requesting an edit."), true);
        m_note->setFocus();
        Q_EMIT decided(false);
        return;
    }
    m_service->decideBias(this, m_current, decision, note, actor(), [this](const Result<void> &done) {
        if (!done) {
            showMessage(tr("The decision was not saved: %1").arg(done.errorMessage()), true);
            Q_EMIT decided(false);
            return;
        }
        m_note->clear();
        showMessage(tr("Decision saved."), false);
        reload();
        Q_EMIT decided(true);
    });
}

void BiasQueuePage::showMessage(const QString &text, bool error)
{
    m_message->setStyleSheet(error ? QStringLiteral("color: #b00020;") : QString());
    m_message->setText(text);
    m_message->show();
}

QString BiasQueuePage::messageText() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}
