"""Physical constants. SI units everywhere: N, kg, s, m, m/s."""

G = 9.80665  # standard gravity, m/s^2
LBF_N = 0.45359237 * G  # one pound-force in N (the avoirdupois pound, 0.45359237 kg exactly, under G)
