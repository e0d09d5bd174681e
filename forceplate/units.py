"""Physical constants. SI units everywhere: N, kg, s, m, m/s."""

G = 9.80665  # standard gravity, m/s^2
