// The audit trail for auditors; backtest reports and patrol plans, which the CLI (and
// patrol plan creation, handlers_patrol.cc) write as files, served from --reports-dir. The
// stream route is served by the WebSocket upgrade in http_session.
#include "server/handlers.h"
#include "server/report_files.h"
#include "server/request_parsing.h"

namespace vigil::server {
namespace {

using nlohmann::json;

json RecordJson(const security::AuditRecord& r) {
  json details = json::parse(r.event.details, nullptr, false);
  if (details.is_discarded()) details = r.event.details;
  return {{"seq", r.seq},
          {"at", FormatUtc(r.at)},
          {"user", r.event.user},
          {"role", r.event.role},
          {"source_address", r.event.source_address},
          {"action", r.event.action},
          {"resource", r.event.resource},
          {"purpose", r.event.purpose},
          {"outcome", r.event.outcome},
          {"details", details},
          {"prev_hash", r.prev_hash},
          {"hash", r.hash}};
}

// GET /api/v1/audit?user=&from=&to=&resource=&outcome=&limit=: newest first.
ApiResponse QueryAudit(HandlerContext& c) {
  const QueryParams params(c.request.params);
  security::AuditQuery query;
  query.user = params.Text("user");
  auto from = params.Time("from");
  if (!from.ok()) return ErrorResponse(from.error());
  query.from = *from;
  auto to = params.Time("to");
  if (!to.ok()) return ErrorResponse(to.error());
  query.to = *to;
  query.resource_prefix = params.Text("resource");
  query.outcome = params.Text("outcome");
  auto limit = params.Int("limit", 1, 100'000);
  if (!limit.ok()) return ErrorResponse(limit.error());
  query.limit = limit->value_or(1000);
  auto records = c.backend.audit.Query(query);
  if (!records.ok()) return ErrorResponse(records.error());
  json items = json::array();
  for (const security::AuditRecord& r : *records) items.push_back(RecordJson(r));
  return JsonResponse({{"items", std::move(items)}});
}

// GET /api/v1/audit/verify[?head_seq=N&head_hash=HEX]: walks the chain.
ApiResponse VerifyAudit(HandlerContext& c) {
  const QueryParams params(c.request.params);
  std::optional<security::ChainHead> pinned;
  auto seq = params.Int("head_seq", 0, INT64_MAX);
  if (!seq.ok()) return ErrorResponse(seq.error());
  auto hash = params.Text("head_hash");
  if (seq->has_value() != hash.has_value()) {
    return ErrorResponse(ApiError::kBadRequest, "give both head_seq and head_hash, or neither");
  }
  if (*seq) pinned = security::ChainHead{.seq = **seq, .hash = *hash};
  auto report = c.backend.audit.Verify(pinned);
  if (!report.ok()) return ErrorResponse(report.error());
  return JsonResponse({{"ok", report->ok},
                       {"records", report->records},
                       {"problem", security::ChainProblemName(report->problem)},
                       {"first_bad_seq", report->first_bad_seq},
                       {"message", report->message},
                       {"head", {{"seq", report->head.seq}, {"hash", report->head.hash}}}});
}

// Lists or reads report files under reports_dir/`sub` (report_files.h); 501 without a
// reports directory.
Handler ReportHandler(std::string sub, std::vector<std::string> extensions, bool list) {
  return [sub = std::move(sub), extensions = std::move(extensions), list](HandlerContext& c) {
    const std::string& root = c.services.options->reports_dir;
    if (root.empty()) {
      return ErrorResponse(ApiError::kNotImplemented,
                           "the server was started without --reports-dir");
    }
    const std::string directory = root + "/" + sub;
    if (list) {
      json items = json::array();
      for (const ReportFile& f : ListReportFiles(directory, extensions)) {
        items.push_back({{"id", f.id}, {"bytes", f.bytes}});
      }
      return JsonResponse({{"items", std::move(items)}});
    }
    auto text = ReadReportFile(directory, c.request.args.at("id"), extensions);
    if (!text.ok()) return ErrorResponse(text.error());
    return ApiResponse{.status = 200, .content_type = "application/json", .body = *text};
  };
}

ApiResponse StreamWithoutUpgrade(HandlerContext&) {
  return ErrorResponse(ApiError::kBadRequest,
                       "/api/v1/stream is a WebSocket: send an Upgrade: websocket request");
}

}  // namespace

void RegisterAdminHandlers(Router& router) {
  router.Add("audit.query", QueryAudit);
  router.Add("audit.verify", VerifyAudit);
  router.Add("backtests.list", ReportHandler("backtests", {".json"}, true));
  router.Add("backtests.get", ReportHandler("backtests", {".json"}, false));
  router.Add("patrol_plans.list", ReportHandler("patrol-plans", {".geojson", ".json"}, true));
  router.Add("patrol_plans.get", ReportHandler("patrol-plans", {".geojson", ".json"}, false));
  router.Add("stream.events", StreamWithoutUpgrade);
}

}  // namespace vigil::server
