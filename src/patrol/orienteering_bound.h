// An upper bound on the score of any plan of a team-orienteering problem, to say how far a plan
// is from the best possible one (the benchmark programs print it beside the solver's score).
#pragma once

#include "patrol/orienteering.h"

namespace vigil::patrol {

// Upper bound on the score of every feasible plan of `problem` (which must be valid) with
// repeat visits scored by `repeat_fraction` in [0, 1) as in SolverOptions.
//
// Every leg of a route ends at a stop or at the route's end and starts at the route's start or
// at a stop, so a route's travel is at least the sum over its stops of the mean of the stop's
// quickest way in and quickest way out (over all other sites), plus half the route's quickest
// first and last legs. Each visit therefore costs at least `dwell + (in + out) / 2` of the
// pooled time of all routes, less those first/last halves; the bound is the fractional
// knapsack of the visits by score per cost. Sites no route can reach and leave within its
// budget are left out; a site visited by several routes has one item per visit (score x
// fraction^(k-1)). Costs O(n^2) travel look-ups for n sites.
double OrienteeringUpperBound(const OrienteeringProblem& problem, double repeat_fraction);

}  // namespace vigil::patrol
