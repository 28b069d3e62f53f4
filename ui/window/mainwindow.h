#pragma once

#include <QMainWindow>

#include <memory>

class AiEndpoint;
class AiMenu;
class ArchetypeDashboardPage;
class ArchetypeDashboardService;
class ArchetypeEvaluator;
class ArchetypesPage;
class MemoriesCuration;
class MemoriesPage;
class QActionGroup;
class QListWidget;
class QStackedWidget;
class SecretStore;
class StartupPage;
class TaskRunner;
class TasksDock;
class WorkspaceSession;
class WorkspaceFileActions;
class WorkspaceStatusBar;
class MapPage;
class MatchesPage;
class ModelRegistryPage;
class FairnessPage;
class FairnessService;
class ReviewPage;
class ReviewService;
class MatchService;
class StrategyService;

// The application window. It shows the startup page until the session has opened the workspace,
// then the navigation list and the pages. It does not own the session.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // The pages, in navigation order.
    enum Area { MemoriesArea, MapArea, ArchetypesArea, MatchesArea, RegistryArea, ReviewArea, FairnessArea, AreaCount };

    explicit MainWindow(WorkspaceSession *session, QWidget *parent = nullptr);

    MemoriesPage *memoriesPage() const { return m_memoriesPage; }
    ArchetypesPage *archetypesPage() const { return m_archetypesPage; } // the state table on the dashboard's State tab
    ArchetypeDashboardPage *archetypeDashboard() const { return m_archetypeDashboard; }
    MapPage *mapPage() const { return m_mapPage; }
    MatchesPage *matchesPage() const { return m_matchesPage; }
    ModelRegistryPage *registryPage() const { return m_registryPage; }
    ReviewPage *reviewPage() const { return m_reviewPage; }
    ReviewService *reviewService() const { return m_review; }
    FairnessPage *fairnessPage() const { return m_fairnessPage; }
    MatchService *matchService() const { return m_matching; }
    StartupPage *startupPage() const { return m_startupPage; }
    WorkspaceStatusBar *workspaceStatusBar() const { return m_statusBar; }
    SecretStore *secretStore() const { return m_secrets; }
    // The application's one task runner: pages submit their long computations here so that the Tasks
    // panel and the status bar show them. Owned by the window; closing the window cancels every task.
    TaskRunner *taskRunner() const { return m_tasks; }
    TasksDock *tasksDock() const { return m_tasksDock; }
    // What embeds and evaluates (offline, or the configured OpenAI-compatible endpoint) and its menu.
    AiEndpoint *aiEndpoint() const { return m_ai; }
    AiMenu *aiMenu() const { return m_aiMenu; }
    MemoriesCuration *curation() const { return m_curation; }
    WorkspaceFileActions *workspaceFiles() const { return m_workspaceFiles; }

    bool isWorkspaceShown() const; // false while the startup page is shown
    int currentArea() const;
    void showArea(int area);

Q_SIGNALS:
    // The status bar's counts and location have arrived (or failed to); for tests and screenshots.
    void overviewLoaded();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    QWidget *createMainArea();
    void createMenus();
    void createTasksDock();
    void restoreSettings();
    void openReviewJournal(); // the open workspace's decision journal (ReviewService::journalDirFor)
    void onOpened();
    void onFailed();
    void loadOverview();
    void watchWorkspace(); // live updates and connection health of the open workspace
    void showConnectionDialog();
    void showPreferences(bool aiTab = false);
    void showAbout();
    void showShortcuts(); // Help → Keyboard Shortcuts
    void linkMapAndMemories();
    void updateRetryEvaluator();

    WorkspaceSession *m_session;
    QStackedWidget *m_central;
    StartupPage *m_startupPage;
    QWidget *m_mainArea = nullptr;
    QListWidget *m_navigation = nullptr;
    QStackedWidget *m_pages = nullptr;
    MemoriesPage *m_memoriesPage = nullptr;
    ArchetypesPage *m_archetypesPage = nullptr;
    ArchetypeDashboardPage *m_archetypeDashboard = nullptr;
    MapPage *m_mapPage = nullptr;
    MatchesPage *m_matchesPage = nullptr;
    ModelRegistryPage *m_registryPage = nullptr;
    ReviewPage *m_reviewPage = nullptr;
    FairnessPage *m_fairnessPage = nullptr;
    WorkspaceStatusBar *m_statusBar;
    SecretStore *m_secrets; // for this window's lifetime: a session-only password lasts as long
    TaskRunner *m_tasks;
    MatchService *m_matching;
    ReviewService *m_review;
    FairnessService *m_fairness;
    ArchetypeDashboardService *m_archetypeService;
    StrategyService *m_strategies;
    std::shared_ptr<ArchetypeEvaluator> m_retryEvaluator; // rebuilt when the AI endpoint changes
    TasksDock *m_tasksDock = nullptr;
    AiEndpoint *m_ai;
    AiMenu *m_aiMenu = nullptr;
    MemoriesCuration *m_curation = nullptr;
    WorkspaceFileActions *m_workspaceFiles = nullptr;
    QActionGroup *m_areaActions = nullptr;
    quint64 m_overviewGeneration = 0;
    bool m_quitConfirmed = false;
};
