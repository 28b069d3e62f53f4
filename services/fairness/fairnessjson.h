#pragma once

#include "core/result.h"
#include "fairness/fairnessrecords.h"

#include <QJsonObject>

// The stored shape of a fairness report (eumas.fairness_reports: parameters and result). NaN and infinities,
// which JSON has no spelling for, are stored as null and read back as NaN; −inf skew as the string "-inf".
namespace FairnessJson {

QJsonObject requestToJson(const FairnessRequest &request);
Result<FairnessRequest> requestFromJson(const QJsonObject &json);

// Groups, reference, totals, ranking, stages and summary; the request is stored beside it, not inside.
QJsonObject resultToJson(const FairnessReport &report);
FairnessReport resultFromJson(const QJsonObject &json, const FairnessRequest &request);

} // namespace FairnessJson
