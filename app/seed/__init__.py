"""The seed: documents and the editorial annotations beside them (data only; `app.ingest.seed` loads it)."""

from pathlib import Path

SEED_DIR = Path(__file__).resolve().parent
