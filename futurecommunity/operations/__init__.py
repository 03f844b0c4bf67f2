"""Running the communities (三(二), 三(三), P3–P5): operators and consortia, how the integrated
operator was chosen (评定分离) and its contract, the works procurement mode, operating plans,
quarterly operating indicators confirmed by the district, the "effective operation" judgement
(W2, ranking), and where the money comes from (funding sources by year, the street's pooled
community fund).

Does not own: the project lifecycle (``projects``; this app registers transition guards there),
monthly investment figures (``reporting`` reconciles them against the sources recorded here).
"""
