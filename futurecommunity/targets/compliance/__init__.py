"""Compliance of the programme with 绍政办发〔2023〕21号 (issue 4).

Owns: the frozen ``ProgrammeSnapshot`` of the programme on a date, the ``Finding`` each rule
produces, the pure rule functions (G1, G2, T1, T2, T4), ``evaluate``, the board aggregation and
the Excel export. Every policy number comes from ``RuleParameter`` rows; none is written here.
Does not own: projects, regions or targets themselves (read only, in ``snapshot.py``).
"""
