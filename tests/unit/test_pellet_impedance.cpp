// The impedance of a pellet built from its microstructure: brick-layer resistances and
// capacitances by hand, arcs where the circuit puts them, and the surface layer's arc.
#include "properties/equivalent_circuit.hpp"
#include "properties/microstructure_conductivity.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace {

using namespace kiln;

Material brick_layer_material() {
  Material m;
  m.name = "test";
  ArrheniusTerm bulk, gb;
  bulk.path = ArrheniusTerm::Path::bulk;
  bulk.sigma0 = 0.1;  // S/m, no activation: the same at every temperature
  gb.path = ArrheniusTerm::Path::grain_boundary;
  gb.sigma0 = 1e-4;
  m.conductivity = ElectricalConductivity({bulk, gb}, 1.5);
  return m;
}

TEST(PelletImpedance, BrickLayerResistancesAndCapacitancesByHand) {
  const Material m = brick_layer_material();
  MicrostructureState s;
  s.relative_density = 1.0;
  s.grain_size = 2e-6;
  ConductivityOptions o;  // delta = 1 nm
  PelletImpedanceOptions p;
  p.thickness = 1e-3;
  p.area = 1e-4;
  p.relative_permittivity = 50;
  const PelletImpedance z = pellet_impedance(m, s, o, p);
  EXPECT_EQ(z.circuit, "p(R1,C1)-p(R2,C2)-CPE4");
  const double geometric = 1e-3 / 1e-4;  // L/A = 10 1/m
  EXPECT_NEAR(z.bulk_resistance, geometric / 0.1, 1e-9);                 // 100 Ohm
  EXPECT_NEAR(z.grain_boundary_resistance, geometric * (1e-9 / 2e-6) / 1e-4, 1e-9);  // 50 Ohm
  const double C_b = 8.8541878128e-12 * 50 / geometric;
  EXPECT_NEAR(z.parameters[1] / C_b, 1.0, 1e-12);
  EXPECT_NEAR(z.parameters[3] / (C_b * 2e-6 / 1e-9), 1.0, 1e-12);
  // The grains' two arcs: at the bulk arc's top frequency its -Z'' is half its R (the grain
  // boundaries' arc has closed to its R there); well below both, Z' is the sum of the two.
  const EquivalentCircuit arcs("p(R1,C1)-p(R2,C2)");
  const std::vector<double> grain_parameters(z.parameters.begin(), z.parameters.begin() + 4);
  const double w_b = 1.0 / (z.bulk_resistance * z.parameters[1]), w_gb = 1.0 / (z.grain_boundary_resistance * z.parameters[3]);
  EXPECT_NEAR(w_b / w_gb, 0.1 / 1e-4, 1e-6);  // brick layer: tau_gb / tau_b = sigma_b / sigma_gb
  EXPECT_NEAR(-arcs.impedance(w_b, grain_parameters).imag(), 50.0, 0.1);
  EXPECT_NEAR(arcs.impedance(1e-4 * w_gb, grain_parameters).real(), 150.0, 1e-3);
}

TEST(PelletImpedance, PorosityRaisesResistanceAndASurfaceLayerAddsAnArc) {
  const Material m = brick_layer_material();
  MicrostructureState dense, porous;
  porous.relative_density = 0.9;
  ConductivityOptions o;
  o.porosity_law = PorosityLaw::bruggeman;
  PelletImpedanceOptions p;
  const auto a = pellet_impedance(m, dense, o, p), b = pellet_impedance(m, porous, o, p);
  EXPECT_NEAR(b.bulk_resistance / a.bulk_resistance, std::pow(0.9, -1.5), 1e-12);
  p.surface_layer_thickness = 10e-9;
  p.surface_layer_conductivity = 1e-6;
  p.blocking_electrodes = false;
  const auto c = pellet_impedance(m, dense, o, p);
  EXPECT_EQ(c.circuit, "p(R1,C1)-p(R2,C2)-p(R3,C3)-p(R4,CPE4)");
  EXPECT_NEAR(c.surface_resistance, 2 * 10e-9 / (p.area * 1e-6), 1e-9);
  // With reversible electrodes the DC resistance is finite: bulk + grain boundaries + layers + 2 R_ct/A.
  const EquivalentCircuit circuit(c.circuit);
  EXPECT_NEAR(circuit.impedance(1e-9, c.parameters).real(),
              c.bulk_resistance + c.grain_boundary_resistance + c.surface_resistance + 2 * p.interface_resistance / p.area, 1e-3);
}

}  // namespace
