"""Permits: the approval navigator, permit catalogue and department reviews.

Owns the rules of 绍政办发〔2023〕21号 clause 三(四) (optimised project approval): which
approval steps a future community project goes through (`navigator`, pure, no Django),
the route sheet renderer (`docx`) and, later, permit types and review tasks. Does not own
projects themselves (`projects`) or public notices and consent rolls (`notices`).
"""
