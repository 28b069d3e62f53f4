// Composition root: parse the command line, install translators, build the session and the window.
#include "commandline.h"
#include "common/language.h"
#include "demo/demopublisher.h"
#include "memories/memoriespage.h"
#include "memories/memorydetailpane.h"
#include "memories/memorytablemodel.h"
#include "window/mainwindow.h"
#include "window/uisettings.h"
#include "workspace/workspacesession.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTableView>
#include <QTextStream>
#include <QTimer>

namespace {
// "1 memory" / "300 memories" for the command line: %n, not %Ln, so scripts read plain digits.
QString count(const char *text, qsizetype n)
{
    return QCoreApplication::translate("main", text, nullptr, int(n));
}

int generateOnly(const CommandLine &line)
{
    QTextStream out(stdout);
    QElapsedTimer timer;
    timer.start();
    DemoSpec spec;
    spec.seed = line.seed;
    spec.memories = line.generateMemories;
    int lastPercent = -1;
    const Result<DemoSummary> summary
        = WorkspaceSession::createDemoFile(line.output, spec, [&](int percent, const QString &stage) {
              if (percent / 10 != lastPercent / 10) {
                  out << stage << ' ' << percent << "%\n";
                  out.flush();
                  lastPercent = percent;
              }
              return true;
          });
    if (!summary) {
        QTextStream(stderr) << summary.error().message << '\n';
        return 1;
    }
    out << QCoreApplication::translate("main", "Wrote %1, %2, %3 and %4 to %5 in %6 s.")
               .arg(count(QT_TRANSLATE_N_NOOP("main", "%n memories"), summary->memories),
                   count(QT_TRANSLATE_N_NOOP("main", "%n evaluations"), summary->evaluations),
                   count(QT_TRANSLATE_N_NOOP("main", "%n jobs"), summary->jobs),
                   count(QT_TRANSLATE_N_NOOP("main", "%n freelancers"), summary->freelancers), line.output)
               .arg(timer.elapsed() / 1000.0, 0, 'f', 1)
        << '\n';
    return 0;
}

// --connect … --migrate: what the connection dialog's Apply does, for scripts and servers without a display.
int migrateOnly(const CommandLine &line)
{
    const Result<MigrationPlan> applied = WorkspaceSession::migratePostgres(*line.postgres);
    if (!applied) {
        QTextStream(stderr) << applied.error().message << '\n';
        return 1;
    }
    QTextStream out(stdout);
    for (const Migration &step : applied->steps)
        out << QCoreApplication::translate("main", "Applied: %1").arg(step.name) << '\n';
    out << (applied->isEmpty() ? QCoreApplication::translate("main", "%1 is up to date at schema version %2.")
                                     .arg(line.postgres->displayName())
                                     .arg(applied->currentVersion)
                               : QCoreApplication::translate("main", "%1 is now at schema version %2.")
                                     .arg(line.postgres->displayName())
                                     .arg(applied->targetVersion))
        << '\n';
    return 0;
}

// --connect … --publish-demo: the demo data set into an empty server database, for trying Sextant on one's own.
int publishOnly(const CommandLine &line)
{
    QTextStream out(stdout);
    QElapsedTimer timer;
    timer.start();
    Result<std::unique_ptr<Repository>> repository = PostgresWorkspace::open(*line.postgres,
        QStringLiteral("sextant-publish"),
        line.migrate ? PostgresWorkspace::Migrations::Apply : PostgresWorkspace::Migrations::RequireCurrent);
    if (!repository) {
        QTextStream(stderr) << repository.error().message << '\n';
        return 1;
    }
    DemoSpec spec;
    spec.seed = line.seed;
    int lastPercent = -10;
    const Result<DemoSummary> summary
        = DemoPublisher::publish(**repository, spec, [&out, &lastPercent](int percent, const QString &stage) {
              if (percent >= lastPercent + 10) {
                  out << QStringLiteral("%1% %2").arg(percent, 3).arg(stage) << Qt::endl;
                  lastPercent = percent;
              }
              return true;
          });
    if (!summary) {
        QTextStream(stderr) << summary.error().message << '\n';
        return 1;
    }
    out << QCoreApplication::translate("main", "Published %1, %2 and %3 to %4 in %5 s.")
               .arg(count(QT_TRANSLATE_N_NOOP("main", "%n memories"), summary->memories),
                   count(QT_TRANSLATE_N_NOOP("main", "%n jobs"), summary->jobs),
                   count(QT_TRANSLATE_N_NOOP("main", "%n freelancers"), summary->freelancers),
                   line.postgres->displayName())
               .arg(timer.elapsed() / 1000.0, 0, 'f', 1)
        << '\n';
    return 0;
}

// --screenshot: select the first memory once the grid has rows, wait for its detail, save, quit.
void scheduleScreenshot(MainWindow &window, const QString &path)
{
    MemoriesPage *page = window.memoriesPage();
    QObject::connect(page->detailPane(), &MemoryDetailPane::detailLoaded, &window, [&window, path] {
        QTimer::singleShot(400, &window, [&window, path] {
            const bool saved = window.grab().save(path);
            QTextStream(saved ? stdout : stderr)
                << (saved ? "screenshot saved: " : "could not save screenshot: ") << path << '\n';
            QApplication::exit(saved ? 0 : 1);
        });
    });
    QObject::connect(page->model(), &MemoryTableModel::pageLoaded, &window, [page] {
        if (page->detailPane()->currentId().isNull() && page->model()->rowCount() > 0)
            page->selectRow(0);
    });
}
void setIdentity()
{
    QCoreApplication::setApplicationName(QStringLiteral("sextant"));
    QCoreApplication::setOrganizationName(QStringLiteral("sextant"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SEXTANT_VERSION));
}

bool wantsHeadless(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray argument(argv[i]);
        if (argument == "--generate-demo" || argument.startsWith("--generate-demo=") || argument == "--migrate"
            || argument == "--publish-demo"
            || argument == "--help" || argument == "-h" || argument == "--version" || argument == "-v")
            return true;
    }
    return false;
}
} // namespace

int main(int argc, char *argv[])
{
    // Generating a workspace (and --help) needs no display: no QApplication, no platform plugin.
    if (wantsHeadless(argc, argv)) {
        QCoreApplication core(argc, argv);
        setIdentity();
        Language::install(&core, UiSettings::language()); // "1 memory", not "1 memories", here too
        const CommandLine line = CommandLine::parse(QCoreApplication::arguments());
        if (line.publishDemo)
            return publishOnly(line);
        return line.migrate ? migrateOnly(line) : generateOnly(line);
    }
    QApplication app(argc, argv);
    setIdentity();
    QApplication::setApplicationDisplayName(QStringLiteral("Sextant"));
    Language::install(&app, UiSettings::language());

    const CommandLine line = CommandLine::parse(QApplication::arguments());
    if (line.generateMemories > 0)
        return generateOnly(line);

    const QString path = line.workspace.isEmpty() ? WorkspaceSession::defaultDemoPath() : line.workspace;
    if (line.resetDemo && line.workspace.isEmpty())
        QFile::remove(path);

    WorkspaceSession session;
    MainWindow window(&session);
    if (!line.screenshot.isEmpty())
        scheduleScreenshot(window, line.screenshot);
    window.show();
    if (line.postgres) {
        // The window shows a failure too; a terminal user sees it here (pending migrations: --migrate).
        QObject::connect(&session, &WorkspaceSession::failed, &app,
            [](const QString &message) { QTextStream(stderr) << message << '\n'; });
        session.openPostgres(*line.postgres);
    } else {
        DemoSpec spec;
        spec.seed = line.seed;
        session.openDemo(path, spec);
    }
    return app.exec();
}
