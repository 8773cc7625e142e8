"""catalogue: a searchable information asset register with metadata harvesting."""
