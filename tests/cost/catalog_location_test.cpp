// Where `stackplan cost` and `stackplan catalog` find the price catalog.
#include "cost/catalog_location.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "support/files.h"

namespace stackplan::cost {
namespace {

namespace fs = std::filesystem;

// A prefix laid out as `cmake --install` lays it out: bin/ and
// share/stackplan/catalog/, removed after the test.
class CatalogLocationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(prefix_ / "bin");
    fs::create_directories(prefix_ / "share" / "stackplan" / "catalog");
    fs::create_directories(prefix_ / "src" / "catalog");
  }
  CatalogPlaces places() const {
    CatalogPlaces p;
    p.exe_dir = (prefix_ / "bin").string();
    p.source_tree = (prefix_ / "src" / "catalog").string();
    return p;
  }
  std::string installed() const { return (prefix_ / "share" / "stackplan" / "catalog").string(); }

  const test::TempDir scratch_;
  const fs::path prefix_ = scratch_.path();
};

TEST_F(CatalogLocationTest, FlagComesFirst) {
  CatalogPlaces p = places();
  p.flag = "/from/flag";
  p.env = "/from/env";
  EXPECT_EQ(find_catalog_dir(p).value(), "/from/flag");
}

TEST_F(CatalogLocationTest, EnvironmentComesBeforeTheInstalledCatalog) {
  CatalogPlaces p = places();
  p.env = "/from/env";
  EXPECT_EQ(find_catalog_dir(p).value(), "/from/env");
}

TEST_F(CatalogLocationTest, InstalledCatalogBesideTheExecutable) {
  EXPECT_EQ(find_catalog_dir(places()).value(), installed());
}

TEST_F(CatalogLocationTest, SourceTreeWhenNotInstalled) {
  fs::remove_all(prefix_ / "share");
  EXPECT_EQ(find_catalog_dir(places()).value(), (prefix_ / "src" / "catalog").string());
}

TEST_F(CatalogLocationTest, NoParentDirectoryIsSearched) {
  // A catalog/ next to the executable's parent is not one of the places.
  fs::remove_all(prefix_ / "share");
  fs::create_directories(prefix_ / "catalog");
  CatalogPlaces p = places();
  p.source_tree = (prefix_ / "gone").string();
  EXPECT_FALSE(find_catalog_dir(p).ok());
}

TEST_F(CatalogLocationTest, NoneFoundListsEveryPlaceLooked) {
  fs::remove_all(prefix_ / "share");
  fs::remove_all(prefix_ / "src");
  auto dir = find_catalog_dir(places());
  ASSERT_FALSE(dir.ok());
  EXPECT_EQ(dir.error().message(),
            "no price catalog found; looked at --catalog (not given), $STACKPLAN_CATALOG (not "
            "set), " +
                installed() + " (installed location), " + (prefix_ / "src" / "catalog").string() +
                " (source tree): pass --catalog DIR or set STACKPLAN_CATALOG");
}

TEST(CatalogPlaces, ReadsTheEnvironmentAndTheFlag) {
  ::setenv(kCatalogEnvVar, "/from/env", 1);
  CatalogPlaces p = catalog_places("");
  EXPECT_EQ(p.env, "/from/env");
  EXPECT_EQ(find_catalog_dir("").value(), "/from/env");
  EXPECT_EQ(find_catalog_dir("/from/flag").value(), "/from/flag");
  ::unsetenv(kCatalogEnvVar);
  EXPECT_EQ(catalog_places("").env, "");
  EXPECT_FALSE(catalog_places("").exe_dir.empty());
}

}  // namespace
}  // namespace stackplan::cost
