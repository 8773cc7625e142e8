"""The information asset register kept in a spreadsheet: import one (.xlsx or .csv) into the catalogue as
curated values, and export the register as a viewer may see it (round-trippable through the import)."""
