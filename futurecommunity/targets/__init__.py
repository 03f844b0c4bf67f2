"""The plan's targets (G2), the 2022 baseline, rule parameters, and programme status/coverage (G1, G3).

Owns the numbers the programme is measured against and the pure arithmetic over project facts.
Does not own projects or regions; it reads them through their selectors.
"""
