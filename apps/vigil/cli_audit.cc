#include "cli_audit.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdio>

#include "security/audit_log.h"
#include "security/clock.h"
#include "store/migrations.h"

namespace vigil::app {
namespace {

// "(cli) alice": the operating-system account that ran the command.
std::string CliUser() {
  const passwd* account = ::getpwuid(::geteuid());
  return std::string("(cli) ") + (account != nullptr && account->pw_name != nullptr
                                      ? account->pw_name
                                      : std::to_string(::geteuid()));
}

Status Append(const std::string& store_path, const security::AuditEvent& event) {
  auto db = sqlite::OpenStoreDatabase(store_path);
  if (!db.ok()) return db.error();
  security::SystemClock clock;
  security::AuditLog log(*db, clock);
  auto appended = log.Append(event);
  if (!appended.ok()) return appended.error();
  return Status::Ok();
}

}  // namespace

int RunAuditedChange(const GlobalOptions& global, const std::string& action,
                     const std::string& resource, const std::function<int()>& run) {
  security::AuditEvent event{.user = CliUser(),
                             .source_address = "local",
                             .action = action,
                             .resource = resource,
                             .outcome = "attempted"};
  if (Status s = Append(global.store_path, event); !s.ok()) {
    std::fprintf(stderr, "%s: refused, the audit record cannot be written: %s\n", action.c_str(),
                 s.error().message.c_str());
    return 1;
  }
  int exit_code = run();
  event.outcome = exit_code == 0 ? "ok" : "failed";
  event.details = "{\"exit_code\":" + std::to_string(exit_code) + "}";
  if (Status s = Append(global.store_path, event); !s.ok()) {
    std::fprintf(stderr, "%s: done, but its outcome could not be audited: %s\n", action.c_str(),
                 s.error().message.c_str());
    exit_code = exit_code == 0 ? 1 : exit_code;
  }
  return exit_code;
}

}  // namespace vigil::app
