#pragma once
// The dashboard's pages: small self-contained HTML5 with one inline style and no scripts. Every
// dynamic string passes through html_escape here, and nowhere else.

#include <string>
#include <string_view>

#include "portal/dashboard/backend.h"
#include "portal/dashboard/sessions.h"

namespace hotspot::dashboard {

std::string render_sign_in(std::string_view typed_username, std::string_view error);
// `now` (unix seconds) dates the router's last reading ("12 s ago").
std::string render_overview(const SignedInUser& user, const RouterHealthView& router,
                            long long now);
// The form shown with `form`'s values; `error` (one sentence) above it when not empty.
std::string render_provision(const SignedInUser& user, const ProvisionDefaults& defaults,
                             const ProvisionForm& form, std::string_view error);
// A page of one sentence under a title; `user` null on pages shown before signing in.
std::string render_message(const SignedInUser* user, std::string_view title,
                           std::string_view sentence);

}  // namespace hotspot::dashboard
