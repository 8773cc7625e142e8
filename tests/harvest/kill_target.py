"""Run as a separate process by test_kill.py: harvests a slow 40-item feed until it is killed.
Usage: python kill_target.py DATA_DIR DATABASE_URL FEED_NAME"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from catalogue.config import load_settings
from catalogue.harvest.registry import REGISTRY
from catalogue.runtime import Catalogue
from harvest.feed import FEEDS, Feed, FeedHarvester

ITEMS = 40


class SlowFeed(Feed):
    def step(self, phase: str) -> None:
        if phase == "read":
            time.sleep(0.05)


def fill(feed: Feed) -> None:
    feed.put("f", "Folder", kind="folder")
    for n in range(ITEMS - 1):
        feed.put(f"f/{n:02}.txt", f"File {n}", parent="f", fingerprint="1")


def main(data_dir: str, database_url: str, name: str) -> None:
    FEEDS[name] = SlowFeed(name)
    fill(FEEDS[name])
    REGISTRY.register(FeedHarvester)
    settings = load_settings(
        environ={},
        overrides={"data_dir": data_dir, "database_url": database_url, "secret_key": "test-instance-key"},
    )
    catalogue = Catalogue.open(settings)
    catalogue.harvest_runner(batch_size=5).run(catalogue.sources.get(name))
    print("finished before it was killed", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
