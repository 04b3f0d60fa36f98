// Requirement: every material of the database loads, every value has a unit and a source, and a
// value overridden in an input carries the input as its source.
#include "materials/material.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace kiln;

namespace {
MaterialDatabase database() { return MaterialDatabase(std::string(KILN_SOURCE_DIR) + "/data/materials"); }
}  // namespace

TEST(Materials, DatabaseHoldsTheMaterialsOfTheIssue) {
  const auto names = database().names();
  for (const char* required : {"3YSZ", "8YSZ", "LLZO-Al", "LLZO-Ta", "LATP", "LAGP", "LLTO", "NZSP", "LiCoO2", "LiFePO4",
                               "Li4Ti5O12", "Li6PS5Cl", "Li3InCl6", "ZnO"})
    EXPECT_NE(std::find(names.begin(), names.end(), required), names.end()) << required;
}

TEST(Materials, EveryMaterialLoadsWithSourcedPhysicalValues) {
  const auto db = database();
  for (const auto& name : db.names()) {
    SCOPED_TRACE(name);
    const Material m = db.load(name);
    EXPECT_GT(m.theoretical_density, 1000.0);
    EXPECT_LT(m.theoretical_density, 10000.0);
    EXPECT_GT(m.emissivity, 0.0);
    EXPECT_LE(m.emissivity, 1.0);
    EXPECT_GT(m.heat_capacity.cp(300.0), 100.0);
    EXPECT_GT(m.limit_temperature, 400.0);
    EXPECT_GT(m.conductivity.dense(1000.0), 0.0);
    EXPECT_FALSE(m.provenance.values().empty());
    for (const auto& v : m.provenance.values()) {
      EXPECT_FALSE(v.source.empty()) << v.key;
      EXPECT_TRUE(std::isfinite(v.si)) << v.key;
    }
  }
}

TEST(Materials, ThreeYszValuesAreConvertedToSI) {
  const Material m = database().load("3YSZ");
  EXPECT_NEAR(m.theoretical_density, 6080.0, 1.0);
  // Kubaschewski et al. 1993 ZrO2 c_p per kg: 455 J/(kg K) at 298 K (quoted in the file).
  EXPECT_NEAR(m.heat_capacity.cp(298.15), 455.0, 5.0);
  EXPECT_NEAR(m.limit_temperature, 2973.15, 1e-6);
}

TEST(Materials, InputOverrideReplacesValueAndSource) {
  const auto doc = InputDocument::from_string("[material]\nname = \"3YSZ\"\nemissivity = { value = 0.55 }\n", "my.toml");
  const auto table = doc.root().table("material", "");
  const Material m = database().load("3YSZ", table);
  EXPECT_DOUBLE_EQ(m.emissivity, 0.55);
  bool found = false;
  for (const auto& v : m.provenance.values())
    if (v.key == "emissivity.value") {
      found = true;
      EXPECT_NE(v.source.find("input my.toml:3"), std::string::npos) << v.source;
    }
  EXPECT_TRUE(found);
}

TEST(Materials, UnknownMaterialSuggestsClosestName) {
  const auto doc = InputDocument::from_string("[material]\nname = \"3YZS\"\n", "my.toml");
  try {
    database().load("3YZS", doc.root().table("material", ""));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean \"3YSZ\"?"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("my.toml:2"), std::string::npos) << e.what();
  }
}

TEST(Materials, MaterialFileErrorsNameTheMaterialFile) {
  const auto doc = std::make_shared<toml::value>(InputDocument::from_string(
      "name = \"X\"\nfull_name = \"x\"\n[theoretical_density]\nvalue = \"5 K\"\nsource = \"s\"\n", "data/materials/X.toml").value());
  try {
    parse_material(doc, "data/materials/X.toml");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("data/materials/X.toml:4"), std::string::npos) << e.what();
  }
}

TEST(Materials, OverrideWithItsOwnSourceKeepsIt) {
  const auto doc = InputDocument::from_string(
      "[material]\nname = \"3YSZ\"\nemissivity = { value = 0.9, source = \"my pyrometer, 2026\" }\n", "my.toml");
  const Material m = database().load("3YSZ", doc.root().table("material", ""));
  for (const auto& v : m.provenance.values())
    if (v.key == "emissivity.value") EXPECT_EQ(v.source.rfind("my pyrometer, 2026 (input my.toml:3)", 0), 0u) << v.source;
}

TEST(Materials, OverridingTheLawReplacesTheWholeLawTable) {
  const auto doc = InputDocument::from_string("[material]\nname = \"3YSZ\"\ndensification = { law = \"none\" }\n", "my.toml");
  const Material m = database().load("3YSZ", doc.root().table("material", ""));
  ASSERT_TRUE(m.densification.has_value());
  EXPECT_FALSE(m.densification->has("A"));
}

TEST(Materials, NameSuggestionIgnoresCase) {
  try {
    database().load("3ysz");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean \"3YSZ\"?"), std::string::npos) << e.what();
  }
}
