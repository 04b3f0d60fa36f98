// Requirement: quantities are accepted as people write them and converted to SI by UDUNITS-2.
#include "core/units.hpp"

#include <gtest/gtest.h>

using namespace kiln;

TEST(Units, SplitsNumberAndUnit) {
  const auto q = split_quantity("200 mA/mm^2");
  EXPECT_DOUBLE_EQ(q.value, 200.0);
  EXPECT_EQ(q.unit, "mA/mm^2");
  EXPECT_EQ(split_quantity("  1e-3  ").unit, "");
  EXPECT_THROW(split_quantity("fast"), std::invalid_argument);
}

TEST(Units, ConvertsTheUnitsOfFlashExperimentsToSI) {
  EXPECT_NEAR(quantity_to_si("100 V/cm", "V/m"), 1.0e4, 1e-9);
  EXPECT_NEAR(quantity_to_si("200 mA/mm^2", "A/m^2"), 2.0e5, 1e-6);
  EXPECT_NEAR(quantity_to_si("850 degC", "K"), 1123.15, 1e-9);
  EXPECT_NEAR(quantity_to_si("10 K/min", "K/s"), 10.0 / 60.0, 1e-12);
  // UDUNITS-2 carries the CODATA 2002 electronvolt (1.60217653e-19 J): 5e-7 from CODATA 2018.
  EXPECT_NEAR(quantity_to_si("0.95 eV", "J"), 0.95 * 1.602176634e-19, 1e-6 * 0.95 * 1.602176634e-19);
  EXPECT_NEAR(quantity_to_si("450 kJ/mol", "J/mol"), 4.5e5, 1e-6);
  EXPECT_NEAR(quantity_to_si("6.08 g/cm^3", "kg/m^3"), 6080.0, 1e-9);
  EXPECT_NEAR(quantity_to_si("50 mW/mm^3", "W/m^3"), 5.0e7, 1e-3);
  EXPECT_NEAR(quantity_to_si("30 min", "s"), 1800.0, 1e-9);
}

TEST(Units, BareNumberMeansSI) { EXPECT_DOUBLE_EQ(quantity_to_si("1500", "K"), 1500.0); }

TEST(Units, RejectsUnknownAndIncompatibleUnits) {
  EXPECT_FALSE(unit_parses("V/cmm"));
  EXPECT_TRUE(unit_parses("J/(kg K)"));
  EXPECT_FALSE(units_convertible("K", "V/m"));
  EXPECT_THROW(convert_units(3.0, "K", "V/m"), UnitError);
  EXPECT_THROW(convert_units(3.0, "blorps", "m/s"), UnitError);
}
