// Requirement: every mistake in an input file is one clear error naming the file, the line, the
// key, what was expected and the unit; a misspelt key gets the closest accepted one.
#include "core/input.hpp"

#include <gtest/gtest.h>

using namespace kiln;

namespace {

const QuantitySpec kField{"V/m", "the applied electric field", "100 V/cm", Range::positive()};

// Runs `read` on [process.supply] of `text` and returns the error message (empty if none).
template <class Read>
std::string error_of(const std::string& text, Read read) {
  const auto doc = InputDocument::from_string(text, "case.toml");
  try {
    const auto supply = doc.root().table("process", "").table("supply", "");
    read(supply);
    supply.check_unknown_keys();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Input, ReadsQuantitiesWithUnits) {
  const auto doc = InputDocument::from_string("[process.supply]\nfield = \"100 V/cm\"\n", "case.toml");
  const auto supply = doc.root().table("process", "").table("supply", "");
  EXPECT_NEAR(supply.quantity("field", kField), 1e4, 1e-9);
}

TEST(Input, BareNumberIsSI) {
  const auto doc = InputDocument::from_string("[process.supply]\nfield = 2500\n", "case.toml");
  EXPECT_DOUBLE_EQ(doc.root().table("process", "").table("supply", "").quantity("field", kField), 2500.0);
}

TEST(Input, WrongDimensionNamesFileLineKeyAndUnit) {
  const auto msg = error_of("[process.supply]\n\nfield = \"3 K\"\n", [](const InputTable& t) { t.quantity("field", kField); });
  EXPECT_NE(msg.find("case.toml:3:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("key 'process.supply.field'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("wrong dimension"), std::string::npos) << msg;
  EXPECT_NE(msg.find("V/m"), std::string::npos) << msg;
}

TEST(Input, UnknownUnitIsNamed) {
  const auto msg = error_of("[process.supply]\nfield = \"100 V/cmm\"\n", [](const InputTable& t) { t.quantity("field", kField); });
  EXPECT_NE(msg.find("unknown unit 'V/cmm'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("case.toml:2:"), std::string::npos) << msg;
}

TEST(Input, TextWithoutNumberIsNotAQuantity) {
  const auto msg = error_of("[process.supply]\nfield = \"strong\"\n", [](const InputTable& t) { t.quantity("field", kField); });
  EXPECT_NE(msg.find("is not a quantity"), std::string::npos) << msg;
}

TEST(Input, WrongTypeSaysWhatWasExpected) {
  const auto msg = error_of("[process.supply]\nfield = true\n", [](const InputTable& t) { t.quantity("field", kField); });
  EXPECT_NE(msg.find("got a boolean"), std::string::npos) << msg;
  EXPECT_NE(msg.find("the applied electric field in V/m"), std::string::npos) << msg;
}

TEST(Input, MissingKeyNamesTableAndExample) {
  const auto msg = error_of("[process.supply]\nmode = \"voltage\"\n", [](const InputTable& t) {
    t.accept("mode");
    t.quantity("field", kField);
  });
  EXPECT_NE(msg.find("missing key 'field'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[process.supply]"), std::string::npos) << msg;
  EXPECT_NE(msg.find("100 V/cm"), std::string::npos) << msg;
}

TEST(Input, NegativeConductivityIsOutOfRange) {
  const QuantitySpec sigma{"S/m", "the conductivity", "1 S/m", Range::positive()};
  const auto msg = error_of("[process.supply]\nsigma = \"-2 S/m\"\n", [&](const InputTable& t) { t.quantity("sigma", sigma); });
  EXPECT_NE(msg.find("out of range"), std::string::npos) << msg;
  EXPECT_NE(msg.find("value > 0 S/m"), std::string::npos) << msg;
}

TEST(Input, RelativeDensityAboveOneIsOutOfRange) {
  const QuantitySpec rho{"1", "the relative density", "0.6", Range::fraction()};
  const auto msg = error_of("[process.supply]\nrho = 1.2\n", [&](const InputTable& t) { t.quantity("rho", rho); });
  EXPECT_NE(msg.find("1.2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("0 < value <= 1"), std::string::npos) << msg;
}

TEST(Input, MisspeltKeyGetsClosestMatch) {
  const auto msg = error_of("[process.supply]\nfield = \"1 V/m\"\nfeild = \"100 V/cm\"\n", [](const InputTable& t) {
    t.quantity("field", kField);
    t.quantity_or("current_density_limit", {"A/m^2", "", "", Range::positive()}, 1.0);
  });
  EXPECT_NE(msg.find("case.toml:3:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("unknown key"), std::string::npos) << msg;
  EXPECT_NE(msg.find("did you mean 'field'?"), std::string::npos) << msg;
}

TEST(Input, UnknownChoiceGetsClosestMatch) {
  const auto msg = error_of("[process.supply]\nmode = \"votlage\"\n", [](const InputTable& t) {
    t.choice("mode", {"voltage", "current_ramp", "power"}, "the supply's control mode");
  });
  EXPECT_NE(msg.find("did you mean \"voltage\"?"), std::string::npos) << msg;
}

TEST(Input, SyntaxErrorNamesTheLine) {
  try {
    InputDocument::from_string("[a]\nx = 1\ny = \n", "broken.toml");
    FAIL() << "expected a syntax error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "broken.toml");
    EXPECT_EQ(e.line(), 3);
  }
}

TEST(Input, MissingFileIsAnError) { EXPECT_THROW(InputDocument::from_file("/nonexistent/in.toml"), InputError); }

TEST(Input, SetOverridesAndCreatesKeys) {
  auto doc = InputDocument::from_string("[process.supply]\nfield = \"100 V/cm\"\n", "case.toml");
  doc.set("process.supply.field=120 V/cm");
  doc.set("specimen.green_density=0.55");
  const auto root = doc.root();
  EXPECT_NEAR(root.table("process", "").table("supply", "").quantity("field", kField), 1.2e4, 1e-9);
  EXPECT_DOUBLE_EQ(root.table("specimen", "").number("green_density", ""), 0.55);
}

TEST(Input, SetWithMisspeltKeyIsCaughtAndNamesTheCommandLine) {
  auto doc = InputDocument::from_string("[process.supply]\nfield = \"100 V/cm\"\n", "case.toml");
  doc.set("process.supply.feild=3");
  try {
    const auto t = doc.root().table("process", "").table("supply", "");
    t.quantity("field", kField);
    t.check_unknown_keys();
    FAIL() << "expected an unknown-key error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("--set process.supply.feild=3"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("did you mean 'field'?"), std::string::npos) << e.what();
  }
}

TEST(Input, SetWithoutEqualsIsAnError) {
  auto doc = InputDocument::from_string("", "case.toml");
  EXPECT_THROW(doc.set("process.supply.field"), InputError);
}

TEST(Input, ClosestMatchIgnoresUnrelatedWords) {
  EXPECT_EQ(closest_match("heatingrate", {"heating_rate", "start", "max"}).value(), "heating_rate");
  EXPECT_FALSE(closest_match("colour", {"heating_rate", "start"}).has_value());
}
