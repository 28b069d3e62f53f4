#pragma once

#include "archetypes/archetypespage.h"
#include "fairness/fairnesspage.h"
#include "map/mappage.h"
#include "matching/matchcandidatemodel.h"
#include "matching/matchespage.h"
#include "matching/matchjoblistmodel.h"
#include "memories/memorydetailpane.h"
#include "review/reviewpage.h"
#include "review/reviewqueuemodel.h"
#include "ui/window/demowindow.h"

#include <QTableWidget>

// The pages a README shows, each brought to the state a person would show it in: a memory open, a map
// computed, a job's candidates, the review queue, an age-band fairness report of the level-1 approvals, the
// archetypes' state.
// Callers check QTest::currentTestFailed() after each call.
namespace PageTour {

struct Stop
{
    const char *name; // as in readme-<name>.png
    int area;
};

inline const QList<Stop> &stops()
{
    // The order they are visited in: the map before a memory is selected (a selection in the browser dims the
    // map's other points), the review queue and the fairness report on the demo's own decisions before a new
    // match run starts the queue afresh, and the archetypes last (their cards make the window taller).
    static const QList<Stop> all { { "map", MainWindow::MapArea }, { "memories", MainWindow::MemoriesArea },
        { "review", MainWindow::ReviewArea }, { "fairness", MainWindow::FairnessArea },
        { "matches", MainWindow::MatchesArea }, { "archetypes", MainWindow::ArchetypesArea } };
    return all;
}

// Enough freelancers and jobs that the fairness report has groups above its minimum size.
inline void openTourDemo(DemoWindow &demo, QSize size)
{
    QVERIFY(demo.dir.isValid());
    demo.window = std::make_unique<MainWindow>(&demo.session);
    demo.window->resize(size);
    demo.window->show();
    QVERIFY(QTest::qWaitForWindowExposed(demo.window.get()));
    QSignalSpy opened(&demo.session, &WorkspaceSession::opened);
    QSignalSpy failed(&demo.session, &WorkspaceSession::failed);
    DemoSpec spec;
    spec.memories = 300;
    spec.jobs = 200;
    spec.freelancers = 600;
    demo.session.openDemo(demo.dir.filePath(QStringLiteral("tour.sqlite")), spec);
    QTRY_VERIFY_WITH_TIMEOUT(opened.count() == 1 || failed.count() == 1, 60000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
    QTRY_VERIFY_WITH_TIMEOUT(demo.window->memoriesPage()->model()->rowCount() > 0, 15000);
}

inline void prepare(MainWindow &window, int area)
{
    window.showArea(area);
    switch (area) {
    case MainWindow::MemoriesArea: {
        MemoriesPage *page = window.memoriesPage();
        QSignalSpy detail(page->detailPane(), &MemoryDetailPane::detailLoaded);
        page->selectRow(0);
        QTRY_VERIFY_WITH_TIMEOUT(detail.count() >= 1, 15000);
        break;
    }
    case MainWindow::MapArea: {
        MapPage *page = window.mapPage();
        if (page->scene())
            break;
        QSignalSpy shown(page, &MapPage::sceneShown);
        page->run();
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 60000);
        break;
    }
    case MainWindow::MatchesArea: {
        MatchesPage *page = window.matchesPage();
        QTRY_VERIFY_WITH_TIMEOUT(!page->jobs()->isLoading() && page->jobs()->rowCount() > 0, 15000);
        // A run with the active version, so the candidates show every component of their score.
        QSignalSpy finished(page, &MatchesPage::runFinished);
        QVERIFY(page->runMatching(MatchesPage::RunScope::OpenJobs) != 0);
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(!page->jobs()->isLoading(), 15000);
        for (int row = 0; row < page->jobs()->rowCount(); ++row) {
            if (page->jobs()->job(row).currentProposals > 0) {
                page->selectJob(row);
                QTRY_VERIFY_WITH_TIMEOUT(page->candidates()->rowCount() > 0, 15000);
                page->selectCandidate(0);
                break;
            }
        }
        break;
    }
    case MainWindow::ReviewArea: {
        ReviewPage *page = window.reviewPage();
        QTRY_VERIFY_WITH_TIMEOUT(page->queue()->rowCount() > 0, 15000);
        break;
    }
    case MainWindow::FairnessArea: {
        FairnessPage *page = window.fairnessPage();
        QTRY_VERIFY_WITH_TIMEOUT(page->attributeNames().contains(QStringLiteral("age_band")), 15000);
        FairnessRequest request;
        request.stage = FairnessStage::ApprovedL1;
        request.attributes = { QStringLiteral("age_band") };
        request.reference = ReferenceGroup::HighestRate;
        request.minGroupSize = 30;
        page->setRequest(request);
        QSignalSpy built(page, &FairnessPage::reportBuilt);
        QVERIFY(page->buildReport() != 0);
        QTRY_VERIFY_WITH_TIMEOUT(built.count() == 1, 60000);
        QVERIFY(built.first().first().toBool());
        break;
    }
    case MainWindow::ArchetypesArea:
        QTRY_VERIFY_WITH_TIMEOUT(
            window.archetypesPage()->stateTable()->rowCount() > 0 && !window.archetypesPage()->isLoading(), 15000);
        break;
    default:
        break;
    }
    QTest::qWait(300); // layouts and charts settle
}

} // namespace PageTour
