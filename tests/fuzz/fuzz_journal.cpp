// The local review decision journal (JSON lines) as DecisionJournal::open() replays it after a crash or a
// restart. The bytes are written to a journal file in a private temporary folder, then opened.
#include "review/decisionjournal.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // In memory where there is a tmpfs: open() fsyncs, and on a disk that would bound the run to a few
    // hundred inputs a second.
    static QTemporaryDir folder(QDir(QStringLiteral("/dev/shm")).exists()
            ? QStringLiteral("/dev/shm/sextant-fuzz-journal-XXXXXX")
            : QDir::tempPath() + QStringLiteral("/sextant-fuzz-journal-XXXXXX"));
    const QString path = QDir(folder.path()).filePath(DecisionJournal::FileName);
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return 0;
        file.write(reinterpret_cast<const char *>(data), qint64(size));
    }
    DecisionJournal journal(folder.path());
    if (journal.open()) {
        for (const ReviewRecord &record : journal.pending())
            (void)journal.record(record.id);
    }
    return 0;
}
