"""The ancient-city programme (二(二): 9 areas, 18 units) and county-/street-wide pilots and declarations (二(三))."""
