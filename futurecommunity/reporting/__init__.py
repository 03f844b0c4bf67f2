"""Monthly progress reports, frozen months, bulletins (通报), quarterly rankings and incentives.

Owns: ``MonthlyReport`` (one per project per month, corrected by audited versions), the frozen
``MonthSnapshot`` of a month, ``Bulletin`` drafts and issued (numbered, immutable) bulletins,
``QuarterlyRanking`` with traceable score breakdowns, and the configuration rows
(``ReportingParameter``, ``Indicator``) behind due days and weights (plan 四 S1, S2, S5).
Does not own: projects, targets or compliance findings, permits or rectification orders (read only).
"""
