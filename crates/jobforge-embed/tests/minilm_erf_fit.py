#!/usr/bin/env python3
"""Where the coefficients of `src/minilm/math.rs`'s erf come from.

erf is split at |x| = 1:
- below, erf(x) = x * P(u) with u = 2x^2 - 1 in [-1, 1];
- from 1 to 4, erf(x) = 1 - exp(-x^2) * Q(s), Q fitting erfcx(x) =
  erfc(x) * exp(x^2), with s = 12 / (2 + x) - 3 in [-1, 1] (t = 1/(1 + x/2)
  mapped onto [-1, 1]: erfcx behaves like a polynomial in t);
- above 4, erf(x) is 1 in f32.
Each polynomial is a least-squares Chebyshev fit on a dense grid, converted
to powers of the mapped variable (well conditioned on [-1, 1]), then checked
by evaluating it as the Rust code does: f32 Horner, separate multiply and
add, f32 exp. Prints the coefficients (constant term first) and the largest
error against math.erf.

    python3 -m venv /tmp/refvenv && /tmp/refvenv/bin/pip install numpy
    /tmp/refvenv/bin/python crates/jobforge-embed/tests/minilm_erf_fit.py
"""

import math

import numpy as np

f32 = np.float32
SMALL_DEGREE = 6
LARGE_DEGREE = 7


def fit(variable, target, degree):
    chebyshev = np.polynomial.chebyshev.chebfit(variable, target, degree)
    return [float(f32(c)) for c in np.polynomial.chebyshev.cheb2poly(chebyshev)]


def horner(coefficients, s):
    acc = f32(coefficients[-1])
    for c in coefficients[-2::-1]:
        acc = f32(acc * s) + f32(c)
    return acc


def main():
    small = np.linspace(1e-6, 1.0, 200001)
    large = np.linspace(1.0, 4.0, 300001)
    p = fit(
        2 * small * small - 1,
        np.array([math.erf(x) / x for x in small]),
        SMALL_DEGREE,
    )
    q = fit(
        12 / (2 + large) - 3,
        np.array([math.erfc(x) * math.exp(x * x) for x in large]),
        LARGE_DEGREE,
    )
    worst = 0.0
    for xs, branch in [(small, "small"), (large, "large")]:
        x = xs.astype(f32)
        if branch == "small":
            u = f32(f32(2) * f32(x * x)) - f32(1)
            value = x * horner(p, u)
        else:
            s = f32(f32(12) / f32(f32(2) + x)) - f32(3)
            value = f32(1) - np.exp(-(x * x)).astype(f32) * horner(q, s)
        error = np.abs(value.astype(np.float64) - np.array([math.erf(v) for v in xs])).max()
        worst = max(worst, error)
        print(f"{branch}: largest error {error:.2e}")
    print(f"largest error {worst:.2e}")
    print("P:", ", ".join(f"{c:.9e}" for c in p))
    print("Q:", ", ".join(f"{c:.9e}" for c in q))


if __name__ == "__main__":
    main()
