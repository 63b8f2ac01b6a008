// portal set | show: how the customer portal presents the provider.
#include <ostream>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/branding.h"
#include "storage/settings.h"

namespace hotspot::cli {
namespace {

struct BrandField {
  const char* option;  // "name"
  std::string_view setting;
  Status (*validate)(std::string_view);
  const char* shown_as;
};

const BrandField kFields[] = {
    {"name", kBrandNameSetting, validate_brand_name, "name"},
    {"welcome", kBrandWelcomeSetting, validate_brand_welcome, "welcome"},
    {"colour", kBrandColourSetting, validate_brand_colour, "colour"},
    {"support-phone", kBrandSupportPhoneSetting, validate_support_phone, "support phone"},
};

// Every value is checked before any is written, so a bad one leaves the portal as it was.
Status portal_set(Invocation& inv) {
  std::vector<std::pair<const BrandField*, std::string>> changes;
  for (const BrandField& f : kFields) {
    if (!inv.args.count(f.option)) continue;
    std::string value = inv.args[f.option].as<std::string>();
    if (auto valid = f.validate(value); !valid) {
      return make_error(Errc::invalid_argument, std::string("--") + f.option + ": " +
                                                    valid.error().message.substr(valid.error().message.find(": ") + 2));
    }
    changes.emplace_back(&f, std::move(value));
  }
  if (changes.empty()) {
    return make_error(Errc::invalid_argument,
                      "portal set needs at least one of --name, --welcome, --colour, --support-phone");
  }
  auto store = inv.open_store();
  if (!store) return store.error();
  for (const auto& [field, value] : changes) {
    if (auto s = (*store)->settings().set(field->setting, value, cli_actor()); !s) return s;
  }
  inv.out << "Portal updated; phones see it within a few seconds.\n";
  return {};
}

Status portal_show(Invocation& inv) {
  auto store = inv.open_store();
  if (!store) return store.error();
  nlohmann::json j = nlohmann::json::object();
  for (const BrandField& f : kFields) {
    auto value = (*store)->settings().get(f.setting);
    if (!value) return value.error();
    j[f.option] = value->value_or("");
  }
  if (inv.json) {
    inv.out << j.dump(2) << '\n';
    return {};
  }
  for (const BrandField& f : kFields) {
    const std::string value = j[f.option];
    inv.out << "  " << f.shown_as << std::string(16 - std::string_view(f.shown_as).size(), ' ')
            << (value.empty() ? "(not set)" : value) << '\n';
  }
  return {};
}

}  // namespace

void add_portal_commands(std::vector<CommandSpec>& commands) {
  commands.push_back({{"portal", "set"}, "[--name N] [--welcome TEXT] [--colour #rrggbb] [--support-phone P]",
                      "Set how the customer portal presents this hotspot",
                      [](cxxopts::Options& o) {
                        o.add_options()("name", "The hotspot's name, the title of every page",
                                        cxxopts::value<std::string>())(
                            "welcome", "One paragraph under the name", cxxopts::value<std::string>())(
                            "colour", "Header and button colour, #rrggbb",
                            cxxopts::value<std::string>())(
                            "support-phone", "A number customers can call for help",
                            cxxopts::value<std::string>());
                      },
                      portal_set});
  commands.push_back({{"portal", "show"}, "", "Show how the customer portal presents this hotspot",
                      [](cxxopts::Options&) {}, portal_show});
}

}  // namespace hotspot::cli
