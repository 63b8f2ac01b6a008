#include "routeros/reconcile/diff.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace hotspot::routeros {
namespace {

ProfileRecord profile(std::string name, std::string rate, int shared = 1, std::string id = "",
                      std::string comment = owner_comment("plan")) {
  return {std::move(id), std::move(name), std::move(rate), shared, std::move(comment)};
}

UserRecord user(std::string name, std::string profile_name, std::string id = "",
                std::string comment = owner_comment("ticket")) {
  UserRecord u;
  u.id = std::move(id);
  u.name = std::move(name);
  u.password = "pw-" + u.name;
  u.profile = std::move(profile_name);
  u.limit_uptime_s = 3600;
  u.comment = std::move(comment);
  return u;
}

std::vector<ActionKind> kinds(const ReconcilePlan& plan) {
  std::vector<ActionKind> out;
  for (const auto& a : plan.actions) out.push_back(a.kind);
  return out;
}

TEST(OwnerTag, OnlyTheTagOrTheTagWithADetail) {
  EXPECT_TRUE(is_owned("hotspot-edge"));
  EXPECT_TRUE(is_owned("hotspot-edge:ticket=4"));
  EXPECT_FALSE(is_owned(""));
  EXPECT_FALSE(is_owned("hotspot-edge-old"));
  EXPECT_FALSE(is_owned("my hotspot-edge user"));
  EXPECT_FALSE(is_owned("HOTSPOT-EDGE"));
  EXPECT_EQ(owner_comment("plan=3"), "hotspot-edge:plan=3");
  EXPECT_EQ(owner_comment(""), "hotspot-edge");
}

TEST(Reconcile, InSyncMeansNothingToDo) {
  DesiredState want{{profile("p1", "2M/5M")}, {user("ABCD2345", "p1")}};
  RouterState have{{profile("p1", "2M/5M", 1, "*1")}, {user("ABCD2345", "p1", "*A")}};
  auto plan = reconcile(want, have);
  EXPECT_TRUE(plan.actions.empty());
  EXPECT_TRUE(plan.conflicts.empty());
}

TEST(Reconcile, AFactoryResetRouterGetsEverythingAddedProfilesFirst) {
  DesiredState want{{profile("p1", "2M/5M"), profile("p2", "")},
                    {user("U1", "p1"), user("U2", "p2")}};
  auto plan = reconcile(want, RouterState{});
  EXPECT_EQ(kinds(plan), (std::vector<ActionKind>{ActionKind::add_profile, ActionKind::add_profile,
                                                  ActionKind::add_user, ActionKind::add_user}));
  const auto& add = plan.actions[2];
  EXPECT_TRUE(add.id.empty());
  EXPECT_EQ(add.name, "U1");
  EXPECT_NE(std::find(add.fields.begin(), add.fields.end(), Field{"limit-uptime", "3600s"}),
            add.fields.end());
  EXPECT_NE(std::find(add.fields.begin(), add.fields.end(), Field{"comment", "hotspot-edge:ticket"}),
            add.fields.end());
}

TEST(Reconcile, AWinboxEditIsSetBackNamingOnlyWhatDiffers) {
  UserRecord edited = user("U1", "p1", "*A");
  edited.limit_uptime_s.reset();  // someone removed the limit by hand
  edited.profile = "p2";
  auto plan = reconcile({{profile("p1", "1M/1M")}, {user("U1", "p1")}},
                        {{profile("p1", "1M/1M", 1, "*1")}, {edited}});
  ASSERT_EQ(plan.actions.size(), 1u);
  EXPECT_EQ(plan.actions[0].kind, ActionKind::set_user);
  EXPECT_EQ(plan.actions[0].id, "*A");
  EXPECT_EQ(plan.actions[0].fields,
            (std::vector<Field>{{"profile", "p1"}, {"limit-uptime", "3600s"}}));
}

TEST(Reconcile, AProfileWithAChangedSpeedIsSet) {
  auto plan = reconcile({{profile("p1", "2M/5M", 2)}, {}}, {{profile("p1", "1M/1M", 2, "*1")}, {}});
  ASSERT_EQ(plan.actions.size(), 1u);
  EXPECT_EQ(plan.actions[0].kind, ActionKind::set_profile);
  EXPECT_EQ(plan.actions[0].fields, (std::vector<Field>{{"rate-limit", "2M/5M"}}));
}

TEST(Reconcile, OurUserNoLongerWantedIsKickedThenRemoved) {
  auto plan = reconcile({{profile("p1", "")}, {}},
                        {{profile("p1", "", 1, "*1")}, {user("OLD1", "p1", "*B")}});
  EXPECT_EQ(kinds(plan), (std::vector<ActionKind>{ActionKind::kick_user, ActionKind::remove_user}));
  EXPECT_EQ(plan.actions[0].name, "OLD1");
  EXPECT_EQ(plan.actions[1].id, "*B");
}

TEST(Reconcile, TheProvidersOwnObjectsAreNeverTouched) {
  RouterState have{{profile("default", "", 1, "*0", ""), profile("vip", "10M/10M", 1, "*2", "manual")},
                   {user("admin-phone", "vip", "*C", "the owner's phone")}};
  auto plan = reconcile(DesiredState{}, have);
  EXPECT_TRUE(plan.actions.empty());
  EXPECT_TRUE(plan.conflicts.empty());
}

TEST(Reconcile, AWantedNameTakenByTheProviderIsAConflictNotAnOverwrite) {
  auto plan = reconcile({{profile("vip", "1M/1M")}, {user("ABCD2345", "vip")}},
                        {{profile("vip", "10M/10M", 1, "*2", "manual")},
                         {user("ABCD2345", "vip", "*C", "typed by hand")}});
  EXPECT_TRUE(plan.actions.empty());
  ASSERT_EQ(plan.conflicts.size(), 2u);
  EXPECT_EQ(plan.conflicts[0].kind, "profile");
  EXPECT_EQ(plan.conflicts[1].name, "ABCD2345");
}

TEST(Reconcile, AProfileStillUsedByAProvidersUserIsKept) {
  auto plan = reconcile(DesiredState{}, {{profile("p1", "", 1, "*1")},
                                         {user("theirs", "p1", "*C", "manual")}});
  EXPECT_TRUE(plan.actions.empty());
  ASSERT_EQ(plan.conflicts.size(), 1u);
  EXPECT_EQ(plan.conflicts[0].name, "p1");
}

TEST(Reconcile, UnwantedProfilesGoAfterTheirUsers) {
  auto plan = reconcile(DesiredState{}, {{profile("p1", "", 1, "*1")}, {user("U1", "p1", "*A")}});
  EXPECT_EQ(kinds(plan), (std::vector<ActionKind>{ActionKind::kick_user, ActionKind::remove_user,
                                                  ActionKind::remove_profile}));
}

TEST(Reconcile, AHiddenPasswordIsNotDrift) {
  UserRecord seen = user("U1", "p1", "*A");
  seen.password.clear();  // the API user lacks the 'sensitive' policy
  auto plan = reconcile({{}, {user("U1", "p1")}}, {{}, {seen}});
  EXPECT_TRUE(plan.actions.empty());
}

TEST(Reconcile, CommandsScaleWithDriftNotWithSize) {
  DesiredState want;
  RouterState have;
  want.profiles.push_back(profile("p1", "2M/5M"));
  have.profiles.push_back(profile("p1", "2M/5M", 1, "*1"));
  for (int i = 0; i < 10'000; ++i) {
    const std::string name = "U" + std::to_string(i);
    want.users.push_back(user(name, "p1"));
    UserRecord on_router = user(name, "p1", "*" + std::to_string(i));
    if (i % 20 == 0) on_router.disabled = true;  // 5% drifted
    have.users.push_back(on_router);
  }
  auto plan = reconcile(want, have);
  EXPECT_EQ(plan.actions.size(), 500u);
}

}  // namespace
}  // namespace hotspot::routeros
