"""Run as a separate process by the scheduler tests: the real `catalogue scheduler` command, with the slow
test harvester registered. Settings come from the CATALOGUE_* environment."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from catalogue.cli import main
from catalogue.harvest.registry import REGISTRY
from harvest.slow import SlowHarvester

if __name__ == "__main__":
    REGISTRY.register(SlowHarvester)
    main(["scheduler"])
