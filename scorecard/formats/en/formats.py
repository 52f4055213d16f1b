"""English formats that differ from Django's: ISO dates, the app's look before Spanish
(Django's defaults are US month-first, 03/01/2027, ambiguous next to Mexico's 01/03/2027)."""

SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
YEAR_MONTH_FORMAT = "Y-m"
