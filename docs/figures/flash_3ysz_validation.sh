#!/usr/bin/env bash
# Draws docs/images/flash_3ysz_validation.png: kiln's onset map of 3YSZ at 10 K/min against the
# onset temperatures of Cologna et al. (2010), Fig. 1. Run from the repository root after a build.
set -euo pipefail
out=$(mktemp -d)
./build/apps/kiln/kiln sweep examples/flash_3ysz_onset_map.toml -q -o "$out" \
  --set 'sweep.series.values=["10 K/min"]'
gnuplot <<GP
set terminal pngcairo size 900,600 enhanced font 'Sans,11'
set output 'docs/images/flash_3ysz_validation.png'
set datafile separator ','
set title "3YSZ flash onset at 10 K/min: kiln (flash.lumped) against Cologna et al. 2010, Fig. 1"
set xlabel "field [V/cm]"
set ylabel "furnace temperature at onset [°C]"
set grid
set key right top
plot "$out/onset_map.csv" skip 1 using 1:4 with linespoints lw 2 title "kiln, lumped thermal runaway", \
     "$out/onset_map.csv" skip 1 using 1:(\$8 > 0 ? \$8 : 1/0) with lines dt 2 lw 2 title "kiln, runaway criterion (Todd 2015)", \
     "tests/validation/data/cologna2010_3ysz_onset.csv" skip 5 using 1:(\$2-273.15) with points pt 7 ps 2 title "Cologna et al. 2010", \
     "tests/validation/data/cologna2010_3ysz_onset.csv" skip 5 using 1:(\$2-273.15):(150) with yerrorbars lc rgb "gray" title "±150 K test tolerance"
GP
rm -rf "$out"
echo "wrote docs/images/flash_3ysz_validation.png"
