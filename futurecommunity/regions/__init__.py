"""Administrative divisions of Shaoxing (NBS 2023 codes): districts, streets, communities.

Owns the urban-community flag used for coverage (G3) and the district boundaries for maps.
Territory is a code prefix: 6 digits district, 9 street, 12 community.
"""
