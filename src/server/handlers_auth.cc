// Sign-in and sign-out, the caller's own password, and user administration.
#include "server/handlers.h"

namespace vigil::server {
namespace {

using nlohmann::json;

json UserJson(const security::User& user) {
  return {
      {"id", user.id},
      {"name", user.name},
      {"role", security::RoleName(user.role)},
      {"disabled", user.disabled},
      {"locked_until", user.locked_until == 0 ? json(nullptr) : json(FormatUtc(user.locked_until))},
      {"created_at", FormatUtc(user.created_at)}};
}

// A string field of a JSON object; kInvalidArgument naming it when absent or not a string.
Result<std::string> StringField(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || !it->is_string()) {
    return MakeError(ErrorCode::kInvalidArgument, std::string("'") + name + "' must be a string");
  }
  return it->get<std::string>();
}

ApiResponse SignIn(HandlerContext& c) {
  auto body = JsonObjectBody(c.request);
  if (!body.ok()) return ErrorResponse(ApiError::kMalformedJson, body.error().message);
  auto name = StringField(*body, "name");
  if (!name.ok()) return ErrorResponse(name.error());
  auto password = StringField(*body, "password");
  if (!password.ok()) return ErrorResponse(password.error());
  auto result = c.backend.users.SignIn(*name, *password);
  if (!result.ok()) return ErrorResponse(result.error());
  auto event = AuditEventFor(c.request, "sign_in", security::SignInStatusName(result->status));
  event.user = *name;
  if (result->status != security::SignInStatus::kOk) {
    (void)c.backend.audit.Append(event);
    switch (result->status) {
      case security::SignInStatus::kLocked:
        return ErrorResponse(ApiError::kAccountLocked, "the account is locked",
                             {{"locked_until", FormatUtc(result->locked_until)}});
      case security::SignInStatus::kDisabled:
        return ErrorResponse(ApiError::kAccountDisabled, "the account is disabled");
      default: return ErrorResponse(ApiError::kBadCredentials, "unknown user or wrong password");
    }
  }
  const security::User& user = *result->user;
  event.role = security::RoleName(user.role);
  auto token = c.backend.sessions.Create(user.id);
  if (!token.ok()) return ErrorResponse(token.error());
  if (!c.backend.audit.Append(event).ok()) {  // no sign-in that the audit trail does not show
    (void)c.backend.sessions.Revoke(*token);
    return ErrorResponse(ApiError::kAuditUnavailable,
                         "signing in was refused because its audit record could not be written");
  }
  return JsonResponse({{"token", *token},
                       {"user", UserJson(user)},
                       {"idle_timeout_s", c.services.options->sessions.idle_timeout_s},
                       {"absolute_lifetime_s", c.services.options->sessions.absolute_lifetime_s}});
}

ApiResponse SignOut(HandlerContext& c) {
  const Status revoked = c.backend.sessions.Revoke(c.request.token);
  if (!revoked.ok()) return ErrorResponse(revoked.error());
  return JsonResponse({{"signed_out", true}});
}

ApiResponse ChangePassword(HandlerContext& c) {
  auto body = JsonObjectBody(c.request);
  if (!body.ok()) return ErrorResponse(ApiError::kMalformedJson, body.error().message);
  auto old_password = StringField(*body, "old_password");
  if (!old_password.ok()) return ErrorResponse(old_password.error());
  auto new_password = StringField(*body, "new_password");
  if (!new_password.ok()) return ErrorResponse(new_password.error());
  const Status changed =
      c.backend.users.ChangePassword(c.request.principal.user_name, *old_password, *new_password);
  if (!changed.ok()) return ErrorResponse(changed.error());
  auto revoked = c.backend.sessions.RevokeAllForUser(c.request.principal.user_id);
  if (!revoked.ok()) return ErrorResponse(revoked.error());
  return JsonResponse({{"changed", true}, {"sessions_ended", *revoked}});
}

ApiResponse ListUsers(HandlerContext& c) {
  auto users = c.backend.users.ListUsers();
  if (!users.ok()) return ErrorResponse(users.error());
  json items = json::array();
  for (const security::User& user : *users) items.push_back(UserJson(user));
  return JsonResponse({{"items", items}});
}

ApiResponse CreateUser(HandlerContext& c) {
  auto body = JsonObjectBody(c.request);
  if (!body.ok()) return ErrorResponse(ApiError::kMalformedJson, body.error().message);
  auto name = StringField(*body, "name");
  if (!name.ok()) return ErrorResponse(name.error());
  auto role_name = StringField(*body, "role");
  if (!role_name.ok()) return ErrorResponse(role_name.error());
  auto role = security::ParseRole(*role_name);
  if (!role.ok()) return ErrorResponse(role.error());
  auto password = StringField(*body, "password");
  if (!password.ok()) return ErrorResponse(password.error());
  auto user = c.backend.users.CreateUser(*name, *role, *password);
  if (!user.ok()) return ErrorResponse(user.error());
  return JsonResponse(UserJson(*user), 201);
}

ApiResponse GetUser(HandlerContext& c) {
  auto id = IdArg(c.request, "id");
  if (!id.ok()) return ErrorResponse(id.error());
  auto user = c.backend.users.FindUserById(*id);
  if (!user.ok()) return ErrorResponse(user.error());
  return JsonResponse(UserJson(*user));
}

// PATCH: {"password": new password} resets it; {"disabled": bool} disables or re-enables.
ApiResponse UpdateUser(HandlerContext& c) {
  auto id = IdArg(c.request, "id");
  if (!id.ok()) return ErrorResponse(id.error());
  auto body = JsonObjectBody(c.request);
  if (!body.ok()) return ErrorResponse(ApiError::kMalformedJson, body.error().message);
  auto user = c.backend.users.FindUserById(*id);
  if (!user.ok()) return ErrorResponse(user.error());
  bool end_sessions = false;
  if (body->contains("password")) {
    auto password = StringField(*body, "password");
    if (!password.ok()) return ErrorResponse(password.error());
    const Status reset = c.backend.users.ResetPassword(user->name, *password);
    if (!reset.ok()) return ErrorResponse(reset.error());
    end_sessions = true;
  }
  if (body->contains("disabled")) {
    if (!(*body)["disabled"].is_boolean()) {
      return ErrorResponse(ApiError::kBadRequest, "'disabled' must be true or false");
    }
    const bool disabled = (*body)["disabled"].get<bool>();
    const Status set = c.backend.users.SetDisabled(user->name, disabled);
    if (!set.ok()) return ErrorResponse(set.error());
    end_sessions = end_sessions || disabled;
  }
  if (end_sessions) {
    auto revoked = c.backend.sessions.RevokeAllForUser(*id);
    if (!revoked.ok()) return ErrorResponse(revoked.error());
  }
  auto updated = c.backend.users.FindUserById(*id);
  if (!updated.ok()) return ErrorResponse(updated.error());
  return JsonResponse(UserJson(*updated));
}

ApiResponse DisableUser(HandlerContext& c) {
  auto id = IdArg(c.request, "id");
  if (!id.ok()) return ErrorResponse(id.error());
  auto user = c.backend.users.FindUserById(*id);
  if (!user.ok()) return ErrorResponse(user.error());
  const Status set = c.backend.users.SetDisabled(user->name, true);
  if (!set.ok()) return ErrorResponse(set.error());
  auto revoked = c.backend.sessions.RevokeAllForUser(*id);
  if (!revoked.ok()) return ErrorResponse(revoked.error());
  return JsonResponse({{"disabled", true}, {"sessions_ended", *revoked}});
}

}  // namespace

void RegisterAuthHandlers(Router& router) {
  router.Add("auth.sign_in", SignIn);
  router.Add("auth.sign_out", SignOut);
  router.Add("account.password", ChangePassword);
  router.Add("users.list", ListUsers);
  router.Add("users.create", CreateUser);
  router.Add("users.get", GetUser);
  router.Add("users.update", UpdateUser);
  router.Add("users.disable", DisableUser);
}

}  // namespace vigil::server
