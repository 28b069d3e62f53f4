#include "core/marketplace.h"

namespace Regions {
QStringList all()
{
    return { QStringLiteral("na-east"), QStringLiteral("na-west"), QStringLiteral("eu-west"),
        QStringLiteral("eu-central"), QStringLiteral("asia-east"), QStringLiteral("asia-south"),
        QStringLiteral("oceania") };
}
} // namespace Regions
