// Team orienteering benchmark instances in the Chao, Golden & Wasil (1996) text format:
//   n N          number of nodes
//   m M          number of routes (vehicles)
//   tmax T       time budget of every route
//   x y score    one line per node, N lines, separated by spaces or tabs
// The first node is the start and the last the end of every route; travel time is the
// Euclidean distance, unrounded (as in the literature).
#pragma once

#include <map>
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

// A published score for a benchmark instance, with the node count of the instance it was
// published for, so that a file that is not that instance (a different n) is not compared as
// if it were.
struct TopReference {
  int nodes = 0;       // n of the published instance
  double score = 0;    // published score (start and end scores included)
  std::string source;  // short citation, e.g. "Chao1996"
};

// Parses a reference table: one line per instance, `instance nodes score source` separated by
// spaces or tabs; `#` starts a comment; blank lines are skipped. Fails with kInvalidArgument
// naming `name` and the line for a malformed line or an instance listed twice.
Result<std::map<std::string, TopReference>> ParseTopReferences(std::string_view text,
                                                               const std::string& name);
// Reads and parses a reference file (kNotFound / kIo when it cannot be read).
Result<std::map<std::string, TopReference>> ReadTopReferences(const std::string& path);

// How a score compares with the published one, for a report column: "=", "+12" (above),
// "-3.1%" (below, as a share of the published score), or "n/a (n 99 vs 100)" when the file's
// node count differs from the published instance's, since then the two are different problems.
std::string CompareWithReference(const TopInstance& instance, double score,
                                 const TopReference& reference);

}  // namespace vigil::patrol
