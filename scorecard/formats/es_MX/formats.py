"""Spanish (Mexico): Django's es_MX formats (decimal point, comma thousands, dd/mm/yyyy) and,
besides them, the app's abbreviated date with the month in lower case ("3 dic 2026"), as
Mexico writes it: Django's "M" capitalises the month ("3 Dic 2026"); "b" does not."""

ABBREVIATED_DATE_FORMAT = "j b Y"
