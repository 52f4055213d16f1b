"""Data stewardship: spreadsheet import/export of reference data, and its freshness.

Layers, in the order data flows:

- :mod:`.files` reads an uploaded CSV or XLSX into plain tables, refusing hostile files
  (wrong type, oversize, too many rows, zip/XML bombs) before any row is looked at;
- :mod:`.resources` says which columns each reference model has and how a cell becomes a
  field value (related objects by natural key);
- :mod:`.validation` checks one table's rows against the database (parse, match, validate,
  classify) and writes nothing;
- :mod:`.importer` previews a file (new / changed / unchanged rows with field diffs) without
  writing, and applies it all or nothing;
- :mod:`.writer` writes the checked rows in short transactions (chunks), each logging how to
  undo it, and undoes them when a later chunk fails;
- :mod:`.tasks` is the background job that applies a file the admin confirmed;
- :mod:`.exporter` writes the same tables back out, neutralising formula-like cells;
- :mod:`.health` selects stale, expiring and missing reference data.
"""
