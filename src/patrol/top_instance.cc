#include "patrol/top_instance.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <utility>

#include "core/text.h"

namespace vigil::patrol {
namespace {

Error Bad(const std::string& name, int line, const std::string& what) {
  return MakeError(ErrorCode::kInvalidArgument, name + ":" + std::to_string(line) + ": " + what);
}

// Splits on spaces and tabs.
std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    const std::size_t begin = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    if (i > begin) out.push_back(line.substr(begin, i - begin));
  }
  return out;
}

// The whole file as text; `what` names the kind of file in errors.
Result<std::string> ReadWholeFile(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kNotFound, "cannot open " + what + " " + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return MakeError(ErrorCode::kIo, "cannot read " + what + " " + path);
  return buffer.str();
}

}  // namespace

Result<TopInstance> ParseTopInstance(std::string_view text, const std::string& name) {
  TopInstance inst;
  inst.name = name;
  long long n = -1;
  long long m = -1;
  double tmax = -1;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    const std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    const auto f = Fields(line);
    if (f.empty()) continue;
    if (f[0] == "n" || f[0] == "m" || f[0] == "tmax") {
      if (f.size() != 2) return Bad(name, line_no, "expected '" + std::string(f[0]) + " VALUE'");
      if (f[0] == "tmax") {
        if (!ParseDouble(f[1], &tmax) || !std::isfinite(tmax) || tmax < 0)
          return Bad(name, line_no, "tmax is not a number >= 0");
      } else {
        long long v = 0;
        if (!ParseInt64(f[1], &v) || v < 1 || v > 1000000)
          return Bad(name, line_no, std::string(f[0]) + " is not a positive integer");
        (f[0] == "n" ? n : m) = v;
      }
      continue;
    }
    if (n < 0 || m < 0 || tmax < 0)
      return Bad(name, line_no, "node line before the n, m and tmax lines");
    if (f.size() != 3) return Bad(name, line_no, "expected 'x y score'");
    Point p;
    double score = 0;
    if (!ParseDouble(f[0], &p.x) || !ParseDouble(f[1], &p.y) || !ParseDouble(f[2], &score) ||
        !std::isfinite(p.x) || !std::isfinite(p.y) || !std::isfinite(score) || score < 0) {
      return Bad(name, line_no, "x, y and score must be finite numbers, score >= 0");
    }
    if (static_cast<long long>(inst.nodes.size()) >= n)
      return Bad(name, line_no, "more node lines than n = " + std::to_string(n));
    inst.nodes.push_back(p);
    inst.scores.push_back(score);
  }
  if (n < 0 || m < 0 || tmax < 0) return Bad(name, line_no, "missing n, m or tmax line");
  if (static_cast<long long>(inst.nodes.size()) != n || n < 2) {
    return Bad(name, line_no,
               "expected " + std::to_string(n) + " node lines (at least 2), found " +
                   std::to_string(inst.nodes.size()));
  }
  inst.vehicles = static_cast<int>(m);
  inst.tmax = tmax;
  return inst;
}

Result<TopInstance> ReadTopInstance(const std::string& path) {
  auto text = ReadWholeFile(path, "TOP instance");
  if (!text.ok()) return text.error();
  std::string name =
      path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
  if (name.size() > 4 && name.ends_with(".txt")) name.resize(name.size() - 4);
  return ParseTopInstance(*text, name);
}

Result<std::map<std::string, TopReference>> ParseTopReferences(std::string_view text,
                                                               const std::string& name) {
  std::map<std::string, TopReference> out;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (const std::size_t hash = line.find('#'); hash != std::string_view::npos)
      line = line.substr(0, hash);
    const auto f = Fields(line);
    if (f.empty()) continue;
    if (f.size() != 4) return Bad(name, line_no, "expected 'instance nodes score source'");
    long long nodes = 0;
    TopReference ref;
    if (!ParseInt64(f[1], &nodes) || nodes < 2 || nodes > 1000000)
      return Bad(name, line_no, "nodes is not an integer >= 2");
    if (!ParseDouble(f[2], &ref.score) || !std::isfinite(ref.score) || ref.score < 0)
      return Bad(name, line_no, "score is not a number >= 0");
    ref.nodes = static_cast<int>(nodes);
    ref.source = std::string(f[3]);
    if (!out.emplace(std::string(f[0]), std::move(ref)).second)
      return Bad(name, line_no, "instance " + std::string(f[0]) + " listed twice");
  }
  return out;
}

Result<std::map<std::string, TopReference>> ReadTopReferences(const std::string& path) {
  auto text = ReadWholeFile(path, "TOP reference table");
  if (!text.ok()) return text.error();
  return ParseTopReferences(*text, path);
}

std::string CompareWithReference(const TopInstance& instance, double score,
                                 const TopReference& reference) {
  char buffer[64];
  if (static_cast<int>(instance.nodes.size()) != reference.nodes) {
    std::snprintf(buffer, sizeof buffer, "n/a (n %zu vs %d)", instance.nodes.size(),
                  reference.nodes);
    return buffer;
  }
  const double diff = score - reference.score;
  if (std::abs(diff) < 1e-6) return "=";
  if (diff > 0) {
    std::snprintf(buffer, sizeof buffer, "+%.0f", diff);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.1f%%",
                  reference.score > 0 ? 100.0 * diff / reference.score : 0.0);
  }
  return buffer;
}

OrienteeringProblem MakeTopProblem(const TopInstance& instance, const TravelTimes& travel) {
  OrienteeringProblem p;
  p.travel = &travel;
  p.score = instance.scores;
  const int last = static_cast<int>(instance.nodes.size()) - 1;
  p.routes.assign(static_cast<std::size_t>(instance.vehicles),
                  RouteSpec{.start = 0, .end = last, .tmax = instance.tmax});
  return p;
}

double TopScore(const TopInstance& instance, double solver_score) {
  return solver_score + instance.scores.front() +
         (instance.scores.size() > 1 ? instance.scores.back() : 0.0);
}

double TopUpperBound(const TopInstance& instance) {
  const std::size_t n = instance.nodes.size();
  const Point& s = instance.nodes.front();
  const Point& e = instance.nodes.back();
  double bound = TopScore(instance, 0);
  for (std::size_t v = 1; v + 1 < n; ++v) {
    const Point& p = instance.nodes[v];
    if (std::hypot(p.x - s.x, p.y - s.y) + std::hypot(p.x - e.x, p.y - e.y) <=
        instance.tmax * (1 + 1e-9)) {
      bound += instance.scores[v];
    }
  }
  return bound;
}

}  // namespace vigil::patrol
