// Onset maps: the flash-onset furnace temperature and incubation time over a sweep of one or two
// input keys (the field, and optionally the heating rate or the current limit), as in the
// onset-vs-field figures of the flash-sintering literature (e.g. Cologna et al. 2010, Fig. 1;
// Todd et al. 2015). A [sweep] table (core/sweep.hpp) on a flash.lumped input.
#pragma once

#include "core/sweep.hpp"
#include "materials/material.hpp"

namespace kiln {

SweepKind onset_map_kind(const MaterialDatabase& database);

inline std::vector<SweepPoint> run_onset_map(const InputDocument& document, const MaterialDatabase& database,
                                             const SweepOptions& options) {
  return run_sweep(document, onset_map_kind(database), options);
}

}  // namespace kiln
