"""Harvesting: the harvester registry, source secrets and rules, leases, and the runner that merges what
a harvester yields into the store. Harvesters themselves live in the top-level `harvesters` package."""
