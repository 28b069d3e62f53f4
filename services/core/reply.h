#pragma once

#include "core/result.h"

#include <functional>

// How a service hands an answer back to the page that asked: called once, on the asking object's thread,
// through its event queue, unless that object is gone or another workspace was opened meanwhile.
template<typename T> using Reply = std::function<void(const Result<T> &)>;
