#pragma once

namespace compute {

// Why a compute function returned no result. The services layer turns these into sentences.
enum class Status {
    Ok,
    Cancelled,
    EmptyInput,
    NonFiniteInput, // a NaN or infinite value; the row is reported beside the status
    InvalidArgument, // k < 1, k > rows, a dimension mismatch, ...
};

} // namespace compute
