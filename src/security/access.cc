#include "security/access.h"

namespace vigil::security {

const char* AccessOutcomeName(AccessOutcome outcome) {
  switch (outcome) {
    case AccessOutcome::kAllowed: return "allowed";
    case AccessOutcome::kNoRoute: return "no_route";
    case AccessOutcome::kNoToken: return "no_token";
    case AccessOutcome::kUnknownSession: return "unknown_session";
    case AccessOutcome::kSessionExpired: return "session_expired";
    case AccessOutcome::kSessionRevoked: return "session_revoked";
    case AccessOutcome::kForbidden: return "forbidden";
    case AccessOutcome::kPurposeRequired: return "purpose_required";
  }
  return "unknown";
}

Result<Access> AuthenticateAndAuthorize(SessionStore& sessions, std::string_view token,
                                        std::string_view method, std::string_view path,
                                        std::string_view purpose) {
  Access access;
  const RoutePolicy* route = FindRoute(method, path);
  if (route == nullptr) {
    access.outcome = AccessOutcome::kNoRoute;
    return access;
  }
  if (route->is_public) {
    access.decision = Authorize(Role::kPatrolOfficer, method, path);
    access.outcome = AccessOutcome::kAllowed;
    return access;
  }
  if (token.empty()) {
    access.outcome = AccessOutcome::kNoToken;
    return access;
  }
  auto check = sessions.Validate(token);
  if (!check.ok()) return check.error();
  access.session = check->status;
  switch (check->status) {
    case SessionStatus::kValid: break;
    case SessionStatus::kUnknown: access.outcome = AccessOutcome::kUnknownSession; return access;
    case SessionStatus::kExpiredIdle:
    case SessionStatus::kExpiredAbsolute:
      access.outcome = AccessOutcome::kSessionExpired;
      return access;
    case SessionStatus::kRevoked:
    case SessionStatus::kUserDisabled:
      access.outcome = AccessOutcome::kSessionRevoked;
      return access;
  }
  access.principal = check->principal;
  access.decision = Authorize(access.principal.role, method, path);
  if (!access.decision.allowed) {
    access.outcome = AccessOutcome::kForbidden;
  } else if (access.decision.purpose_required &&
             purpose.find_first_not_of(" \t") == std::string_view::npos) {
    access.outcome = AccessOutcome::kPurposeRequired;
  } else {
    access.outcome = AccessOutcome::kAllowed;
  }
  return access;
}

}  // namespace vigil::security
