#include "window/mainwindow.h"

#include "ai/aiendpoint.h"
#include "ai/aimenu.h"
#include "ai/aistatuslabel.h"
#include "ai/usagedock.h"
#include "ai/openaiclient.h"
#include "archetypes/archetypedashboard.h"
#include "archetypes/archetypedashboardpage.h"
#include "archetypes/archetypeevaluator.h"
#include "archetypes/archetypespage.h"
#include "archetypes/promptlibrary.h"
#include "archetypes/strategyservice.h"
#include "connection/connectiondialog.h"
#include "map/mappage.h"
#include "matching/matchespage.h"
#include "matching/matchservice.h"
#include "matching/modelregistrypage.h"
#include "fairness/fairnesspage.h"
#include "fairness/fairnessservice.h"
#include "review/reviewpage.h"
#include "review/reviewservice.h"
#include "memories/memoriescuration.h"
#include "memories/memoriespage.h"
#include "memories/memoryfilterbar.h"
#include "memories/memorytablemodel.h"
#include "core/secretstore.h"
#include "window/appearance.h"
#include "window/settingsdialog.h"
#include "window/shortcutsdialog.h"
#include "window/splitterstates.h"
#include "window/startuppage.h"
#include "tasks/taskrunner.h"
#include "tasks/tasksdock.h"
#include "window/uisettings.h"
#include "window/workspacefileactions.h"
#include "workspace/workspacesession.h"
#include "window/workspacestatusbar.h"

#include <QAbstractButton>
#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QStackedWidget>
#include <QTimer>
#include <QTableView>

// The root CMakeLists defines the version from the project; a build that forgets it still compiles.
#ifndef SEXTANT_VERSION
#define SEXTANT_VERSION "unknown"
#endif

MainWindow::MainWindow(WorkspaceSession *session, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_central(new QStackedWidget(this))
    , m_startupPage(new StartupPage(session, this))
    , m_statusBar(new WorkspaceStatusBar(this))
    , m_secrets(new SecretStore(this))
    , m_tasks(new TaskRunner(this))
    , m_matching(new MatchService(session->worker(), m_tasks, this))
    , m_review(new ReviewService(session->worker(), m_tasks, QString(), this)) // its journal: per workspace, below
    , m_fairness(new FairnessService(session->worker(), m_tasks, this))
    , m_archetypeService(new ArchetypeDashboardService(session->worker(), m_tasks, this))
    , m_strategies(new StrategyService(session->worker(), m_tasks, this))
    , m_ai(new AiEndpoint(session->worker(), m_secrets, this))
{
    m_central->addWidget(m_startupPage);
    m_central->addWidget(createMainArea());
    setCentralWidget(m_central);
    setStatusBar(m_statusBar);
    createTasksDock();
    m_aiMenu = new AiMenu(m_ai, m_tasks, m_session->worker(), this);
    connect(m_aiMenu, &AiMenu::settingsRequested, this, [this] { showPreferences(true); });
    connect(m_aiMenu, &AiMenu::memoriesChanged, this, [this] { m_memoriesPage->model()->refresh(); });
    m_statusBar->addPermanentWidget(new AiStatusLabel(m_ai, m_statusBar));
    tabifyDockWidget(m_tasksDock, m_aiMenu->usageDock());
    m_curation = new MemoriesCuration(m_memoriesPage, m_session->worker(), m_tasks, this);
    m_curation->attachAiMenu(m_aiMenu);
    connect(m_memoriesPage, &MemoriesPage::importRequested, m_curation, &MemoriesCuration::showImport);
    connect(m_ai, &AiEndpoint::changed, this, [this] {
        m_memoriesPage->setEmbedder(m_ai->embedder());
        // The LLM bias detector needs the chat client; offline it fails closed ("not checked").
        m_fairness->setOpenAiClient(m_ai->client(), m_ai->config().openai.chatModel);
        m_strategies->setEmbedder(m_ai->embedder());
        updateRetryEvaluator();
    });
    m_memoriesPage->setEmbedder(m_ai->embedder());
    m_strategies->setEmbedder(m_ai->embedder());
    updateRetryEvaluator();
    // A retry of failed evaluations holds the endpoint: a new configuration waits until it ends.
    connect(m_archetypeDashboard, &ArchetypeDashboardPage::retryRunningChanged, this, [this](bool running) {
        if (running)
            m_ai->acquire();
        else
            m_ai->release();
    });
    {
        QSettings settings;
        m_ai->configure(AiEndpoint::Config::load(settings));
    }
    // The palette is the application's and the View menu shows the choice: set it before both.
    if (const auto scheme = Appearance::fromKey(UiSettings::appearance()); scheme != Appearance::current())
        Appearance::apply(scheme);
    createMenus();
    restoreSettings();

    connect(m_startupPage, &StartupPage::quitRequested, this, &QWidget::close);
    connect(session, &WorkspaceSession::opened, this, &MainWindow::onOpened);
    // Tasks of the workspace being closed are cancelled and their results dropped.
    connect(session, &WorkspaceSession::workspaceChanged, m_tasks, &TaskRunner::setWorkspace);
    m_tasks->setWorkspace(session->worker()->generation());
    // Review decisions wait in the journal of the workspace they were made on, never sent to another.
    connect(session, &WorkspaceSession::workspaceChanged, this, &MainWindow::openReviewJournal);
    openReviewJournal();
    connect(session, &WorkspaceSession::failed, this, &MainWindow::onFailed);
    connect(m_memoriesPage, &MemoriesPage::busyChanged, this,
        [this](bool busy) { m_statusBar->setBusy(m_memoriesPage, busy); });
    connect(m_archetypeDashboard, &ArchetypeDashboardPage::busyChanged, this,
        [this](bool busy) { m_statusBar->setBusy(m_archetypeDashboard, busy); });

    watchWorkspace();
    if (session->isOpen())
        onOpened(); // the caller opened the workspace before creating the window
}

// Retrying failed evaluations (the Archetypes page's monitor) asks the endpoint's chat model with the default
// per-memory prompt, as Evaluate Memories does; offline the retry says that no evaluator is set up.
void MainWindow::updateRetryEvaluator()
{
    m_archetypeService->setEvaluator(nullptr);
    m_retryEvaluator.reset();
    OpenAiClient *client = m_ai->client();
    if (!client)
        return;
    const Result<PromptTemplate> prompt = PromptLibrary().find(
        QStringLiteral("archetype-evaluation"), QString::fromLatin1(PromptLibrary::PerMemory));
    if (!prompt)
        return;
    m_retryEvaluator = std::make_shared<ArchetypeEvaluator>(*client, *prompt);
    m_archetypeService->setEvaluator(m_retryEvaluator.get());
}

// The map and the browser follow each other: a map selection opens in the browser, the browser's
// selection and filter reach the map.
void MainWindow::linkMapAndMemories()
{
    m_mapPage->setFilterSource([this] { return m_memoriesPage->filterBar()->filter(); });
    connect(m_mapPage, &MapPage::showInMemoriesRequested, this, [this](const QList<QUuid> &ids, const QString &label) {
        m_memoriesPage->showIds(ids, label);
        showArea(MemoriesArea);
    });
    connect(m_memoriesPage, &MemoriesPage::selectedIdsChanged, m_mapPage, &MapPage::setBrowserSelection);
    // The Archetypes page's distributions follow the browser's filter chips.
    connect(m_memoriesPage->filterBar(), &MemoryFilterBar::filterChanged, m_archetypeDashboard,
        &ArchetypeDashboardPage::setBrowserFilter);
    connect(m_mapPage, &MapPage::busyChanged, this, [this](bool busy) { m_statusBar->setBusy(m_mapPage, busy); });
}

QWidget *MainWindow::createMainArea()
{
    m_mainArea = new QWidget(this);
    m_navigation = new QListWidget(m_mainArea);
    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setAccessibleName(tr("Pages"));
    m_navigation->setViewMode(QListView::ListMode);
    m_navigation->setFixedWidth(160);
    m_navigation->addItem(tr("Memories"));
    m_navigation->addItem(tr("Map"));
    m_navigation->addItem(tr("Archetypes"));
    m_navigation->addItem(tr("Matches"));
    m_navigation->addItem(tr("Model registry"));
    m_navigation->addItem(tr("Review"));
    m_navigation->addItem(tr("Fairness"));

    m_pages = new QStackedWidget(m_mainArea);
    m_memoriesPage = new MemoriesPage(m_session->worker(), m_pages);
    m_archetypeDashboard
        = new ArchetypeDashboardPage(m_session->worker(), m_archetypeService, m_strategies, m_tasks, m_pages);
    m_archetypesPage = m_archetypeDashboard->statePage();
    m_mapPage = new MapPage(m_session->worker(), m_tasks, m_pages);
    m_pages->addWidget(m_memoriesPage);
    m_pages->addWidget(m_mapPage);
    m_pages->addWidget(m_archetypeDashboard);
    m_matchesPage = new MatchesPage(m_matching, m_tasks, m_pages);
    m_pages->addWidget(m_matchesPage);
    connect(m_matchesPage, &MatchesPage::busyChanged, this, [this](bool busy) { m_statusBar->setBusy(m_matchesPage, busy); });
    m_registryPage = new ModelRegistryPage(m_matching, m_tasks, m_pages);
    m_pages->addWidget(m_registryPage);
    connect(m_registryPage, &ModelRegistryPage::busyChanged, this,
        [this](bool busy) { m_statusBar->setBusy(m_registryPage, busy); });
    m_reviewPage = new ReviewPage(m_review, m_pages);
    m_reviewPage->setMatchService(m_matching);
    m_pages->addWidget(m_reviewPage);
    m_fairnessPage = new FairnessPage(m_fairness, m_tasks, m_pages);
    m_pages->addWidget(m_fairnessPage);
    connect(m_fairnessPage, &FairnessPage::busyChanged, this,
        [this](bool busy) { m_statusBar->setBusy(m_fairnessPage, busy); });
    // "N decisions waiting to be saved" while the database cannot take them; gone when all are in.
    auto *pending = new QLabel(m_statusBar);
    pending->setObjectName(QStringLiteral("pendingDecisions"));
    pending->hide();
    m_statusBar->addPermanentWidget(pending);
    connect(m_review, &ReviewService::pendingChanged, pending, [pending](int count) {
        pending->setText(tr("%n decisions waiting to be saved", nullptr, count));
        pending->setVisible(count > 0);
    });
    linkMapAndMemories();

    auto *layout = new QHBoxLayout(m_mainArea);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_navigation);
    layout->addWidget(m_pages, 1);

    connect(m_navigation, &QListWidget::currentRowChanged, this, &MainWindow::showArea);
    m_navigation->setCurrentRow(MemoriesArea);
    return m_mainArea;
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    m_workspaceFiles = new WorkspaceFileActions(m_session, this);
    m_workspaceFiles->addTo(file);
    QAction *connectPostgres = file->addAction(tr("Connect to &PostgreSQL…"));
    connectPostgres->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    connect(connectPostgres, &QAction::triggered, this, &MainWindow::showConnectionDialog);
    file->addSeparator();
    m_curation->addFileActions(file);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);
    // close() rather than QApplication::quit(), so closeEvent saves the window layout.
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    m_curation->addEditActions(edit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    m_areaActions = new QActionGroup(this);
    m_areaActions->setExclusive(true);
    const QList<QPair<QString, Qt::Key>> areas { { tr("&Memories"), Qt::Key_1 }, { tr("Ma&p"), Qt::Key_2 },
        { tr("&Archetypes"), Qt::Key_3 }, { tr("Matc&hes"), Qt::Key_4 },
        { tr("Model &Registry"), Qt::Key_5 }, { tr("Re&view"), Qt::Key_6 },
        { tr("&Fairness"), Qt::Key_7 } };
    for (int area = 0; area < int(areas.size()); ++area) {
        QAction *action = view->addAction(areas[area].first);
        action->setShortcut(QKeySequence(Qt::CTRL | areas[area].second));
        action->setCheckable(true);
        action->setData(area);
        m_areaActions->addAction(action);
        connect(action, &QAction::triggered, this, [this, area] { showArea(area); });
    }
    m_areaActions->actions().at(MemoriesArea)->setChecked(true);
    m_areaActions->setEnabled(m_session->isOpen());

    view->addSeparator();
    QAction *tasks = m_tasksDock->toggleViewAction();
    tasks->setText(tr("&Tasks Panel"));
    tasks->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    view->addAction(tasks);
    view->addSeparator();
    view->addMenu(Appearance::createMenu(view));

    menuBar()->addMenu(m_curation->createMemoriesMenu());
    menuBar()->addMenu(m_aiMenu->menu());

    QMenu *settings = menuBar()->addMenu(tr("&Settings"));
    QAction *preferences = settings->addAction(tr("&Preferences…"));
    preferences->setShortcut(QKeySequence::Preferences);
    preferences->setMenuRole(QAction::PreferencesRole);
    connect(preferences, &QAction::triggered, this, [this] { showPreferences(false); });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *keys = help->addAction(tr("&Keyboard Shortcuts…"));
    keys->setObjectName(QStringLiteral("keyboardShortcutsAction"));
    keys->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Slash));
    connect(keys, &QAction::triggered, this, &MainWindow::showShortcuts);
    help->addSeparator();
    QAction *about = help->addAction(tr("&About Sextant…"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);
    QAction *aboutQt = help->addAction(tr("About &Qt"));
    aboutQt->setMenuRole(QAction::AboutQtRole);
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

// Non-modal and read afresh at each opening, so it shows the keys the pages have now.
void MainWindow::showShortcuts()
{
    auto *dialog = findChild<ShortcutsDialog *>(QString(), Qt::FindDirectChildrenOnly);
    if (dialog) {
        dialog->refresh();
    } else {
        QList<ShortcutsDialog::Page> pages;
        for (int area = 0; area < AreaCount; ++area)
            pages.append({ m_pages->widget(area), m_navigation->item(area)->text() });
        dialog = new ShortcutsDialog(this, pages, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
}

void MainWindow::createTasksDock()
{
    // Hidden until asked for (View menu, or the status bar's task count); the saved window state then
    // remembers where the user put it and whether it was open.
    m_tasksDock = new TasksDock(m_tasks, this);
    addDockWidget(Qt::BottomDockWidgetArea, m_tasksDock);
    m_tasksDock->hide();
    connect(m_tasks, &TaskRunner::activeCountChanged, m_statusBar, &WorkspaceStatusBar::setActiveTasks);
    connect(m_statusBar, &WorkspaceStatusBar::tasksRequested, this, [this] {
        m_tasksDock->show();
        m_tasksDock->raise();
    });
}

void MainWindow::restoreSettings()
{
    if (!restoreGeometry(UiSettings::mainWindowGeometry()))
        resize(1400, 900);
    restoreState(UiSettings::mainWindowState());
    m_memoriesPage->restoreSplitterState(UiSettings::memoriesSplitter());
    SplitterStates::restore(this);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // Journalled decisions are safe on disk and the next start sends them; still, say so before quitting.
    if (const int pending = m_review->pendingCount(); pending > 0 && !m_quitConfirmed) {
        event->ignore();
        auto *box = new QMessageBox(QMessageBox::Question, tr("Decisions waiting"),
            tr("%n review decisions are not in the database yet. They are kept on this computer and sent at the "
               "next start. Quit now?",
                nullptr, pending),
            QMessageBox::Yes | QMessageBox::No, this);
        box->setObjectName(QStringLiteral("quitWithPending"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        connect(box, &QMessageBox::buttonClicked, this, [this, box](QAbstractButton *button) {
            if (box->standardButton(button) != QMessageBox::Yes)
                return;
            m_quitConfirmed = true;
            QTimer::singleShot(0, this, &QWidget::close);
        });
        box->open();
        return;
    }
    UiSettings::setMainWindowGeometry(saveGeometry());
    UiSettings::setMainWindowState(saveState());
    UiSettings::setMemoriesSplitter(m_memoriesPage->saveSplitterState());
    SplitterStates::save(this);
    // Results nobody will see: stop now. The runner's destructor waits for the jobs (they poll for
    // cancellation every few dozen ms), so the window disappears at once and the process ends soon after.
    m_tasks->cancelAll();
    QMainWindow::closeEvent(event);
}

bool MainWindow::isWorkspaceShown() const
{
    return m_central->currentWidget() == m_mainArea;
}

int MainWindow::currentArea() const
{
    return m_pages->currentIndex();
}

void MainWindow::showArea(int area)
{
    if (area < 0 || area >= AreaCount)
        return;
    // The list, the View menu and the page stack all follow; each setter ignores a no-op, so the
    // signals this triggers do not loop.
    m_pages->setCurrentIndex(area);
    SplitterStates::restore(this); // a page may have built its splitters when first shown
    m_navigation->setCurrentRow(area);
    if (m_areaActions)
        m_areaActions->actions().at(area)->setChecked(true);
}

void MainWindow::openReviewJournal()
{
    const QString identity = m_session->identity();
    m_review->setJournalDir(identity.isEmpty()
            ? QString()
            : ReviewService::journalDirFor(
                QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QLatin1String("/review-journal"),
                identity));
}

void MainWindow::onOpened()
{
    m_statusBar->setBusy(m_session, false);
    // Qt appends " — Sextant" (the application display name) to the title by itself.
    setWindowTitle(m_session->name());
    m_statusBar->setWorkspace(m_session->name(), m_session->path());
    m_central->setCurrentWidget(m_mainArea);
    m_areaActions->setEnabled(true);
    m_memoriesPage->setWorkspace(m_session->path()); // its own search and filters
    m_memoriesPage->load();
    m_archetypeDashboard->setBrowserFilter(m_memoriesPage->filterBar()->filter());
    m_archetypeDashboard->load();
    m_mapPage->load();
    m_matchesPage->load();
    m_registryPage->load();
    m_reviewPage->load();
    m_fairnessPage->load();
    loadOverview();
    m_memoriesPage->table()->setFocus();
}

void MainWindow::onFailed()
{
    m_statusBar->setBusy(m_session, false);
    // The startup page shows the reason and a Quit button; make sure it is the page on screen.
    m_central->setCurrentWidget(m_startupPage);
    m_areaActions->setEnabled(false);
}

void MainWindow::loadOverview()
{
    const quint64 generation = ++m_overviewGeneration;
    m_statusBar->setBusy(this, true);
    m_session->loadOverview(this,
        [this, generation](const Result<WorkspaceOverview> &overview) {
            if (generation != m_overviewGeneration)
                return;
            m_statusBar->setBusy(this, false);
            if (!overview) {
                m_statusBar->showMessage(tr("Could not count the workspace: %1").arg(overview.error().message));
            } else {
                m_statusBar->setCounts(overview->counts);
                const Privileges &p = overview->privileges;
                m_curation->setPrivileges(p);
                m_statusBar->setRole(overview->remote ? p.roleName() : QString(),
                    tr("Signed in as %1.\n%2").arg(p.user, p.describe().join(QLatin1Char('\n'))));
                if (!overview->location.isEmpty())
                    m_statusBar->setWorkspace(m_session->name(), overview->location);
            }
            Q_EMIT overviewLoaded();
        });
}

void MainWindow::watchWorkspace()
{
    // Another client changed something: the grid merges it by itself; counts follow, coalesced.
    auto *recount = new QTimer(this);
    recount->setSingleShot(true);
    recount->setInterval(300);
    connect(recount, &QTimer::timeout, this, &MainWindow::loadOverview);
    DatabaseWorker *worker = m_session->worker();
    connect(worker, &DatabaseWorker::changed, recount, qOverload<>(&QTimer::start));
    // Our own writes (imports, bulk actions, edits, restores, maintenance) end by refreshing the grid,
    // on SQLite too, where no change notice comes: the counts follow every such refresh.
    connect(m_memoriesPage->model(), &MemoryTableModel::refreshed, recount, qOverload<>(&QTimer::start));
    connect(worker, &DatabaseWorker::connectionLost, m_statusBar, &WorkspaceStatusBar::setConnectionLost);
    connect(worker, &DatabaseWorker::reconnecting, m_statusBar, &WorkspaceStatusBar::setReconnecting);
    connect(worker, &DatabaseWorker::reconnected, this, [this] {
        m_statusBar->setReconnected();
        m_archetypeDashboard->load();
        loadOverview();
    });
}

void MainWindow::showConnectionDialog()
{
    auto *dialog = new ConnectionDialog(m_secrets, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const PostgresSettings settings = dialog->settings();
        m_statusBar->setBusy(m_session, true);
        m_statusBar->showMessage(tr("Connecting to %1…").arg(settings.displayName()), 5000);
        // The session reopens the database thread on the new workspace; onOpened then reloads every page.
        m_session->openPostgres(settings);
    });
    dialog->open();
}

void MainWindow::showPreferences(bool aiTab)
{
    // open() instead of exec(): no nested event loop while database results keep arriving.
    auto *dialog = new SettingsDialog(m_session->path(), m_ai, m_secrets, this);
    if (aiTab)
        dialog->showAiTab();
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this] { m_memoriesPage->model()->setPageSize(UiSettings::pageSize()); });
    dialog->open();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Sextant"),
        tr("<h3>Sextant %1</h3>"
           "<p>A desktop operator console for the EUMAS memory system and the 8thDegree "
           "freelancer marketplace: browse memories with their archetype evaluations, "
           "priorities and links, and follow the archetypes' state over time.</p>"
           "<p>License: MIT</p>")
            .arg(QStringLiteral(SEXTANT_VERSION)));
}
