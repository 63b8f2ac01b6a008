#include "routeros/provision/login_page.h"

namespace hotspot::routeros {
namespace {

std::string html_attribute(std::string_view url) {
  std::string out;
  for (char c : url) {
    if (c == '&') {
      out += "&amp;";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string portal_redirect_url(const ProvisioningRequest& request) {
  std::string url = portal_base_url(request);
  char separator = '?';
  for (const auto& p : kPortalParams) {
    url += separator;
    url += p.query_name;
    url += "=$(";
    url += p.router_variable;
    url += "-esc)";
    separator = '&';
  }
  return url;
}

std::string render_login_page(const ProvisioningRequest& request) {
  const std::string attr = html_attribute(portal_redirect_url(request));
  // The URL holds only validated host and path characters and $(...-esc) values, which the
  // router URL-escapes: no '"' or '<' can reach the attribute. The script reads the URL back
  // from the link rather than holding it in a string literal, because URL escaping may leave
  // a single quote as it is.
  std::string page;
  page += "<!DOCTYPE html>\n";
  page += "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  page += "<meta http-equiv=\"refresh\" content=\"0; url=" + attr + "\">\n";
  page += "<meta http-equiv=\"Cache-Control\" content=\"no-cache\">\n";
  page += "<title>Wi-Fi</title>\n</head>\n<body>\n";
  page += "<p><a id=\"go\" href=\"" + attr + "\">Continue to buy Wi-Fi / Endelea kununua Wi-Fi</a></p>\n";
  page += "<script>location.replace(document.getElementById('go').href);</script>\n";
  page += "</body>\n</html>\n";
  return page;
}

}  // namespace hotspot::routeros
