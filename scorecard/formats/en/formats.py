"""English formats that differ from Django's: ISO short dates, the app's look before Spanish
(Django's defaults are US month-first, 03/01/2027, ambiguous next to Mexico's 01/03/2027);
long dates and months in words, day first ("3 December 2026", "March 2027"), as a client
report writes them and as unambiguous on either side of the border."""

DATE_FORMAT = "j F Y"
YEAR_MONTH_FORMAT = "F Y"

SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"

# Not a Django format name: the app's own, read by ``scorecard.formats.abbreviated_date``.
ABBREVIATED_DATE_FORMAT = "j M Y"
