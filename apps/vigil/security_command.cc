// `vigil audit verify` and `vigil user add|disable`: the trust layer from the command line.
// Parses options and calls src/security; prints what it returns.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "commands.h"
#include "security/audit_log.h"
#include "security/users.h"
#include "store/migrations.h"

namespace vigil::app {
namespace {

struct AuditVerifyOptions {
  std::int64_t head_seq = -1;  // pinned head seq from an earlier run; -1 when not pinned
  std::string head_hash;       // pinned head hash (64 hex characters)
};

struct UserAddOptions {
  std::string name;
  std::string role;
};

int Fail(const char* command, const std::string& message) {
  std::cerr << "vigil " << command << ": " << message << "\n";
  return 1;
}

int RunAuditVerify(const GlobalOptions& global, const AuditVerifyOptions& options) {
  std::optional<security::ChainHead> pinned;
  if (options.head_seq >= 0 || !options.head_hash.empty()) {
    if (options.head_seq < 0 || options.head_hash.size() != 64) {
      std::cerr << "vigil audit verify: --head-seq and --head-hash (64 hex) go together\n";
      return 2;
    }
    pinned = security::ChainHead{.seq = options.head_seq, .hash = options.head_hash};
  }
  // Opening a missing store would create an empty one and report an empty, valid chain.
  if (!std::filesystem::exists(global.store_path)) {
    return Fail("audit verify", "no store at '" + global.store_path + "'");
  }
  auto db = sqlite::OpenStoreDatabase(global.store_path);
  if (!db.ok()) return Fail("audit verify", db.error().message);
  security::SystemClock clock;
  security::AuditLog log(*db, clock);
  auto report = log.Verify(pinned);
  if (!report.ok()) return Fail("audit verify", report.error().message);
  if (!report->ok) {
    std::printf("chain broken (%s): %s\n", security::ChainProblemName(report->problem),
                report->message.c_str());
    return 1;
  }
  std::printf("chain ok: %lld records\n", static_cast<long long>(report->records));
  std::printf("head: %lld %s\n", static_cast<long long>(report->head.seq),
              report->head.hash.c_str());
  return 0;
}

// The first line of standard input, without its line ending.
std::optional<std::string> ReadPassword() {
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int RunUserAdd(const GlobalOptions& global, const UserAddOptions& options) {
  auto role = security::ParseRole(options.role);
  if (!role.ok()) return Fail("user add", role.error().message);
  if (!global.quiet) std::cerr << "password (one line on standard input): " << std::flush;
  auto password = ReadPassword();
  if (!password) return Fail("user add", "no password on standard input");
  auto db = sqlite::OpenStoreDatabase(global.store_path);
  if (!db.ok()) return Fail("user add", db.error().message);
  security::SystemClock clock;
  security::UserStore users(*db, clock);
  security::AuditLog log(*db, clock);
  auto user = users.CreateUser(options.name, *role, *password);
  auto audited = log.Append(security::AuditEvent{
      .user = "(cli)",
      .role = "",
      .source_address = "local",
      .action = "user.create",
      .resource = "user " + options.name,
      .outcome = user.ok() ? "ok" : "failed",
      .details = std::string("{\"role\":\"") + security::RoleName(*role) + "\"}"});
  if (!user.ok()) return Fail("user add", user.error().message);
  if (!audited.ok())
    return Fail("user add", "user created but not audited: " + audited.error().message);
  if (!global.quiet) std::cerr << "\n";
  std::printf("user %s (%s) created, id %lld\n", user->name.c_str(), security::RoleName(user->role),
              static_cast<long long>(user->id));
  return 0;
}

int RunUserDisable(const GlobalOptions& global, const std::string& name, bool disable) {
  auto db = sqlite::OpenStoreDatabase(global.store_path);
  if (!db.ok()) return Fail("user disable", db.error().message);
  security::SystemClock clock;
  security::UserStore users(*db, clock);
  security::AuditLog log(*db, clock);
  Status status = users.SetDisabled(name, disable);
  auto audited = log.Append(security::AuditEvent{.user = "(cli)",
                                                 .source_address = "local",
                                                 .action = disable ? "user.disable" : "user.enable",
                                                 .resource = "user " + name,
                                                 .outcome = status.ok() ? "ok" : "failed"});
  if (!status.ok()) return Fail("user disable", status.error().message);
  if (!audited.ok())
    return Fail("user disable", "done but not audited: " + audited.error().message);
  std::printf("user %s %s\n", name.c_str(), disable ? "disabled" : "enabled");
  return 0;
}

}  // namespace

void RegisterSecurity(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto* audit = app.add_subcommand("audit", "The tamper-evident audit trail");
  audit->require_subcommand(1);
  auto verify_options = std::make_shared<AuditVerifyOptions>();
  auto* verify = audit->add_subcommand(
      "verify",
      "Walk the hash chain; exit 0 and print the head, or 1 naming the first broken record");
  verify->add_option("--head-seq", verify_options->head_seq, "Pinned head seq from an earlier run");
  verify->add_option("--head-hash", verify_options->head_hash,
                     "Pinned head hash from an earlier run");
  verify->callback([&global, &exit_code, verify_options]() {
    exit_code = RunAuditVerify(global, *verify_options);
  });

  auto* user = app.add_subcommand("user", "Manage users");
  user->require_subcommand(1);
  auto add_options = std::make_shared<UserAddOptions>();
  auto* add =
      user->add_subcommand("add", "Create a user; the password is read from standard input");
  add->add_option("--name", add_options->name, "User name")->required();
  add->add_option("--role", add_options->role,
                  "administrator, commander, analyst, dispatcher, patrol_officer or auditor")
      ->required();
  add->callback(
      [&global, &exit_code, add_options]() { exit_code = RunUserAdd(global, *add_options); });

  auto disable_name = std::make_shared<std::string>();
  auto enable = std::make_shared<bool>(false);
  auto* disable = user->add_subcommand("disable", "Disable a user (or enable with --enable)");
  disable->add_option("--name", *disable_name, "User name")->required();
  disable->add_flag("--enable", *enable, "Re-enable instead");
  disable->callback([&global, &exit_code, disable_name, enable]() {
    exit_code = RunUserDisable(global, *disable_name, !*enable);
  });
}

}  // namespace vigil::app
