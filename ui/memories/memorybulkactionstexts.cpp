// MemoryBulkActions: what the confirmations, tag questions and task names say.
#include "memories/memorybulkactions.h"

QString MemoryBulkActions::title(BulkRequest::Action action)
{
    switch (action) {
    case BulkRequest::Pin:
        return tr("Pin memories");
    case BulkRequest::Unpin:
        return tr("Unpin memories");
    case BulkRequest::Archive:
        return tr("Archive memories");
    case BulkRequest::Restore:
        return tr("Restore memories");
    case BulkRequest::SoftDelete:
        return tr("Delete memories");
    case BulkRequest::Purge:
        return tr("Purge memories");
    case BulkRequest::AddTag:
        return tr("Add a tag");
    case BulkRequest::RemoveTag:
        return tr("Remove a tag");
    }
    return {};
}

QString MemoryBulkActions::question(BulkRequest::Action action, Scope scope, int n)
{
    // %Ln: the count with the locale's digit grouping ("12,345"), which matters at filter scale.
    if (scope == Scope::Selection) {
        switch (action) {
        case BulkRequest::SoftDelete:
            return tr("Delete %n memories? They are archived with the reason \"deleted by an operator\" and can be "
                      "restored from the archive.",
                nullptr, n);
        case BulkRequest::Purge:
            return tr("Purge %n memories for good? Their evaluations and links go with them. This cannot be undone.",
                nullptr, n);
        case BulkRequest::AddTag:
            return tr("Tag to add to the %Ln selected memories:", nullptr, n);
        case BulkRequest::RemoveTag:
            return tr("Tag to remove from the %Ln selected memories:", nullptr, n);
        default:
            return {}; // what is selected is on screen, and pinning or archiving is undone as easily
        }
    }
    switch (action) {
    case BulkRequest::Pin:
        return tr("Pin %Ln memories matching the filter as long-term? Long-term memories do not decay and are "
                  "never pruned.",
            nullptr, n);
    case BulkRequest::Unpin:
        return tr("Unpin %Ln memories matching the filter? They decay and may be pruned again.", nullptr, n);
    case BulkRequest::Archive:
        return tr("Archive %Ln memories matching the filter? They can be restored from the archive.", nullptr, n);
    case BulkRequest::Restore:
        return tr("Restore %Ln memories matching the filter from the archive?", nullptr, n);
    case BulkRequest::SoftDelete:
        return tr("Delete %Ln memories matching the filter? They are archived with the reason \"deleted by an "
                  "operator\" and can be restored from the archive.",
            nullptr, n);
    case BulkRequest::Purge:
        return tr("Purge %Ln memories matching the filter for good? Their evaluations and links go with them. This "
                  "cannot be undone.",
            nullptr, n);
    case BulkRequest::AddTag:
        return tr("Tag to add to the %Ln memories matching the filter:", nullptr, n);
    case BulkRequest::RemoveTag:
        return tr("Tag to remove from the %Ln memories matching the filter:", nullptr, n);
    }
    return {};
}

QString MemoryBulkActions::taskName(const BulkRequest &request)
{
    const int n = int(request.ids.size());
    switch (request.action) {
    case BulkRequest::Pin:
        return tr("Pin %n memories", nullptr, n);
    case BulkRequest::Unpin:
        return tr("Unpin %n memories", nullptr, n);
    case BulkRequest::Archive:
        return tr("Archive %n memories", nullptr, n);
    case BulkRequest::Restore:
        return tr("Restore %n memories", nullptr, n);
    case BulkRequest::SoftDelete:
        return tr("Delete %n memories", nullptr, n);
    case BulkRequest::Purge:
        return tr("Purge %n memories", nullptr, n);
    case BulkRequest::AddTag:
        return tr("Tag %n memories with \"%1\"", nullptr, n).arg(request.tag);
    case BulkRequest::RemoveTag:
        return tr("Remove \"%1\" from %n memories", nullptr, n).arg(request.tag);
    }
    return {};
}
