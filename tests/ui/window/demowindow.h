#pragma once

#include "memories/memoriespage.h"
#include "memories/memorytablemodel.h"
#include "window/mainwindow.h"
#include "workspace/workspacesession.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// The main window on a small demo workspace, as the window tests of issue 20 need it: shown at the default
// size, the workspace opened and the memories grid filled. Callers check QTest::currentTestFailed() after open().
struct DemoWindow
{
    QTemporaryDir dir;
    WorkspaceSession session;
    std::unique_ptr<MainWindow> window;

    void open(const QString &file, int memories = 60, QSize size = QSize(1400, 900))
    {
        QVERIFY(dir.isValid());
        window = std::make_unique<MainWindow>(&session);
        if (size.isValid())
            window->resize(size);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QSignalSpy opened(&session, &WorkspaceSession::opened);
        QSignalSpy failed(&session, &WorkspaceSession::failed);
        DemoSpec spec;
        spec.memories = memories;
        spec.freelancers = 5;
        spec.jobs = 3;
        session.openDemo(dir.filePath(file), spec);
        QTRY_VERIFY_WITH_TIMEOUT(opened.count() == 1 || failed.count() == 1, 60000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QTRY_VERIFY_WITH_TIMEOUT(window->memoriesPage()->model()->rowCount() > 0, 15000);
    }

    // A new window on the same open session, as a restart would build it (the old one saves on close).
    void recreate(QSize size = QSize())
    {
        window->close();
        window.reset();
        window = std::make_unique<MainWindow>(&session);
        if (size.isValid())
            window->resize(size);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    }
};

inline QString testOutputPath(const QString &name)
{
    const QString dir = QStringLiteral(SEXTANT_TEST_OUTPUT);
    QDir().mkpath(dir);
    return dir + QLatin1Char('/') + name;
}
