// Team orienteering benchmark instances in the Chao, Golden & Wasil (1996) text format:
//   n N          number of nodes
//   m M          number of routes (vehicles)
//   tmax T       time budget of every route
//   x y score    one line per node, N lines, separated by spaces or tabs
// The first node is the start and the last the end of every route; travel time is the
// Euclidean distance, unrounded (as in the literature).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "patrol/orienteering.h"

namespace vigil::patrol {

struct TopInstance {
  std::string name;            // file name without directory and ".txt" ("p4.2.a")
  int vehicles = 0;            // m
  double tmax = 0;             // budget per route
  std::vector<Point> nodes;    // N nodes; [0] start, [N-1] end
  std::vector<double> scores;  // per node
};

// Parses the text of an instance; `name` labels errors. Fails with kInvalidArgument naming
// the line when the header or a node line is malformed or the node count differs from n.
Result<TopInstance> ParseTopInstance(std::string_view text, const std::string& name);
// Reads and parses a file (kNotFound / kIo when it cannot be read).
Result<TopInstance> ReadTopInstance(const std::string& path);

// The orienteering problem of an instance over `travel` (an EuclideanTravelTimes of its
// nodes at speed 1): K = m routes from node 0 to node N-1, zero dwell. The start and end
// nodes never score in the solver; TopScore adds their scores back.
OrienteeringProblem MakeTopProblem(const TopInstance& instance, const TravelTimes& travel);

// Benchmark score of a solution: the solver's score plus the scores of the start and end
// nodes (visited by every route, counted once), as the published best-known values count them.
double TopScore(const TopInstance& instance, double solver_score);

// A simple upper bound: start + end scores plus the score of every node that one route can
// reach and return from within tmax.
double TopUpperBound(const TopInstance& instance);

}  // namespace vigil::patrol
