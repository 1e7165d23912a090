// SPDX-License-Identifier: MIT
#pragma once

namespace ts::ui {

/// What Run starts. Sweep: the queries at max concurrency 1, 2, 4, ... (a few repeats each),
/// into the Sweep tab. CountsVolume: tweets per minute/hour/day from the counts endpoints,
/// into the Volume tab; no tweets fetched.
enum class RunKind { Sequential, Concurrent, Compare, Sweep, CountsVolume };

} // namespace ts::ui
