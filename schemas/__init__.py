"""The contract: one Pandera model per dataset, the single source of column names, types and checks."""
from schemas._base import empty_frame, polars_schema
from schemas.articles import Articles
from schemas.documents import Documents
from schemas.events import Events
from schemas.metrics import Metrics
from schemas.quarantine import Quarantine
from schemas.sentences import Sentences

DATASETS = {
    "documents": Documents,
    "articles": Articles,
    "sentences": Sentences,
    "metrics": Metrics,
    "events": Events,
    "quarantine": Quarantine,
}

__all__ = ["DATASETS", "Articles", "Documents", "Events", "Metrics", "Quarantine", "Sentences", "empty_frame", "polars_schema"]
